// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { fireEvent, render, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/events';
import { textContent } from '../../src/engine/fs/content';
import StackView from '../../src/ui/components/StackView.svelte';
import { humanBytes } from '../../src/ui/viz/format';
import { CUE_LIMIT, Live } from '../../src/ui/viz/live.svelte';
import { shortId } from '../../src/ui/viz/model';
import { shortInstruction } from '../../src/ui/viz/narrator';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { HTML, editedHost, pulledHost } from '../helpers/walkthrough-host';

// The view loads its animator with the first cue; loading it here first keeps that load quick.
beforeAll(async () => {
  await import('../../src/ui/components/stack/animator');
});

const lives: Live[] = [];
afterEach(() => {
  for (const l of lives.splice(0)) l.dispose();
});

function mount(engine: Engine, setup?: (live: Live) => void) {
  const live = new Live(engine);
  lives.push(live);
  live.reducedMotion = true;
  setup?.(live);
  const view = render(StackView, { props: { live } });
  return { live, view, overlay: view.getByTestId('overlay') };
}

/** Lets the Live hand over (a microtask) and Svelte redraw. */
async function settle(): Promise<void> {
  const turn = async () => {
    for (let i = 0; i < 3; i++) {
      await Promise.resolve();
      await tick();
    }
  };
  await turn();
  await new Promise((r) => setTimeout(r, 20)); // the animator's code loads with the first cue
  await turn();
}

const bandOf = (container: HTMLElement, index: number) =>
  container.querySelector<HTMLButtonElement>(`[data-band-index="${index}"]`)!;

const activeChips = (overlay: HTMLElement) => [
  ...overlay.querySelectorAll<HTMLElement>('[data-chip][data-active]'),
];

describe('the stack view', () => {
  it('draws the host kernel under every stack, with the version uname -r prints', async () => {
    const engine = await pulledHost();
    const { view } = mount(engine);
    const kernel = view.getByTestId('kernel');
    expect(kernel).toHaveTextContent('Host kernel (bootfs)');
    expect(kernel).toHaveTextContent(engine.settings.kernel);
    expect(kernel).toHaveTextContent('bootloader + kernel');
    // The kernel is the bottom band, and it is not a layer one can pick.
    const items = view.container.querySelectorAll('ol.bands > li');
    expect(items[items.length - 1]).toContainElement(kernel);
    expect(kernel.tagName).not.toBe('BUTTON');
  });

  it("shows nginx's layers bottom first with badges, instructions and short diffIDs; the base shared with redis", async () => {
    const engine = await pulledHost();
    const nginx = engine.image('nginx');
    const { view } = mount(engine, (live) => live.setFocus({ kind: 'image', id: nginx.id }));
    expect(view.getByTestId('focus')).toHaveTextContent('image nginx:latest');
    const bands = [...view.container.querySelectorAll<HTMLElement>('[data-band-kind]')];
    // Drawn top first: the image's last layer at the top, the kernel at the bottom.
    expect(bands.map((b) => b.dataset.bandIndex ?? 'kernel')).toEqual([
      ...nginx.diffIds.map((_, i) => String(nginx.diffIds.length - 1 - i)),
      'kernel',
    ]);
    const made = nginx.config.history.filter((h) => !h.empty_layer).map((h) => h.created_by ?? '');
    nginx.diffIds.forEach((diffId, i) => {
      const band = bandOf(view.container, i);
      const w = within(band);
      expect(w.getByTestId('badge')).toHaveTextContent(`L${i + 1}`);
      expect(w.getByTestId('diff-id')).toHaveTextContent(shortId(diffId));
      expect(shortId(diffId)).toMatch(/^[0-9a-f]{12}$/);
      const how = shortInstruction(made[i] ?? '');
      if (how) expect(band).toHaveTextContent(how);
      expect(band).toHaveTextContent('read-only');
    });
    expect(bandOf(view.container, 0)).toHaveTextContent('rootfs');
    expect(bandOf(view.container, 1)).not.toHaveTextContent('rootfs');
    expect(within(bandOf(view.container, 0)).getByTestId('shared')).toHaveTextContent('shared by 2 images');
    expect(within(bandOf(view.container, 1)).queryByTestId('shared')).toBeNull();
  });

  it('shows an image with no init or writable band', async () => {
    const engine = await pulledHost();
    const redis = engine.image('redis');
    const { view } = mount(engine, (live) => live.setFocus({ kind: 'image', id: redis.id }));
    expect(view.container.querySelector('[data-band-kind="init"]')).toBeNull();
    expect(view.container.querySelector('[data-band-kind="upper"]')).toBeNull();
    expect(view.container.querySelectorAll('[data-band-kind="image"]')).toHaveLength(redis.diffIds.length);
  });

  it('shows a container with its init and writable bands on top, and its name, image and status', async () => {
    const engine = await editedHost();
    const { view } = mount(engine);
    expect(view.getByTestId('focus')).toHaveTextContent('container web (image nginx)');
    expect(view.getByTestId('focus')).toHaveTextContent('running');
    const kinds = [...view.container.querySelectorAll<HTMLElement>('[data-band-kind]')].map(
      (b) => b.dataset.bandKind,
    );
    expect(kinds.slice(0, 2)).toEqual(['upper', 'init']);
    expect(view.container.querySelector('[data-band-kind="init"]')).toHaveTextContent('Init layer');
    const upper = view.container.querySelector<HTMLElement>('[data-band-kind="upper"]')!;
    expect(upper).toHaveTextContent('Container layer');
    expect(upper).toHaveTextContent('read-write');
  });

  it("grows the writable band's size and entry count as the container writes", async () => {
    const engine = await editedHost();
    const { view } = mount(engine);
    const upper = () => view.container.querySelector<HTMLElement>('[data-band-kind="upper"]')!;
    const sizeBefore = within(upper()).getByTestId('upper-size').textContent;
    const entriesBefore = within(upper()).getByTestId('upper-entries').textContent;
    const ctr = engine.container('web');
    await engine.changeFs('web', (u) =>
      u.writeFile('/big.bin', textContent('x'.repeat(50_000)), { mtime: GOLDEN_TIME }),
    );
    await settle();
    expect(within(upper()).getByTestId('upper-size')).toHaveTextContent(humanBytes(ctr.upper.size));
    expect(within(upper()).getByTestId('upper-size').textContent).not.toBe(sizeBefore);
    expect(within(upper()).getByTestId('upper-entries')).toHaveTextContent(
      `${ctr.upper.entries.size} entries`,
    );
    expect(within(upper()).getByTestId('upper-entries').textContent).not.toBe(entriesBefore);
  });

  it("picks a band to show that layer's own changes (pressed), and goes back to the combined view", async () => {
    const engine = await editedHost();
    const { view, live } = mount(engine);
    const band = bandOf(view.container, 1);
    expect(band).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(band);
    expect(live.layerMode).toBe(1);
    expect(band).toHaveAttribute('aria-pressed', 'true');
    expect(band).toHaveTextContent('its own changes shown');
    await fireEvent.click(band);
    expect(live.layerMode).toBeNull();
    expect(band).toHaveAttribute('aria-pressed', 'false');
  });
});

describe('the stack view animations', () => {
  it('flies a copied-up file with its bytes into the writable band, which pulses', async () => {
    const engine = await editedHost();
    const { overlay } = mount(engine);
    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    await engine.changeFs('web', (u) =>
      u.writeFile('/etc/nginx/nginx.conf', textContent('# mine\n'), { mtime: GOLDEN_TIME, append: true }),
    );
    await settle();
    const copy = events.find(
      (e) => e.type === 'fs' && e.change.type === 'copy-up' && e.change.path.endsWith('nginx.conf'),
    );
    expect(copy?.type === 'fs' && copy.change.type === 'copy-up').toBe(true);
    const bytes = copy?.type === 'fs' && copy.change.type === 'copy-up' ? copy.change.bytes : -1;
    const chip = activeChips(overlay).find(
      (c) => c.dataset.kind === 'copy-up' && c.textContent?.includes('nginx.conf'),
    );
    expect(chip).toBeDefined();
    expect(chip).toHaveTextContent(humanBytes(bytes));
    // The parents copied up first come first; the file's write joins its copy-up (one chip per file).
    expect(activeChips(overlay).filter((c) => c.textContent?.includes('nginx.conf'))).toHaveLength(1);
    const first = activeChips(overlay)[0]!;
    expect(first.style.opacity).toBe('1');
    expect(overlay.querySelector('[data-flash="upper"]')).not.toBeNull();
  });

  it('draws a deletion as a crossed-out chip in the writable band', async () => {
    const engine = await editedHost();
    const { overlay } = mount(engine);
    await engine.changeFs('web', (u) => u.unlink(`${HTML}/index.html.bak`));
    await engine.changeFs('web', (u) => u.unlink('/etc/nginx/mime.types'));
    await settle();
    const chip = activeChips(overlay).find((c) => c.dataset.kind === 'whiteout');
    expect(chip).toHaveTextContent('✕');
    expect(chip).toHaveTextContent('mime.types');
    expect(chip).toHaveClass('struck');
  });

  it('animates 500 writes as at most CUE_LIMIT chips and one "+N more" chip', async () => {
    const engine = await editedHost();
    const { overlay } = mount(engine);
    await engine.changeFs('web', (u) => {
      for (let i = 0; i < 500; i++)
        u.writeFile(`/tmp/f${i}.txt`, textContent(`file ${i}\n`), { mtime: GOLDEN_TIME });
    });
    await settle();
    const chips = activeChips(overlay);
    const more = chips.filter((c) => c.dataset.kind === 'more');
    expect(more).toHaveLength(1);
    expect(chips.length - 1).toBeLessThanOrEqual(CUE_LIMIT);
    expect(chips.length - 1).toBe(CUE_LIMIT);
    const count = Number(/\+(\d+) more/.exec(more[0]!.textContent ?? '')?.[1]);
    // Every change not shown one by one is in the sum: 500 files and /tmp's copy-up, one cue each.
    expect(count).toBe(500 + 1 - CUE_LIMIT);
    expect(overlay.querySelectorAll('[data-chip]').length).toBeLessThanOrEqual(CUE_LIMIT + 1);
  });

  it('does not animate what happened before it was shown, nor changes in a container not in focus', async () => {
    const engine = await editedHost();
    await engine.run({ image: 'redis', name: 'cache' });
    const due: (() => void)[] = [];
    const live = new Live(engine, { schedule: (fn) => due.push(fn) });
    lives.push(live);
    live.reducedMotion = true;
    await engine.changeFs('web', (u) => u.writeFile('/before.txt', textContent('x'), { mtime: GOLDEN_TIME }));
    const view = render(StackView, { props: { live } });
    const overlay = view.getByTestId('overlay');
    const handOver = async () => {
      for (const fn of due.splice(0)) fn();
      await settle();
    };
    await handOver();
    expect(activeChips(overlay)).toHaveLength(0);
    // web writes, then cache does: by the hand-over the focus is cache, so web's change is not drawn.
    await engine.changeFs('web', (u) => u.writeFile('/web.txt', textContent('x'), { mtime: GOLDEN_TIME }));
    await engine.changeFs('cache', (u) =>
      u.writeFile('/cache.txt', textContent('x'), { mtime: GOLDEN_TIME }),
    );
    await handOver();
    expect(view.getByTestId('focus')).toHaveTextContent('container cache');
    const names = activeChips(overlay).map((c) => c.textContent ?? '');
    expect(names.some((n) => n.includes('cache.txt'))).toBe(true);
    expect(names.some((n) => n.includes('web.txt') || n.includes('before.txt'))).toBe(false);
  });

  it('freezes the writable layer on commit and labels the new read-only layer with the new image', async () => {
    const engine = await editedHost();
    const { overlay } = mount(engine);
    await engine.commit({ container: 'web', reference: 'mine:1' });
    await settle();
    expect(overlay.querySelector('[data-flash="upper"]')).toHaveAttribute('data-text', 'frozen');
    const ghost = overlay.querySelector('[data-ghost]');
    const layers = engine.image('mine:1').diffIds.length;
    expect(ghost).toHaveTextContent(`L${layers}`);
    expect(ghost).toHaveTextContent('mine:1');
  });

  it('lights up the band of the layer that served a request', async () => {
    const engine = await editedHost();
    const { overlay, view } = mount(engine);
    await engine.http(8888, '/index.html');
    await settle();
    const upper = view.container.querySelector<HTMLElement>('[data-band-kind="upper"]')!;
    const flash = [...overlay.querySelectorAll<HTMLElement>('[data-flash]')].find((f) =>
      f.dataset.text?.includes('index.html'),
    );
    // index.html was replaced in the container: the writable layer served it.
    expect(flash?.dataset.flash).toBe(upper.dataset.bandIndex);
    expect(flash).toHaveTextContent('served index.html');
    expect(flash!.hidden).toBe(false);
  });

  it('slides an empty writable layer onto the stack when a container is made', async () => {
    const engine = await pulledHost();
    const { view, live } = mount(engine);
    live.reducedMotion = false;
    live.speed = 0.25; // a slow slide, still near its start when looked at
    await engine.run({ image: 'redis', name: 'cache' });
    await settle();
    const upper = view.container.querySelector<HTMLElement>('[data-band-kind="upper"]')!;
    expect(view.getByTestId('focus')).toHaveTextContent('container cache');
    // It comes in from above, faded: still mostly transparent and above its place.
    expect(Number(upper.style.opacity)).toBeLessThan(0.5);
    const dy = Number(/translate\(0px, (-?[\d.]+)px\)/.exec(upper.style.transform)?.[1]);
    expect(dy).toBeLessThan(-24);
  });
});

describe('the stack view during a pull', () => {
  it('shows the shared base layer as "Already exists", linked not copied, when nginx is pulled after redis', async () => {
    const { engine } = await openHost({ seed: 7, time: GOLDEN_TIME });
    await engine.pull('redis');
    const { view, live } = mount(engine);
    await settle();
    expect(view.queryByTestId('pull')).toBeNull();
    const statuses: string[] = [];
    engine.on((e) => {
      if (e.type === 'pull-progress') statuses.push(e.status);
    });
    await engine.pull('nginx');
    await settle();
    expect(statuses).toContain('Already exists');
    const pull = view.getByTestId('pull');
    expect(pull).toHaveTextContent('Pulled nginx');
    const nginx = engine.image('nginx');
    const rows = [...pull.querySelectorAll<HTMLElement>('[data-pull-id]')];
    expect(rows).toHaveLength(nginx.diffIds.length);
    // Top first, as the stack: the base layer is the last row.
    const base = rows.at(-1)!;
    expect(within(base).getByTestId('pull-status')).toHaveTextContent('Already exists');
    expect(base).toHaveTextContent('shared, not copied');
    for (const row of rows.slice(0, -1)) {
      expect(within(row).getByTestId('pull-status')).toHaveTextContent('Pull complete');
      expect(row).not.toHaveTextContent('shared, not copied');
    }
    // After the pull, the view shows the pulled image's stack.
    expect(live.focus).toEqual({ kind: 'image', id: nginx.id });
    expect(view.getByTestId('focus')).toHaveTextContent('image nginx:latest');
    await fireEvent.click(view.getByRole('button', { name: 'Hide' }));
    expect(view.queryByTestId('pull')).toBeNull();
  });

  it('shows a layer downloading with its progress bar, and the layers still waiting', async () => {
    const engine = await pulledHost();
    const { view, live } = mount(engine);
    live.pull = {
      ref: 'demo:latest',
      done: false,
      layers: [
        {
          id: 'aaaaaaaaaaaa',
          diffId: 'sha256:a',
          size: 2000,
          exists: true,
          status: 'Already exists',
          current: 0,
          total: 900,
        },
        {
          id: 'bbbbbbbbbbbb',
          diffId: 'sha256:b',
          size: 4000,
          exists: false,
          status: 'Downloading',
          current: 500,
          total: 2000,
        },
        {
          id: 'cccccccccccc',
          diffId: 'sha256:c',
          size: 100,
          exists: false,
          status: 'Waiting',
          current: 0,
          total: 80,
        },
      ],
    };
    await settle();
    const pull = view.getByTestId('pull');
    expect(pull).toHaveTextContent('Pulling demo:latest');
    const row = (id: string) => pull.querySelector<HTMLElement>(`[data-pull-id="${id}"]`)!;
    expect(within(row('bbbbbbbbbbbb')).getByTestId('pull-status')).toHaveTextContent('Downloading');
    const bar = within(row('bbbbbbbbbbbb')).getByRole('progressbar');
    expect(bar).toHaveAttribute('aria-valuenow', '500');
    expect(bar).toHaveAttribute('aria-valuemax', '2000');
    expect(row('bbbbbbbbbbbb')).toHaveTextContent('500 B of 2 kB');
    expect(within(row('cccccccccccc')).getByTestId('pull-status')).toHaveTextContent('Waiting');
    expect(within(row('aaaaaaaaaaaa')).getByTestId('pull-status')).toHaveTextContent('Already exists');
    // No hiding a pull still under way.
    expect(view.queryByRole('button', { name: 'Hide' })).toBeNull();
    live.pull.layers[1]!.status = 'Extracting';
    live.pull.layers[1]!.current = 1000;
    await settle();
    expect(within(row('bbbbbbbbbbbb')).getByTestId('pull-status')).toHaveTextContent('Extracting');
  });
});
