import { describe, expect, it } from 'vitest';
import { textContent } from '../../src/engine/fs/content';
import { humanBytes } from '../../src/ui/viz/format';
import { Live } from '../../src/ui/viz/live.svelte';
import { shortInstruction } from '../../src/ui/viz/narrator';
import { HTML, editedHost, pulledHost } from '../helpers/walkthrough-host';

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

describe('the live state of the pictures', () => {
  it('focuses a container as soon as it is created and cues its empty writable layer', async () => {
    const engine = await pulledHost();
    const live = new Live(engine);
    expect(live.focus?.kind).toBe('image');
    const { container } = await engine.run({ image: 'nginx', name: 'web' });
    await settle();
    expect(live.focus).toEqual({ kind: 'container', id: container.id });
    expect(live.cuesSince(0).map((c) => c.kind)).toContain('upper-new');
    expect(live.lines.join('\n')).toContain('Container web created: an empty writable layer on top of nginx');
  });

  it('says where a copied-up file came from, with the instruction of its layer and its size', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    const ctr = engine.container('web');
    const before = ctr.upper.lower.lookup('/etc/nginx/nginx.conf')!;
    await engine.changeFs('web', (u) => u.chmod('/etc/nginx/nginx.conf', 0o600));
    await settle();
    const cue = live.cuesSince(0).find((c) => c.kind === 'copy-up')!;
    expect(cue).toMatchObject({ path: '/etc/nginx/nginx.conf', layer: before.layer, containerId: ctr.id });
    const img = engine.image('nginx');
    const made = img.config.history.filter((h) => !h.empty_layer)[before.layer]!.created_by!;
    const line = live.lines.find((l) => l.startsWith('/etc/nginx/nginx.conf copied up'))!;
    expect(line).toBe(
      `/etc/nginx/nginx.conf copied up from layer ${before.layer + 1} (${shortInstruction(made)}) into the container layer, ${humanBytes(cue.bytes!)}`,
    );
  });

  it('names the layer a deleted file is hidden in', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    await engine.changeFs('web', (u) => u.unlink('/etc/nginx/mime.types'));
    await settle();
    expect(live.lines.at(-1)).toMatch(
      /^\/etc\/nginx\/mime\.types deleted: a whiteout in the container layer hides it in layer \d+/,
    );
  });

  it('says the first few of 500 changes one by one, then one line for the rest, in one hand-over', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    const before = live.version;
    await engine.changeFs('web', (u) => {
      for (let i = 0; i < 500; i++) u.writeFile(`/tmp/f${i}`, textContent(`${i}\n`), { mtime: 1 });
    });
    await settle();
    expect(live.version).toBe(before + 1);
    // /tmp's directory entry is copied up first, then the files: one sentence for create + write.
    expect(live.lines[0]).toMatch(
      /^\/tmp copied up from layer 1 .*\(the directory entry only, not its contents\)$/,
    );
    expect(live.lines.slice(1, 5)).toEqual(
      [0, 1, 2, 3].map((i) => `/tmp/f${i} created in the container layer, ${i < 10 ? 2 : 3} B`),
    );
    expect(live.lines.at(-1)).toBe('…and 496 more changes in web');
    expect(live.lines).toHaveLength(6);
    // One cue per file (its write joined to its creation) plus /tmp's copy-up.
    expect(live.cuesSince(0)).toHaveLength(501);
  });

  it('selects the served file and cues the layer it came from when a page is requested', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    await engine.http(8888, '/');
    await settle();
    const cue = live.cuesSince(0).find((c) => c.kind === 'http')!;
    expect(cue.path).toBe(`${HTML}/index.html`);
    expect(cue.layer).toBe(engine.container('web').upper.index);
    expect(live.selected).toBe(`${HTML}/index.html`);
    expect(live.lines.at(-1)).toBe(`GET ${HTML}/index.html: 200, served from container layer`);
  });

  it('falls back to another stack when the focused container is removed', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    expect(live.focus?.kind).toBe('container');
    await engine.rm('web', true);
    await settle();
    expect(live.focus?.kind).toBe('image');
  });

  it('makes animations instant under reduced motion and scales them by the speed setting', async () => {
    const live = new Live(await pulledHost());
    live.speed = 2;
    expect(live.duration(600)).toBe(300);
    live.reducedMotion = true;
    expect(live.duration(600)).toBe(0);
  });
});

describe('sizes', () => {
  it('prints decimal units with three significant digits', () => {
    expect(humanBytes(615)).toBe('615 B');
    expect(humanBytes(1234)).toBe('1.23 kB');
    expect(humanBytes(100_000)).toBe('100 kB');
    expect(humanBytes(74_800_000)).toBe('74.8 MB');
    expect(humanBytes(2_000_000)).toBe('2 MB');
  });
});
