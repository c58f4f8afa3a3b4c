// @vitest-environment happy-dom
// The last build's marks on the stack: which layers came from the build cache and which were rebuilt,
// kept by the live model from hand-made build events, drawn on the bands (CACHED dashed, BUILT solid,
// the step's name) with a legend, and said in the aria-live sentences.
import '@testing-library/jest-dom/vitest';
import { render, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { BuildStepMark } from '../../src/engine/events';
import type { ChainId, DiffId, ImageId } from '../../src/engine/ids';
import { loadLocale, setLocale } from '../../src/i18n';
import StackView from '../../src/ui/components/StackView.svelte';
import StackBand from '../../src/ui/components/stack/StackBand.svelte';
import { Live } from '../../src/ui/viz/live.svelte';
import { shortId, stackModel } from '../../src/ui/viz/model';
import { describe as describeEvent } from '../../src/ui/viz/narrator';
import { pulledHost } from '../helpers/walkthrough-host';

beforeAll(() => loadLocale('zh-CN'));

const lives: Live[] = [];
afterEach(() => {
  for (const l of lives.splice(0)) l.dispose();
  setLocale('en');
});

function liveOf(engine: Engine): Live {
  const live = new Live(engine);
  live.reducedMotion = true;
  lives.push(live);
  return live;
}

/** Lets the Live hand over (a microtask) and Svelte redraw. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await Promise.resolve();
    await tick();
  }
}

/**
 * A four-step build of nginx as the engine would report it: FROM its base layer, the second layer
 * from the cache, the third rebuilt, then a step that changed no file (no layer of its own).
 */
function nginxBuild(engine: Engine): { id: ImageId; chains: ChainId[]; steps: BuildStepMark[] } {
  const img = engine.image('nginx');
  const diffs = img.diffIds as readonly DiffId[];
  const chains = engine.chainIdsOf(diffs);
  const step = (
    n: number,
    kind: BuildStepMark['kind'],
    text: string,
    cached: boolean,
    layer: number,
    own: boolean,
  ): BuildStepMark => ({
    name: `[${n}/4] ${kind} ${text}`,
    stage: '',
    kind,
    cached,
    chainId: chains[layer] ?? null,
    diffId: own ? (diffs[layer] ?? null) : null,
  });
  return {
    id: img.id,
    chains,
    steps: [
      step(1, 'FROM', 'docker.io/library/debian:bookworm-slim', false, 0, true),
      step(2, 'RUN', 'apt-get update', true, 1, true),
      step(3, 'COPY', 'index.html /usr/share/nginx/html', false, 2, true),
      step(4, 'WORKDIR', '/usr/share/nginx/html', false, 2, false),
    ],
  };
}

function feed(engine: Engine, steps: readonly BuildStepMark[], end?: { imageId: ImageId | null }): void {
  for (const s of steps) engine.events.emit({ type: 'build-step', step: s });
  if (end)
    engine.events.emit({
      type: 'build-done',
      imageId: end.imageId,
      tags: ['site:latest'],
      steps: [...steps],
    });
}

describe('the live model keeps the last build’s marks', () => {
  it('marks each layer a step made by its ChainID: cached or rebuilt, with the step name; FROM and empty steps add none', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const { chains, steps } = nginxBuild(engine);
    feed(engine, steps);
    expect([...live.buildMarks.keys()]).toEqual([chains[1], chains[2]]);
    expect(live.buildMarks.get(chains[1]!)).toEqual({ name: '[2/4] RUN apt-get update', cached: true });
    // The empty WORKDIR step shares the COPY step's ChainID and must not take its mark.
    expect(live.buildMarks.get(chains[2]!)).toEqual({
      name: '[3/4] COPY index.html /usr/share/nginx/html',
      cached: false,
    });
    expect(live.buildMarks.has(chains[0]!)).toBe(false);
  });

  it('focuses the image a build wrote when it ends', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    live.setFocus({ kind: 'image', id: engine.image('redis').id });
    const { id, steps } = nginxBuild(engine);
    feed(engine, steps, { imageId: id });
    expect(live.focus).toEqual({ kind: 'image', id });
  });

  it('starts over with the next build: the old build’s marks go at its first step', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const { id, chains, steps } = nginxBuild(engine);
    feed(engine, steps, { imageId: id });
    expect(live.buildMarks.size).toBe(2);
    // The rebuild: everything from the cache this time, and only the first step has ended so far.
    feed(engine, [{ ...steps[1]!, cached: true }]);
    expect([...live.buildMarks.keys()]).toEqual([chains[1]]);
    feed(engine, [{ ...steps[2]!, cached: true }]);
    expect([...live.buildMarks.values()].map((m) => m.cached)).toEqual([true, true]);
  });

  it('keeps the marks of a failed build’s finished steps, and leaves the focus alone', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const redis = engine.image('redis').id;
    live.setFocus({ kind: 'image', id: redis });
    const { chains, steps } = nginxBuild(engine);
    feed(engine, steps.slice(0, 2), { imageId: null });
    expect([...live.buildMarks.entries()]).toEqual([
      [chains[1], { name: '[2/4] RUN apt-get update', cached: true }],
    ]);
    expect(live.focus).toEqual({ kind: 'image', id: redis });
  });

  it('forgets the marks when the host is restored (undo, reset)', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const { id, steps } = nginxBuild(engine);
    feed(engine, steps, { imageId: id });
    expect(live.buildMarks.size).toBe(2);
    engine.events.emit({ type: 'restored' });
    expect(live.buildMarks.size).toBe(0);
  });
});

describe('the stack view draws the marks', () => {
  it('gives the cached band a dashed CACHED mark and the rebuilt band a solid BUILT mark, each with its step name', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const view = render(StackView, { props: { live } });
    const { id, steps } = nginxBuild(engine);
    expect(view.queryByTestId('build-legend')).toBeNull();
    feed(engine, steps, { imageId: id });
    await settle();
    const band = (i: number) => view.container.querySelector<HTMLElement>(`[data-band-index="${i}"]`)!;
    expect(band(1)).toHaveAttribute('data-build', 'cached');
    expect(band(1)).toHaveClass('cached');
    expect(within(band(1)).getByTestId('build-mark')).toHaveTextContent('CACHED');
    expect(within(band(1)).getByTestId('build-step')).toHaveTextContent('[2/4] RUN apt-get update');
    expect(band(2)).toHaveAttribute('data-build', 'built');
    expect(band(2)).toHaveClass('built');
    expect(within(band(2)).getByTestId('build-mark')).toHaveTextContent('BUILT');
    expect(band(2)).toHaveAttribute('title', expect.stringContaining('[3/4] COPY index.html'));
    // The base layer FROM brought and the layers above the build's steps are not marked.
    for (const i of [0, 3]) {
      expect(band(i)).not.toHaveAttribute('data-build');
      expect(within(band(i)).queryByTestId('build-mark')).toBeNull();
    }
    const legend = view.getByTestId('build-legend');
    expect(legend).toHaveTextContent('CACHED = reused from the build cache');
    expect(legend).toHaveTextContent('BUILT = made by this build');
  });

  it('hides the legend on a stack with no marked layer', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const view = render(StackView, { props: { live } });
    const { id, steps } = nginxBuild(engine);
    feed(engine, steps, { imageId: id });
    await settle();
    expect(view.getByTestId('build-legend')).toBeInTheDocument();
    // redis shares only nginx's base layer, which the build did not make.
    live.setFocus({ kind: 'image', id: engine.image('redis').id });
    await settle();
    expect(view.queryByTestId('build-legend')).toBeNull();
    expect(view.container.querySelector('[data-build]')).toBeNull();
  });

  it('draws one band with the mark it is given, in English and in Chinese', async () => {
    const engine = await pulledHost();
    const layer = stackModel(engine, { kind: 'image', id: engine.image('nginx').id })!.layers[2]!;
    const props = { layer, pressed: false, onpick: () => {} };
    const cached = render(StackBand, {
      props: { ...props, mark: { name: '[3/4] RUN apk add curl', cached: true } },
    });
    expect(within(cached.container).getByTestId('build-mark')).toHaveTextContent('CACHED');
    expect(within(cached.container).getByTestId('build-step')).toHaveTextContent('RUN apk add curl');
    const plain = render(StackBand, { props });
    expect(within(plain.container).queryByTestId('build-mark')).toBeNull();
    await setLocale('zh-CN');
    const built = render(StackBand, {
      props: { ...props, mark: { name: '[3/4] RUN apk add curl', cached: false } },
    });
    expect(within(built.container).getByTestId('build-mark')).toHaveTextContent('BUILT 新建');
    expect(within(built.container).getByTestId('build-step')).toHaveTextContent(
      '构建步骤：[3/4] RUN apk add curl',
    );
  });
});

describe('the narrator says the build', () => {
  it('says each step: from the base image, reused from the cache, rebuilt with its new layer, or no layer', async () => {
    const engine = await pulledHost();
    const { steps } = nginxBuild(engine);
    const say = (s: BuildStepMark) => describeEvent(engine, { type: 'build-step', step: s });
    expect(say(steps[0]!)).toBe(
      'Step [1/4] FROM docker.io/library/debian:bookworm-slim: the build starts from the base image’s layers',
    );
    expect(say(steps[1]!)).toBe('Step [2/4] RUN apt-get update: reused from the build cache, no new work');
    expect(say(steps[2]!)).toBe(
      `Step [3/4] COPY index.html /usr/share/nginx/html: rebuilt, new layer ${shortId(steps[2]!.diffId!)}`,
    );
    expect(say(steps[3]!)).toBe(
      'Step [4/4] WORKDIR /usr/share/nginx/html: run again, no files changed, so no layer',
    );
  });

  it('says how a build ended, counting cache hits and rebuilt steps, into the aria-live lines', async () => {
    const engine = await pulledHost();
    const live = liveOf(engine);
    const { id, steps } = nginxBuild(engine);
    feed(engine, steps, { imageId: id });
    await settle();
    expect(live.lines.at(-1)).toBe(
      'Built image site:latest. Steps reused from the build cache: 1, rebuilt: 2',
    );
    expect(live.lines).toHaveLength(5);
    feed(engine, steps.slice(0, 3), { imageId: null });
    await settle();
    expect(live.lines.at(-1)).toBe(
      'The build failed, no image. Steps finished: 2 (from the build cache: 1, rebuilt: 1)',
    );
  });

  it('says a cache hit in Chinese', async () => {
    const engine = await pulledHost();
    await setLocale('zh-CN');
    const { steps } = nginxBuild(engine);
    expect(describeEvent(engine, { type: 'build-step', step: steps[1]! })).toBe(
      '步骤 [2/4] RUN apt-get update：复用构建缓存，没有重新执行',
    );
  });
});
