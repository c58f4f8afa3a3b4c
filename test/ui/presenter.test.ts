// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import Presenter from '../../src/ui/components/Presenter.svelte';
import { decodeShare } from '../../src/ui/presenter/share';
import { Live } from '../../src/ui/viz/live.svelte';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { FakeTerminal } from '../helpers/fake-terminal';
import { dumpHost } from '../helpers/dump';
import { pulledHost } from '../helpers/walkthrough-host';

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

const SCRIPT = `# Containers get a writable layer.
docker run -d --name web nginx
# a container of nginx: its own layer on top
docker exec -it web bash
touch /hello
exit
docker rm -f web
`;

async function start(engine?: Engine) {
  const host = engine ?? (await pulledHost());
  const live = new Live(host);
  const terminal = new FakeTerminal(host);
  render(Presenter, { live, terminal, engine: host });
  await fireEvent.click(screen.getByRole('button', { name: 'Presenter mode' }));
  return { engine: host, live, terminal, region: screen.getByTestId('presenter') };
}

async function loadScript(text: string) {
  const file = new File([text], 'demo.txt', { type: 'text/plain' });
  await fireEvent.change(screen.getByTestId('presenter-file'), { target: { files: [file] } });
  await counterIs('0 / 5');
}

/** The first command loads the shell's code: give it more than waitFor's default second. */
async function counterIs(text: string) {
  await waitFor(() => expect(screen.getByTestId('presenter-counter')).toHaveTextContent(text), {
    timeout: 10_000,
  });
}

async function press(target: Element, key: string) {
  await fireEvent.keyDown(target, { key });
}

describe('Presenter', () => {
  it('entering sets presenter mode and high contrast, leaving puts the page back', async () => {
    await start();
    expect(document.documentElement.dataset.presenter).toBe('on');
    expect(document.documentElement.dataset.theme).toBe('contrast');
    await fireEvent.click(screen.getByRole('button', { name: 'Leave presenter mode' }));
    expect(document.documentElement.dataset.presenter).toBeUndefined();
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });

  it('keeps a theme the teacher chose', async () => {
    document.documentElement.dataset.theme = 'dark';
    await start();
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('Space types the next step at the chosen pace and shows its caption; → does too', async () => {
    const { terminal, region, engine } = await start();
    await loadScript(SCRIPT);
    expect(screen.getByTestId('presenter-caption')).toHaveTextContent('Containers get a writable layer.');
    await press(region, ' ');
    await counterIs('1 / 5');
    expect(terminal.typed).toEqual([{ line: 'docker run -d --name web nginx', cps: 30 }]);
    expect(engine.state.containers.size).toBe(1);
    expect(screen.getByTestId('presenter-caption')).toHaveTextContent(
      'a container of nginx: its own layer on top',
    );
    expect(document.documentElement.dataset.spotlight).toBe('stack');
    await press(region, 'ArrowRight');
    await counterIs('2 / 5');
    expect(terminal.depth).toBe(2); // the container shell is open
  });

  it('← restores the host as it was before the step and restarts the terminal', async () => {
    const { terminal, region, engine } = await start();
    await loadScript(SCRIPT);
    const before = dumpHost(engine);
    await press(region, ' ');
    await counterIs('1 / 5');
    const afterRun = dumpHost(engine);
    for (const n of [2, 3]) {
      await press(region, ' ');
      await counterIs(`${n} / 5`);
    }
    expect(engine.container('web').upper.entries.has('/hello')).toBe(true);
    // Inside the container shell: back goes to before `docker exec -it`, where the host shell types.
    await press(region, 'ArrowLeft');
    await counterIs('1 / 5');
    expect(terminal.restarts).toEqual(['Back to step 1 of 5.']);
    expect(dumpHost(engine)).toEqual(afterRun);
    expect(terminal.depth).toBe(1);
    await press(region, 'ArrowLeft');
    await counterIs('0 / 5');
    expect(dumpHost(engine)).toEqual(before);
    // and forward again
    await press(region, ' ');
    await counterIs('1 / 5');
    expect(terminal.typed.at(-1)?.line).toBe('docker run -d --name web nginx');
  });

  it('? opens the shortcuts, Esc closes them, a second Esc leaves presenter mode', async () => {
    const { region } = await start();
    await press(region, '?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog).toHaveTextContent('Run the next command');
    expect(dialog).toHaveTextContent('Esc');
    await press(region, 'Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.documentElement.dataset.presenter).toBe('on');
    await press(region, 'Escape');
    expect(document.documentElement.dataset.presenter).toBeUndefined();
  });

  it('keys typed in an input or in the terminal are not taken', async () => {
    const { terminal } = await start();
    await loadScript(SCRIPT);
    const input = document.createElement('input');
    const xterm = document.createElement('div');
    xterm.className = 'xterm';
    const textarea = document.createElement('textarea');
    xterm.append(textarea);
    document.body.append(input, xterm);
    for (const target of [input, textarea]) {
      await press(target, ' ');
      await press(target, 'ArrowRight');
      await press(target, '?');
    }
    expect(terminal.typed).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
    input.remove();
    xterm.remove();
  });

  it('the pace slider sets the typing speed and the animation speed together', async () => {
    const { live, terminal, region } = await start();
    await loadScript(SCRIPT);
    await fireEvent.input(screen.getByTestId('presenter-pace'), { target: { value: '4' } });
    expect(live.speed).toBe(4);
    await press(region, ' ');
    await waitFor(() => expect(terminal.typed).toHaveLength(1));
    expect(terminal.typed[0]?.cps).toBe(240);
  });

  it('a share link opens presenter mode with its script and runs up to its step at once', async () => {
    const engine = await pulledHost();
    const terminal = new FakeTerminal(engine);
    render(Presenter, {
      live: new Live(engine),
      terminal,
      engine,
      share: { script: SCRIPT, seed: 1, time: GOLDEN_TIME, step: 1 },
    });
    await counterIs('1 / 5');
    expect(document.documentElement.dataset.presenter).toBe('on');
    expect(terminal.typed).toEqual([{ line: 'docker run -d --name web nginx', cps: 0 }]);
  });

  it('Copy share link makes a link that decodes to the loaded script', async () => {
    await start();
    await loadScript(SCRIPT);
    await fireEvent.click(screen.getByRole('button', { name: 'Copy share link' }));
    const field = (await screen.findByTestId('presenter-share-link')) as HTMLInputElement;
    const hash = field.value.slice(field.value.indexOf('#'));
    expect(await decodeShare(hash)).toEqual({ script: SCRIPT, seed: 1, time: GOLDEN_TIME });
  });

  it('plays the whole seed walkthrough with Space to the end', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    const { terminal, region } = await start(engine);
    const counter = screen.getByTestId('presenter-counter');
    expect(counter).toHaveTextContent('0 / 22');
    for (let n = 1; n <= 22; n++) {
      await press(region, ' ');
      await waitFor(() => expect(counter).toHaveTextContent(`${n} / 22`));
    }
    expect(terminal.typed.at(-1)?.line).toBe('curl -s http://localhost:8889');
    expect(screen.getByTestId('presenter-caption')).toHaveTextContent('The end of the script.');
    expect(engine.state.tags.has('nginx01:1.0')).toBe(true);
    expect(engine.invariants()).toEqual([]);
    expect(screen.getByTestId('presenter-next')).toBeDisabled();
  }, 30_000);
});
