// @vitest-environment happy-dom
// The lesson panel: the menu with progress, a step with its hint, "show me" typing the step's
// commands, success once the goal check passes (after a real command on the real engine), and
// progress kept across reloads.
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import type { Session } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import { lessonById, solution } from '../../src/lessons';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import LessonPanel from '../../src/ui/components/LessonPanel.svelte';
import { PROGRESS_SETTING } from '../../src/ui/components/lessons/storage';
import type { CommandRecord, TerminalApi } from '../../src/ui/terminal/api';
import { Live } from '../../src/ui/viz/live.svelte';
import { pulledHost } from '../helpers/walkthrough-host';

/** A terminal that records what it is asked to type and lets the test report commands. */
class FakeTerminal implements TerminalApi {
  typed: { line: string; cps?: number }[] = [];
  listeners = new Set<(r: CommandRecord) => void>();
  isBusy = false;
  type(line: string, opts: { cps?: number } = {}): Promise<CommandRecord> {
    this.typed.push({ line, cps: opts.cps });
    return Promise.resolve({ line, output: '', exitCode: 0, shell: 'host', depth: 1 });
  }
  onCommand(fn: (r: CommandRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  busy(): boolean {
    return this.isBusy;
  }
  restart(): void {}
  focus(): void {}
  fire(rec: CommandRecord): void {
    for (const fn of this.listeners) fn(rec);
  }
}

/** Runs a line on the real host shell and returns the record a terminal would report. */
async function ran(session: Session, line: string): Promise<CommandRecord> {
  let output = '';
  const r = await session.run(line, {
    stdin: null,
    out: (t) => (output += t),
    err: (t) => (output += t),
    tty: false,
    columns: 80,
  });
  return { line, output, exitCode: r.code, shell: 'host', depth: 1 };
}

const lives: Live[] = [];
beforeEach(() => localStorage.clear());
afterEach(() => {
  for (const l of lives.splice(0)) l.dispose();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
}

function mount(engine: Engine, terminal = new FakeTerminal()) {
  const live = new Live(engine);
  live.reducedMotion = true;
  lives.push(live);
  const restarts: string[][] = [];
  const view = render(LessonPanel, {
    props: {
      live,
      terminal,
      restart: async (setup: string[]) => {
        restarts.push(setup);
      },
    },
  });
  return { live, terminal, restarts, view };
}

const emptyHost = async () => (await openHost({ seed: 3, time: GOLDEN_TIME })).engine;
const button = (name: string | RegExp) => screen.getByRole('button', { name });
const saved = () => JSON.parse(localStorage.getItem(`layerlab.${PROGRESS_SETTING}`) ?? 'null');

function seedProgress(current: string, done: string[], at: number): void {
  localStorage.setItem(
    `layerlab.${PROGRESS_SETTING}`,
    JSON.stringify({ v: 1, current, lessons: { [current]: { done, at } } }),
  );
}

describe('LessonPanel', () => {
  it('lists the eight lessons with their progress', async () => {
    const { view } = mount(await emptyHost());
    const items = within(view.container.querySelector('ol.menu') as HTMLElement).getAllByRole('button');
    expect(items).toHaveLength(8);
    expect(items[0]).toHaveTextContent('What an image is');
    expect(items[1]).toHaveTextContent('Layered download');
    expect(items[1]).toHaveTextContent('0/4 steps');
    expect(items[6]).toHaveTextContent('Deleting does not shrink an image');
  });

  it('choosing lesson 2 shows its first step; Hint reveals the hint', async () => {
    mount(await emptyHost());
    await fireEvent.click(button(/Layered download/));
    expect(screen.getByRole('heading', { name: 'Layered download' })).toBeInTheDocument();
    expect(screen.getByText('Step 1 of 4')).toBeInTheDocument();
    expect(screen.getByText(/Pull the redis image and watch the download/)).toBeInTheDocument();
    const hint = screen.getByText('docker pull redis');
    expect(hint).not.toBeVisible();
    await fireEvent.click(button('Hint'));
    expect(hint).toBeVisible();
    expect(button('Hide hint')).toHaveAttribute('aria-expanded', 'true');
    expect(button('Next step')).toBeDisabled();
  });

  it('a real docker pull reported by the terminal passes step 1: success is shown, announced, Next enabled', async () => {
    const engine = await emptyHost();
    const { terminal } = mount(engine);
    await fireEvent.click(button(/Layered download/));
    const status = screen.getByRole('status');
    expect(status).toBeEmptyDOMElement();
    terminal.fire(await ran(hostSession(engine), 'docker pull redis'));
    await settle();
    expect(status).toHaveTextContent(/Each layer was downloaded, checked and unpacked/);
    expect(button('Next step')).toBeEnabled();
    await fireEvent.click(button('Next step'));
    expect(screen.getByText('Step 2 of 4')).toBeInTheDocument();
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });

  it('a check about the last command passes only on the right command (inspect redis, not nginx)', async () => {
    seedProgress('layers', ['pull-redis', 'pull-nginx'], 2);
    const engine = await pulledHost();
    const { terminal } = mount(engine);
    await settle();
    expect(screen.getByText('Step 3 of 4')).toBeInTheDocument();
    const session = hostSession(engine);
    terminal.fire(await ran(session, 'docker inspect nginx'));
    await settle();
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(button('Next step')).toBeDisabled();
    terminal.fire(await ran(session, 'docker inspect redis'));
    await settle();
    expect(screen.getByRole('status')).toHaveTextContent(/"RootFS" lists the layers/);
    expect(button('Next step')).toBeEnabled();
  });

  it('Show me types the step’s commands in order at a readable pace', async () => {
    seedProgress('container-layer', ['run', 'exec'], 2);
    const { terminal } = mount(await emptyHost());
    await settle();
    await fireEvent.click(button('Show me'));
    await settle();
    const want = solution('container-layer')[2]!;
    expect(want).toEqual(['cd /usr/share/nginx/html', 'ls']);
    expect(terminal.typed).toEqual(want.map((line) => ({ line, cps: 12 })));
  });

  it('Show me is disabled while the terminal is busy', async () => {
    seedProgress('layers', [], 0);
    const terminal = new FakeTerminal();
    terminal.isBusy = true;
    mount(await emptyHost(), terminal);
    await settle();
    expect(button('Show me')).toBeDisabled();
  });

  it('progress survives a reload: the menu shows the done step and the lesson reopens where it was', async () => {
    const engine = await emptyHost();
    const first = mount(engine);
    await fireEvent.click(button(/Layered download/));
    first.terminal.fire(await ran(hostSession(engine), 'docker pull redis'));
    await settle();
    expect(saved().lessons.layers.done).toEqual(['pull-redis']);
    first.view.unmount();

    mount(engine);
    await settle();
    expect(screen.getByRole('heading', { name: 'Layered download' })).toBeInTheDocument();
    expect(screen.getByText('1/4 steps')).toBeInTheDocument();
    await fireEvent.click(button(/All lessons/));
    expect(button(/Layered download/)).toHaveTextContent('1/4 steps');
  });

  it('Restart lesson asks the page to set up the lesson and starts it over', async () => {
    seedProgress('commit', ['commit', 'images'], 2);
    const { restarts } = mount(await emptyHost());
    await settle();
    expect(screen.getByText('Step 3 of 6')).toBeInTheDocument();
    await fireEvent.click(button('Restart lesson'));
    await settle();
    expect(restarts).toEqual([[...lessonById('commit')!.setup]]);
    expect(screen.getByText('Step 1 of 6')).toBeInTheDocument();
    expect(saved().lessons.commit).toEqual({ done: [], at: 0 });
  });
});
