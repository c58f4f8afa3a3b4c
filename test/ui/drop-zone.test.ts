// @vitest-environment happy-dom
// The page's way in for image archives: drop or pick a file → `docker load -i NAME` typed into the
// terminal, a progress bar fed by the engine's load-progress events, and a sentence for screen readers.
import '@testing-library/jest-dom/vitest';
import { resolveObjectURL } from 'node:buffer';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import DropZone from '../../src/ui/components/DropZone.svelte';
import { BrowserOutsideFiles } from '../../src/ui/outside-files';
import { FakeTerminal } from '../helpers/fake-terminal';
import { Live } from '../../src/ui/viz/live.svelte';

afterEach(() => cleanup());

async function setup(opts: { pull?: string } = {}) {
  const { engine } = await openHost({ seed: 11, time: GOLDEN_TIME });
  if (opts.pull) await engine.pull(opts.pull);
  const live = new Live(engine);
  const outside = new BrowserOutsideFiles();
  const terminal = new FakeTerminal(engine, outside);
  render(DropZone, { live, terminal, outside });
  return { engine, live, outside, terminal };
}

const junk = (name: string) => new File([new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])], name);
const dropOf = (files: File[]) => ({ dataTransfer: { types: ['Files'], files, dropEffect: 'none' } });

describe('DropZone', () => {
  it('a file dropped anywhere on the page is registered and `docker load -i` is typed with its name quoted', async () => {
    const { outside, terminal } = await setup();
    const file = junk("Bob's image.tar");
    await fireEvent.drop(window, dropOf([file]));

    await waitFor(() => expect(terminal.typed).toHaveLength(1));
    expect(terminal.typed[0]).toEqual({ line: `docker load -i 'Bob'\\''s image.tar'`, cps: 80 });
    // The shell unquotes it back to the name the file was registered under.
    expect((await outside.open("Bob's image.tar"))?.size).toBe(8);
  });

  it('under reduced motion the command is typed at once, not key by key', async () => {
    const { live, terminal } = await setup();
    live.reducedMotion = true;
    await fireEvent.drop(window, dropOf([junk('x.tar')]));
    await waitFor(() => expect(terminal.typed).toHaveLength(1));
    expect(terminal.typed[0]).toEqual({ line: 'docker load -i x.tar', cps: 0 });
  });

  it('shows the drop overlay only while files are dragged over the page', async () => {
    await setup();
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
    // Dragging selected text is not a file: no overlay.
    await fireEvent.dragEnter(window, { dataTransfer: { types: ['text/plain'], files: [] } });
    expect(screen.queryByTestId('drop-overlay')).toBeNull();

    await fireEvent.dragEnter(window, dropOf([]));
    expect(screen.getByTestId('drop-overlay')).toHaveTextContent(
      'Drop an image archive to load it with docker load',
    );
    expect(screen.getByTestId('drop-overlay')).toHaveTextContent('not copied into the host');
    // Crossing from one element into another inside the page keeps it.
    const inside = { clientX: 200, clientY: 200, ...dropOf([]) };
    await fireEvent.dragEnter(document.body, inside);
    await fireEvent.dragLeave(document.body, inside);
    expect(screen.getByTestId('drop-overlay')).toBeInTheDocument();
    await fireEvent.dragLeave(window, inside);
    expect(screen.queryByTestId('drop-overlay')).toBeNull();

    // A drag cancelled without a last dragleave (Esc): the overlay goes once dragover stops coming.
    await fireEvent.dragEnter(window, inside);
    expect(screen.getByTestId('drop-overlay')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('drop-overlay')).toBeNull(), { timeout: 5000 });
  });

  it('the progress bar follows load-progress events and goes when the load command ends', async () => {
    const { engine, terminal } = await setup();
    expect(screen.queryByRole('progressbar')).toBeNull();

    engine.events.emit({ type: 'load-progress', bytes: 250, total: 1000 });
    const bar = await screen.findByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(bar).toHaveAttribute('aria-valuetext', '250 B of 1 kB');
    engine.events.emit({ type: 'load-progress', bytes: 750_000, total: 1_000_000 });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '75'));
    expect(bar).toHaveAttribute('aria-valuetext', '750 kB of 1 MB');
    // Size unknown: no percentage, only what was read.
    engine.events.emit({ type: 'load-progress', bytes: 2_500_000, total: null });
    await waitFor(() => expect(bar).not.toHaveAttribute('aria-valuenow'));
    expect(bar).toHaveAttribute('aria-valuetext', '2.5 MB read');
    expect(screen.getByTestId('load-status')).toHaveTextContent('Loading an archive with docker load…');

    await terminal.type('docker load -i missing.tar');
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    expect(screen.getByTestId('load-status')).toHaveTextContent(
      'Could not load an archive: open missing.tar: no such file or directory',
    );
  });

  it('a broken archive ends with its error in the live region and no new image', async () => {
    const { engine } = await setup({ pull: 'alpine' });
    const images = [...engine.state.images.keys()];
    await fireEvent.change(screen.getByTestId('load-image-file'), { target: { files: [junk('bad.tar')] } });

    const status = screen.getByTestId('load-status');
    await waitFor(() => expect(status).toHaveAttribute('data-phase', 'failed'));
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status.textContent).toMatch(/^Could not load bad\.tar: .+/);
    expect([...engine.state.images.keys()]).toEqual(images);
  });

  it('an image saved as a download loads back from the picked file and is not copied into the home directory', async () => {
    const { engine, outside, terminal } = await setup({ pull: 'alpine' });
    const downloads: string[] = [];
    const onClick = (e: Event) => {
      const a = e.target as HTMLAnchorElement;
      if (a.tagName !== 'A') return;
      downloads.push(a.href);
      e.preventDefault();
    };
    document.addEventListener('click', onClick, true);
    try {
      expect((await terminal.type('docker save -o alpine.tar alpine')).exitCode).toBe(0);
    } finally {
      document.removeEventListener('click', onClick, true);
    }
    expect(downloads).toHaveLength(1);
    const saved = resolveObjectURL(downloads[0]!)!;
    // The copy in the host's home goes, so the load can only read the picked file.
    await terminal.type('rm alpine.tar');
    await terminal.type('docker rmi alpine');
    expect(engine.state.tags.has('alpine:latest')).toBe(false);

    const file = new File([await saved.arrayBuffer()], 'alpine.tar', { type: 'application/x-tar' });
    await fireEvent.change(screen.getByTestId('load-image-file'), { target: { files: [file] } });

    const status = screen.getByTestId('load-status');
    await waitFor(() => expect(status).toHaveAttribute('data-phase', 'done'));
    expect(status).toHaveTextContent('Loaded from alpine.tar: alpine:latest.');
    expect(terminal.typed.at(-1)?.line).toBe('docker load -i alpine.tar');
    expect(engine.state.tags.has('alpine:latest')).toBe(true);
    expect(outside.names()).toEqual(['alpine.tar']);
    // Not copied into the host: the home directory has no alpine.tar.
    expect((await terminal.type('ls alpine.tar')).exitCode).not.toBe(0);
  });

  it('"Load image…" is a keyboard-reachable button that opens the file picker', async () => {
    await setup();
    const button = screen.getByRole('button', { name: 'Load image…' });
    const input = screen.getByTestId('load-image-file') as HTMLInputElement;
    expect(button).not.toHaveAttribute('tabindex');
    button.focus();
    expect(button).toHaveFocus();
    // The input itself stays out of the tab order: the button is the one way in.
    expect(input).toHaveAttribute('tabindex', '-1');
    expect(input).toHaveAccessibleName();
    let opened = 0;
    input.addEventListener('click', (e) => {
      opened += 1;
      e.preventDefault();
    });
    await fireEvent.click(button);
    expect(opened).toBe(1);
  });
});
