// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import ImageExplorer from '../../src/ui/components/explorer/ImageExplorer.svelte';
import type { Engine } from '../../src/engine/engine';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { Live } from '../../src/ui/viz/live.svelte';
import { FakeTerminal } from '../helpers/fake-terminal';

/** busybox; a commit adding /data and a text file; a commit deleting /data and rewriting the file as markup. */
async function host(): Promise<{ engine: Engine; term: FakeTerminal }> {
  const { engine } = await openHost({ seed: 11, time: GOLDEN_TIME });
  const term = new FakeTerminal(engine);
  for (const line of [
    'docker pull busybox',
    'docker run --name c1 busybox sh -c "mkdir /data; echo one > /data/x; echo v1 > /etc/note.txt"',
    'docker commit c1 step1',
    `docker run --name c2 step1 sh -c "rm -rf /data; echo '<b id=injected>bold</b>' > /etc/note.txt"`,
    'docker commit c2 step2',
  ]) {
    const rec = await term.type(line);
    expect(rec.exitCode, rec.output).toBe(0);
  }
  return { engine, term };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await tick();
}

async function opened(ref = 'step2') {
  const { engine, term } = await host();
  const live = new Live(engine);
  live.setFocus({ kind: 'image', id: engine.image(ref).id });
  const r = render(ImageExplorer, { live });
  await settle();
  return { engine, term, live, ...r };
}

describe('the ImageExplorer component', () => {
  it('explores the focused image: its layers with instructions, the top layer chosen, A/M/R marks', async () => {
    const { engine, container } = await opened();
    expect(screen.getByTestId('explorer-image')).toHaveValue(engine.image('step2').id);
    const layers = container.querySelectorAll('button[data-layer]');
    expect(layers).toHaveLength(3);
    expect(layers[0]).toHaveTextContent(/ADD busybox/);
    expect(layers[2]).toHaveAttribute('aria-pressed', 'true');
    expect(layers[2]).toHaveAccessibleName(/^Layer 3: sh -c rm -rf \/data/);
    const rows = container.querySelectorAll('li[data-mark]');
    const marks = Object.fromEntries(
      [...rows].map((r) => [r.getAttribute('data-path'), r.getAttribute('data-mark')]),
    );
    expect(marks).toEqual({ '/data': 'R', '/etc/note.txt': 'M' });
    // Each mark is said in words too, not only by a letter and a colour.
    expect(within(rows[0] as HTMLElement).getByText('Removed')).toBeInTheDocument();
    expect(screen.getByText('0 added, 1 modified, 1 removed')).toBeInTheDocument();
    await fireEvent.click(layers[1]!);
    await settle();
    const added = [...container.querySelectorAll('li[data-mark]')].map((r) => r.getAttribute('data-mark'));
    expect(new Set(added)).toEqual(new Set(['A']));
  });

  it('opens a modified file as a line diff against the version below, drawing its markup as text', async () => {
    const { container } = await opened();
    await fireEvent.click(
      screen.getByRole('button', { name: 'Diff /etc/note.txt with the version below it' }),
    );
    await settle();
    const diff = screen.getByTestId('explorer-diff');
    expect(within(diff).getByText('Before: step2:latest, layer 2')).toBeInTheDocument();
    expect(within(diff).getByText('After: step2:latest, layer 3')).toBeInTheDocument();
    const pre = screen.getByTestId('explorer-diff-text');
    expect(pre.textContent).toBe('- v1\n+ <b id=injected>bold</b>\n');
    expect(container.querySelector('#injected')).toBeNull();
    expect(within(diff).getByText('Lines: 1 added, 1 removed')).toBeInTheDocument();
    await fireEvent.click(within(diff).getByRole('button', { name: 'Close the diff' }));
    expect(screen.queryByTestId('explorer-diff')).toBeNull();
  });

  it('shows the combined view up to a layer, and the efficiency with dive’s score beside it', async () => {
    const { engine } = await opened();
    await fireEvent.click(screen.getByRole('button', { name: /^Layer 2:/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Combined view up to layer 2' }));
    await settle();
    await fireEvent.click(screen.getByRole('button', { name: 'Open /data' }));
    await settle();
    expect(screen.getByTestId('explorer-dir')).toHaveTextContent('/data');
    expect(screen.getByText('x')).toBeInTheDocument();
    // Wasted: /data/x (4 B) removed, the 3-byte first note.txt replaced.
    const wasted = screen.getByTestId('explorer-wasted');
    expect(within(wasted).getByText('/data/x')).toBeInTheDocument();
    expect(within(wasted).getByText('/etc/note.txt')).toBeInTheDocument();
    const base = engine.state.layers.get(engine.chainIdsOf(engine.image('busybox').diffIds)[0]!)!.size;
    const stored = base + 7 + 24;
    expect(screen.getByTestId('explorer-score')).toHaveTextContent(
      `${(Math.floor((1 - 7 / stored) * 1000) / 10).toFixed(1)} %`,
    );
    const dive = screen.getByTestId('explorer-dive');
    expect(dive).toHaveTextContent(/^dive: \d+\.\d %$/);
    expect(dive).toHaveAttribute('aria-expanded', 'false');
    await fireEvent.click(dive);
    expect(dive).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText(/dive's potential wasted space/)).toBeVisible();
    // The largest file first, with the layer that supplies it.
    const rows = within(screen.getByTestId('explorer-largest')).getAllByRole('row');
    expect(rows.length).toBeLessThanOrEqual(21);
    expect([...rows[1]!.querySelectorAll('td')].map((c) => c.textContent)).toEqual([
      '/bin/busybox',
      '1.98 MB',
      '1',
    ]);
  });

  it('compares two images: the shared base, what only A has, what changed, and a diff of A against B', async () => {
    const { engine } = await opened();
    await fireEvent.click(screen.getByRole('button', { name: 'Compare two images' }));
    await settle();
    // The explored image against its parent.
    expect(screen.getByTestId('compare-a')).toHaveValue(engine.image('step2').id);
    expect(screen.getByTestId('compare-b')).toHaveValue(engine.image('step1').id);
    await fireEvent.change(screen.getByTestId('compare-a'), { target: { value: engine.image('step1').id } });
    await fireEvent.change(screen.getByTestId('compare-b'), { target: { value: engine.image('step2').id } });
    await settle();
    expect(screen.getByTestId('compare-shared')).toHaveTextContent(/^2 shared layers/);
    expect(screen.getByTestId('compare-only-a')).toHaveTextContent('Only in A: 1 (4 B)');
    expect(screen.getByTestId('compare-only-a')).toHaveTextContent('/data/');
    expect(screen.queryByTestId('compare-only-b')).toBeNull();
    expect(screen.getByTestId('compare-changed')).toHaveTextContent('Changed: 1');
    await fireEvent.click(screen.getByRole('button', { name: 'Diff /etc/note.txt in image A and image B' }));
    await settle();
    expect(screen.getByTestId('explorer-diff-text').textContent).toBe('- v1\n+ <b id=injected>bold</b>\n');
  });

  it('follows the focused image until the learner picks one, and lists an image committed later', async () => {
    const { engine, term, live } = await opened();
    live.setFocus({ kind: 'image', id: engine.image('step1').id });
    await settle();
    expect(screen.getByTestId('explorer-image')).toHaveValue(engine.image('step1').id);
    expect(screen.getAllByRole('button', { name: /^Layer \d/ })).toHaveLength(2);
    await fireEvent.change(screen.getByTestId('explorer-image'), {
      target: { value: engine.image('busybox').id },
    });
    await settle();
    expect(screen.getAllByRole('button', { name: /^Layer \d/ })).toHaveLength(1);
    for (const line of ['docker run --name c3 busybox sh -c "echo hi > /hi"', 'docker commit c3 step3'])
      expect((await term.type(line)).exitCode).toBe(0);
    await settle();
    const names = [...(screen.getByTestId('explorer-image') as HTMLSelectElement).options].map((o) => o.text);
    expect(names).toContain('step3:latest');
    // The run moved the focus to container c3; the learner's pick stays.
    expect(live.focus?.kind).toBe('container');
    expect(screen.getByTestId('explorer-image')).toHaveValue(engine.image('busybox').id);
  });

  it('says what to do when the host has no images', async () => {
    const { engine } = await openHost({ seed: 2, time: GOLDEN_TIME });
    render(ImageExplorer, { live: new Live(engine) });
    await settle();
    expect(screen.getByText(/No images yet/)).toBeInTheDocument();
  });
});
