import { describe, expect, it } from 'vitest';
import { textContent } from '../../src/engine/fs/content';
import { graphModel } from '../../src/ui/viz/graph';
import { defaultFocus, layerChildren, provenance, stackModel, unionChildren } from '../../src/ui/viz/model';
import { HTML, committedHost, editedHost, pulledHost } from '../helpers/walkthrough-host';

describe('the stack model', () => {
  it('shows a container as its image layers with their instructions, then the init and writable layers', async () => {
    const engine = await editedHost();
    const focus = defaultFocus(engine);
    expect(focus?.kind).toBe('container');
    const stack = stackModel(engine, focus)!;
    const nginx = engine.image('nginx');
    expect(stack.name).toBe('web');
    expect(stack.kernel).toBe(engine.settings.kernel);
    expect(stack.layers.map((l) => l.kind)).toEqual([...nginx.diffIds.map(() => 'image'), 'init', 'upper']);
    expect(stack.layers.slice(0, -2).map((l) => l.diffId)).toEqual(nginx.diffIds);
    const made = nginx.config.history.filter((h) => !h.empty_layer).map((h) => h.created_by);
    expect(stack.layers.slice(0, -2).map((l) => l.instruction)).toEqual(made);
    expect(stack.layers[0]!.instruction).toContain('debian');
    // The Debian base is shared by nginx and redis; nginx's own layers are not.
    expect(stack.layers[0]!.sharedBy).toBe(2);
    expect(stack.layers[1]!.sharedBy).toBe(1);
    const upper = stack.layers.at(-1)!;
    expect(upper.index).toBe(stack.view.depth - 1);
    expect(upper.size).toBeGreaterThan(0);
  });

  it('shows an image alone, with no init or writable layer', async () => {
    const engine = await pulledHost();
    const redis = engine.image('redis');
    const stack = stackModel(engine, { kind: 'image', id: redis.id })!;
    expect(stack.layers.every((l) => l.kind === 'image')).toBe(true);
    expect(stack.layers).toHaveLength(redis.diffIds.length);
    expect(stack.name).toBe('redis:latest');
  });
});

describe('the union view', () => {
  it('colours each entry by the layer that supplies it: the renamed page from the writable layer, the rest from nginx', async () => {
    const engine = await editedHost();
    const stack = stackModel(engine, defaultFocus(engine))!;
    const rows = unionChildren(stack.view, HTML);
    const top = stack.view.depth - 1;
    expect(rows.map((r) => r.name)).toEqual(['index.html', 'index.html.bak']);
    for (const r of rows) expect(r.layer).toBe(top);
    const index = rows.find((r) => r.name === 'index.html')!;
    expect(index.shadowed.length).toBe(1);
    const bin = unionChildren(stack.view, '/').find((r) => r.name === 'bin')!;
    expect(bin.layer).toBe(0);
  });

  it("lists one layer's own changes with A/M/R marks: the whiteout of 50x.html is a removal", async () => {
    const engine = await editedHost();
    const stack = stackModel(engine, defaultFocus(engine))!;
    const top = stack.view.depth - 1;
    const rows = layerChildren(stack.view, top, HTML);
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['50x.html']?.mark).toBe('R');
    expect(byName['50x.html']?.type).toBe('whiteout');
    expect(byName['index.html']?.mark).toBe('M');
    expect(byName['index.html.bak']?.mark).toBe('A');
  });

  it('names every layer that has a path: the one supplying it, the shadowed one, the whiteout', async () => {
    const engine = await editedHost();
    const stack = stackModel(engine, defaultFocus(engine))!;
    const top = stack.view.depth - 1;
    const index = provenance(stack.view, `${HTML}/index.html`);
    expect(index.at(-1)).toMatchObject({ index: top, state: 'supplies' });
    expect(index.some((p) => p.state === 'shadowed' && p.index < top)).toBe(true);
    const gone = provenance(stack.view, `${HTML}/50x.html`);
    expect(gone.at(-1)).toMatchObject({ index: top, state: 'whiteout' });
    expect(gone.some((p) => p.state === 'hidden')).toBe(true);
  });

  it('marks a directory made over a deleted one as opaque, hiding what the lower layers had', async () => {
    const engine = await editedHost();
    await engine.changeFs('web', (u) => {
      u.remove(HTML);
      u.mkdir(HTML, { mode: 0o755, uid: 0, gid: 0, mtime: 1 });
      u.writeFile(`${HTML}/new.html`, textContent('<p>new</p>'), { mtime: 1 });
    });
    const stack = stackModel(engine, defaultFocus(engine))!;
    const html = unionChildren(stack.view, '/usr/share/nginx').find((r) => r.name === 'html')!;
    expect(html.opaque).toBe(true);
    expect(unionChildren(stack.view, HTML).map((r) => r.name)).toEqual(['new.html']);
    const old = provenance(stack.view, `${HTML}/50x.html`);
    expect(old.some((p) => p.state === 'opaque-hidden')).toBe(true);
  });
});

describe('the layer graph model', () => {
  it('draws the shared Debian base once, and the commit as one more layer on top of nginx', async () => {
    const engine = await committedHost();
    const g = graphModel(engine);
    const nginx = engine.image('nginx');
    const mine = engine.image('nginx01:1.0');
    const redis = engine.image('redis');
    const chains = new Set(g.layers.map((l) => l.chainId));
    expect(chains.size).toBe(g.layers.length);
    const base = g.layers.find((l) => l.depth === 1)!;
    expect(base.images).toEqual(expect.arrayContaining([nginx.id, redis.id, mine.id]));
    // Layers = redis's + nginx's own + the commit's one.
    expect(g.layers.length).toBe(redis.diffIds.length + nginx.diffIds.length - 1 + 1);
    const gi = g.images.find((i) => i.id === mine.id)!;
    expect(gi.layers).toBe(nginx.diffIds.length + 1);
    expect(gi.uniqueSize).toBeGreaterThan(0);
    expect(gi.sharedSize + gi.uniqueSize).toBe(gi.size);
    expect(g.diskSize).toBeLessThan(g.naiveSize);
    expect(g.images.find((i) => i.id === nginx.id)!.containers.map((c) => c.name)).toEqual(['web']);
  });
});
