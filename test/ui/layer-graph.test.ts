// @vitest-environment happy-dom
import '@testing-library/jest-dom/vitest';
import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import LayerGraph from '../../src/ui/components/LayerGraph.svelte';
import { graphModel } from '../../src/ui/viz/graph';
import { layoutGraph, METRICS } from '../../src/ui/viz/graph-layout';
import { Live } from '../../src/ui/viz/live.svelte';
import { openHost, GOLDEN_TIME } from '../../src/node/host';
import { committedHost, editedHost, pulledHost } from '../helpers/walkthrough-host';

const overlaps = (
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('the layer graph layout', () => {
  it('lays the Debian base shared by redis and nginx out once, with both stacks standing on it', async () => {
    const engine = await pulledHost();
    const model = graphModel(engine);
    const layout = layoutGraph(model);
    const keys = layout.layers.map((l) => l.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(model.layers.length);
    const redis = engine.image('redis');
    const nginx = engine.image('nginx');
    expect(keys.length).toBe(redis.diffIds.length + nginx.diffIds.length - 1);
    const base = layout.layers.find((l) => l.layer.depth === 1)!;
    expect(base.sharedBy).toBe(2);
    expect(layout.layers.filter((l) => l.layer.depth === 1)).toHaveLength(1);
    // Every other layer stands above its parent; the two branches stand in different columns.
    for (const l of layout.layers) {
      if (!l.layer.parent) continue;
      const p = layout.layers.find((q) => q.key === l.layer.parent)!;
      expect(l.y + l.h).toBeLessThanOrEqual(p.y);
    }
    const second = layout.layers.filter((l) => l.layer.depth === 2);
    expect(new Set(second.map((l) => l.column)).size).toBe(2);
    // Nothing is drawn on top of anything else, and everything fits in the picture.
    const boxes = [...layout.layers, ...layout.images, ...layout.containers];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    for (const b of boxes) {
      expect(b.x + b.w).toBeLessThanOrEqual(layout.width);
      expect(b.y).toBeGreaterThanOrEqual(0);
      expect(b.y + b.h).toBeLessThanOrEqual(layout.height);
    }
  });

  it("puts each image's name tag just above its top layer, and its containers above the tag", async () => {
    const engine = await editedHost();
    const layout = layoutGraph(graphModel(engine));
    const nginx = engine.image('nginx');
    const tag = layout.images.find((i) => i.key === nginx.id)!;
    const top = layout.layers.find((l) => l.key === tag.image.top)!;
    expect(tag.column).toBe(top.column);
    expect(tag.y + tag.h + METRICS.gap).toBe(top.y);
    const web = layout.containers.find((c) => c.container.name === 'web')!;
    expect(web.imageId).toBe(nginx.id);
    expect(web.y + web.h).toBeLessThanOrEqual(tag.y);
    expect(layout.links.some((l) => l.key === `ctr:${web.key}`)).toBe(true);
  });

  it("adds exactly one layer on a commit, right above nginx's top layer, in its column", async () => {
    const before = layoutGraph(graphModel(await editedHost()));
    const engine = await committedHost();
    const after = layoutGraph(graphModel(engine));
    const added = after.layers.filter((l) => !before.layers.some((b) => b.key === l.key));
    expect(added).toHaveLength(1);
    const nginxTop = after.images.find((i) => i.image.name === 'nginx:latest')!.image.top!;
    const newLayer = added[0]!;
    expect(newLayer.layer.parent).toBe(nginxTop);
    const parent = after.layers.find((l) => l.key === nginxTop)!;
    expect(newLayer.column).toBe(parent.column);
    expect(newLayer.y + newLayer.h).toBeLessThan(parent.y);
    // ...above nginx's tag and its container, so they are not covered.
    const webBox = after.containers.find((c) => c.container.name === 'web')!;
    expect(newLayer.y + newLayer.h).toBeLessThanOrEqual(webBox.y);
    const tag01 = after.images.find((i) => i.image.name === 'nginx01:1.0')!;
    expect(tag01.image.top).toBe(newLayer.key);
  });

  it('lays out nothing for a host with no images', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    const layout = layoutGraph(graphModel(engine));
    expect(layout.layers).toHaveLength(0);
    expect(layout.images).toHaveLength(0);
  });
});

describe('the LayerGraph component', () => {
  it('draws one box per ChainID, labels the shared base "shared by 2", and tags each image', async () => {
    const engine = await pulledHost();
    const live = new Live(engine);
    const { container } = render(LayerGraph, { live });
    await tick();
    const model = graphModel(engine);
    const boxes = container.querySelectorAll('g.layer');
    expect(boxes).toHaveLength(model.layers.length);
    const chains = [...boxes].map((b) => b.getAttribute('data-chain'));
    expect(new Set(chains).size).toBe(chains.length);
    const shared = [...boxes].filter((b) => b.textContent?.includes('shared by 2'));
    expect(shared).toHaveLength(1);
    expect(screen.getByRole('button', { name: /Image redis:latest/ })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Image nginx:latest/ })).toBeInTheDocument();
    // The docker-system-df line: what sharing saves.
    expect(container.textContent).toMatch(/Sharing layers saves/);
    expect(model.naiveSize).toBeGreaterThan(model.diskSize);
  });

  it('focuses the stack view on an image clicked, or chosen with Enter, and marks it focused', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    render(LayerGraph, { live });
    await tick();
    const redis = engine.image('redis');
    await fireEvent.click(screen.getByRole('button', { name: /Image redis:latest/ }));
    expect(live.focus).toEqual({ kind: 'image', id: redis.id });
    await tick();
    expect(screen.getByRole('button', { name: /Image redis:latest.*focused/ })).toBeInTheDocument();
    const nginx = engine.image('nginx');
    await fireEvent.keyDown(screen.getByRole('button', { name: /Image nginx:latest/ }), { key: 'Enter' });
    expect(live.focus).toEqual({ kind: 'image', id: nginx.id });
    const web = engine.state.containers.values().next().value!;
    await fireEvent.click(screen.getByRole('button', { name: /Container web/ }));
    expect(live.focus).toEqual({ kind: 'container', id: web.id });
  });

  it('gives a text alternative listing images, their shared and unique layers, and containers', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    render(LayerGraph, { live });
    await tick();
    const alt = screen.getByTestId('graph-alt');
    expect(alt).toHaveClass('visually-hidden');
    expect(within(alt).getByText(/Image redis:latest/)).toBeInTheDocument();
    expect(within(alt).getByText(/Image nginx:latest/)).toBeInTheDocument();
    expect(within(alt).getAllByText(/shared by 2 images/)).toHaveLength(2);
    expect(within(alt).getAllByText(/only this image/).length).toBeGreaterThan(2);
    expect(within(alt).getByText(/Container web, running/)).toBeInTheDocument();
  });

  it('shows the commit: one new box above nginx, highlighted, and a note', async () => {
    const engine = await editedHost();
    const live = new Live(engine);
    live.reducedMotion = true;
    const { container } = render(LayerGraph, { live });
    await tick();
    const before = container.querySelectorAll('g.layer').length;
    await engine.commit({ container: 'web', reference: 'nginx01:1.0' });
    await new Promise((r) => queueMicrotask(() => r(null)));
    await tick();
    expect(container.querySelectorAll('g.layer')).toHaveLength(before + 1);
    const fresh = container.querySelectorAll('g.layer.fresh');
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.getAttribute('data-chain')).toBe(
      engine.chainIdsOf(engine.image('nginx01:1.0').diffIds).at(-1),
    );
    expect(screen.getByTestId('graph-note').textContent).toMatch(/New image nginx01:1.0.*nginx:latest/);
  });

  it('removes the boxes of an image removed, and the base is no longer shared', async () => {
    const engine = await pulledHost();
    const live = new Live(engine);
    live.reducedMotion = true;
    const { container } = render(LayerGraph, { live });
    await tick();
    const redis = engine.image('redis');
    await engine.rmi(['redis']);
    await new Promise((r) => queueMicrotask(() => r(null)));
    await tick();
    expect(container.querySelectorAll('g.layer')).toHaveLength(engine.image('nginx').diffIds.length);
    expect(container.querySelector(`g.tag[data-image="${redis.id}"]`)).toBeNull();
    expect(container.textContent).not.toMatch(/shared by/);
  });

  it('says how to start when there are no images', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    render(LayerGraph, { live: new Live(engine) });
    await tick();
    expect(screen.getByText(/No images yet/)).toBeInTheDocument();
  });
});
