// The build cache of `docker build`, driven straight through the engine: a step is CACHED when its
// parent, its instruction and the content it copies are unchanged, and rebuilt (with every step after
// it) otherwise; `--no-cache` replaces the records; a failed build keeps what its finished steps made;
// the records persist, are pruned by `docker builder prune`, and undo puts them back as they were.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/engine/build/executor';
import type { Engine } from '../../src/engine/engine';
import { IdbStore } from '../../src/engine/store';
import { build, buildOk, newHost, writeContext } from './build-helpers';

const steps = (r: BuildResult) =>
  r.steps.map((s) => ({ name: s.name.replace(/^\[\d+\/\d+\] /, ''), cached: s.cached }));
const cachedFlags = (r: BuildResult) => r.steps.map((s) => s.cached);
const diffIdOf = (r: BuildResult, prefix: string) => r.steps.find((s) => s.name.includes(prefix))?.diffId;

const THREE_STEPS = [
  'FROM alpine',
  'COPY a.txt /a.txt',
  'COPY b.txt /b.txt',
  'RUN cat /a.txt /b.txt > /both.txt',
].join('\n');

describe('cache hits and misses', () => {
  it('the same Dockerfile and context twice: every step CACHED, same diffIDs, same image id', async () => {
    const { engine } = await newHost();
    const files = { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' };
    const first = await buildOk(engine, 'app', THREE_STEPS, files, { tags: ['site:1'] });
    expect(cachedFlags(first)).toEqual([false, false, false, false]);
    const second = await buildOk(engine, 'app', THREE_STEPS, files, { tags: ['site:1'] });
    expect(cachedFlags(second)).toEqual([true, true, true, true]);
    expect(second.steps.map((s) => s.diffId)).toEqual(first.steps.map((s) => s.diffId));
    expect(second.steps.map((s) => s.chainId)).toEqual(first.steps.map((s) => s.chainId));
    expect(second.imageId).toBe(first.imageId);
    expect(engine.listImages()).toHaveLength(1);
    expect(engine.invariants()).toEqual([]);
  });

  it('changing one copied file rebuilds that COPY and every later step; earlier steps stay cached', async () => {
    const { engine } = await newHost();
    const first = await buildOk(engine, 'app', THREE_STEPS, { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    const second = await buildOk(engine, 'app', THREE_STEPS, { 'b.txt': 'BETA, changed\n' });
    expect(steps(second).map((s) => s.cached)).toEqual([true, true, false, false]);
    expect(diffIdOf(second, 'COPY a.txt')).toBe(diffIdOf(first, 'COPY a.txt'));
    expect(diffIdOf(second, 'COPY b.txt')).not.toBe(diffIdOf(first, 'COPY b.txt'));
    expect(diffIdOf(second, 'RUN cat')).not.toBe(diffIdOf(first, 'RUN cat'));
    expect(second.imageId).not.toBe(first.imageId);
  });

  it('a file the Dockerfile never copies does not invalidate anything', async () => {
    const { engine } = await newHost();
    await buildOk(engine, 'app', THREE_STEPS, { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    const again = await buildOk(engine, 'app', THREE_STEPS, { 'notes.md': 'not copied\n' });
    expect(cachedFlags(again)).toEqual([true, true, true, true]);
  });

  it('only the content counts: touching a copied file (new mtime, same bytes) keeps every step CACHED', async () => {
    const { engine, clock } = await newHost();
    await buildOk(engine, 'app', THREE_STEPS, { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    clock.advance(3_600_000);
    await engine.changeHome((u) => u.utimes('/home/learner/app/b.txt', 999_999));
    const again = await build(engine, 'app');
    expect(cachedFlags(again)).toEqual([true, true, true, true]);
  });

  it('a fully cached rebuild an hour later writes the same image: history times come from the cache', async () => {
    const { engine, clock } = await newHost();
    const df = [THREE_STEPS, 'ENV MODE=prod', 'CMD ["cat", "/both.txt"]'].join('\n');
    const first = await buildOk(engine, 'app', df, { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' });
    clock.advance(3_600_000);
    const again = await buildOk(engine, 'app', df);
    expect(again.imageId).toBe(first.imageId);
  });

  it('metadata RUN does not see (LABEL, EXPOSE) leaves later steps cached; an ENV change rebuilds them', async () => {
    const { engine } = await newHost();
    const df = (label: string, env: string) =>
      [
        'FROM alpine',
        `LABEL team=${label}`,
        'EXPOSE 80',
        `ENV STAGE=${env}`,
        'RUN echo "$STAGE" > /stage',
      ].join('\n');
    const first = await buildOk(engine, 'app', df('blue', 'dev'));
    const relabelled = await buildOk(engine, 'app', df('green', 'dev'));
    expect(cachedFlags(relabelled)).toEqual([true, true]);
    expect(relabelled.imageId).not.toBe(first.imageId); // the config changed, the layers did not
    const newEnv = await buildOk(engine, 'app', df('green', 'prod'));
    expect(cachedFlags(newEnv)).toEqual([true, false]);
  });

  it('a changed --build-arg rebuilds the RUN steps after its ARG', async () => {
    const { engine } = await newHost();
    const df = ['FROM alpine', 'COPY a.txt /a.txt', 'ARG VERSION=1', 'RUN echo "$VERSION" > /version'].join(
      '\n',
    );
    await buildOk(engine, 'app', df, { 'a.txt': 'alpha\n' }, { buildArgs: { VERSION: '2' } });
    const same = await build(engine, 'app', { buildArgs: { VERSION: '2' } });
    expect(cachedFlags(same)).toEqual([true, true, true]);
    const other = await build(engine, 'app', { buildArgs: { VERSION: '3' } });
    expect(cachedFlags(other)).toEqual([true, true, false]);
  });
});

describe('the COPY-order lesson', () => {
  const files = { 'package.json': '{"name":"site"}\n', 'index.js': 'console.log(1)\n' };
  const install = 'RUN cp /app/package.json /app/installed.txt';

  it('COPY package.json, RUN install, COPY . : editing a source file keeps the install CACHED', async () => {
    const { engine } = await newHost();
    const df = ['FROM alpine', 'WORKDIR /app', 'COPY package.json ./', install, 'COPY . .'].join('\n');
    await buildOk(engine, 'app', df, files);
    const again = await buildOk(engine, 'app', df, { 'index.js': 'console.log(2)\n' });
    expect(steps(again)).toEqual([
      { name: expect.stringMatching(/^FROM /), cached: true },
      { name: 'WORKDIR /app', cached: true },
      { name: 'COPY package.json ./', cached: true },
      { name: install, cached: true },
      { name: 'COPY . .', cached: false },
    ]);
  });

  it('COPY . first: the same edit rebuilds the install', async () => {
    const { engine } = await newHost();
    const df = ['FROM alpine', 'WORKDIR /app', 'COPY . .', install].join('\n');
    await buildOk(engine, 'app', df, files);
    const again = await buildOk(engine, 'app', df, { 'index.js': 'console.log(2)\n' });
    expect(cachedFlags(again)).toEqual([true, true, false, false]);
  });
});

describe('--no-cache', () => {
  it('rebuilds every step and replaces the records: layers only the old records held are released', async () => {
    const { engine, clock } = await newHost();
    const df = ['FROM alpine', 'COPY a.txt /a.txt', 'RUN date > /built-at'].join('\n');
    const first = await buildOk(engine, 'app', df, { 'a.txt': 'alpha\n' }, { tags: ['t:1'] });
    const oldRun = first.steps[2]!;
    const recordsBefore = [...engine.state.buildCache.keys()].sort();
    // The image no longer holds the layers: only the cache does.
    await engine.rmi(['t:1']);
    expect(engine.state.layers.has(oldRun.chainId!)).toBe(true);

    clock.advance(60_000); // the RUN writes a file with a new time: a different layer
    const second = await build(engine, 'app', { noCache: true, tags: ['t:1'] });
    expect(second.error).toBeUndefined();
    expect(cachedFlags(second)).toEqual([false, false, false]);
    const newRun = second.steps[2]!;
    expect(newRun.diffId).not.toBe(oldRun.diffId);
    // Same keys (same inputs), new contents: the records were replaced, not added to.
    expect([...engine.state.buildCache.keys()].sort()).toEqual(recordsBefore);
    const runRec = [...engine.state.buildCache.values()].find((r) => r.kind === 'RUN')!;
    expect(runRec.diffIds.at(-1)).toBe(newRun.diffId);
    expect(engine.state.layers.has(oldRun.chainId!)).toBe(false);
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
  });
});

describe('a failed build', () => {
  it('keeps the finished COPY in the cache, registers no image, and the fixed build reuses the COPY', async () => {
    const { engine } = await newHost();
    const bad = ['FROM alpine', 'COPY a.txt /a.txt', 'RUN exit 1'].join('\n');
    await writeContext(engine, 'app', { Dockerfile: bad, 'a.txt': 'alpha\n' });
    const failed = await build(engine, 'app', { tags: ['t:1'] });
    expect(failed.imageId).toBeNull();
    expect(failed.error).toEqual({
      message: 'process "/bin/sh -c exit 1" did not complete successfully: exit code: 1',
      lines: { start: 3, end: 3 },
    });
    expect(engine.listImages()).toEqual([]);
    expect(engine.state.tags.size).toBe(0);
    expect(engine.invariants()).toEqual([]);
    const copied = failed.steps.find((s) => s.kind === 'COPY')!;
    expect(copied.cached).toBe(false);
    expect(engine.state.layers.has(copied.chainId!)).toBe(true);

    const fixed = await buildOk(
      engine,
      'app',
      ['FROM alpine', 'COPY a.txt /a.txt', 'RUN echo ok > /ok'].join('\n'),
      {},
      {
        tags: ['t:1'],
      },
    );
    expect(cachedFlags(fixed)).toEqual([true, true, false]);
    expect(fixed.steps[1]!.diffId).toBe(copied.diffId);
    expect(engine.invariants()).toEqual([]);
  });
});

describe('persistence', () => {
  it('cache records survive closing the engine and opening it again on the same IndexedDB', async () => {
    const indexedDB = new IDBFactory();
    const store = await IdbStore.open('layerlab', { indexedDB });
    const { engine } = await newHost(3, store);
    const first = await buildOk(
      engine,
      'app',
      THREE_STEPS,
      { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' },
      { tags: ['t:1'] },
    );
    const records = new Map(engine.state.buildCache);
    expect(records.size).toBe(4);
    await store.close();

    const reopened = await IdbStore.open('layerlab', { indexedDB });
    const { engine: again } = await newHost(3, reopened);
    expect(new Map(again.state.buildCache)).toEqual(records);
    const second = await build(again, 'app', { tags: ['t:1'] });
    expect(cachedFlags(second)).toEqual([true, true, true, true]);
    expect(second.imageId).toBe(first.imageId);
    expect(again.invariants()).toEqual([]);
    await reopened.close();
  });
});

describe('docker builder prune', () => {
  /** A tagged image, plus a failed build whose records no image stands on. */
  async function twoBuilds(engine: Engine) {
    const ok = await buildOk(
      engine,
      'app',
      THREE_STEPS,
      { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' },
      { tags: ['t:1'] },
    );
    await writeContext(engine, 'other', {
      Dockerfile: ['FROM alpine', 'COPY c.txt /c.txt', 'RUN exit 3'].join('\n'),
      'c.txt': 'gamma\n',
    });
    const failed = await build(engine, 'other');
    expect(failed.error?.message).toContain('exit code: 3');
    return { ok, orphan: failed.steps.find((s) => s.kind === 'COPY')! };
  }

  it('without --all removes only the records no image stands on, and the layers only they held', async () => {
    const { engine } = await newHost();
    const { ok, orphan } = await twoBuilds(engine);
    // alpine's FROM, the image's two COPYs and RUN, and the failed build's COPY (its FROM is shared).
    expect(engine.state.buildCache.size).toBe(5);
    const pruned = await engine.pruneBuildCache(false);
    expect(pruned.removed).toHaveLength(1);
    expect(pruned.reclaimed).toBeGreaterThan(0);
    expect(engine.state.layers.has(orphan.chainId!)).toBe(false);
    expect([...engine.state.buildCache.values()].map((r) => r.kind).sort()).toEqual([
      'COPY',
      'COPY',
      'FROM',
      'RUN',
    ]);
    // What the image stands on is untouched: the same build is still fully cached.
    const again = await build(engine, 'app', { tags: ['t:1'] });
    expect(cachedFlags(again)).toEqual([true, true, true, true]);
    expect(again.imageId).toBe(ok.imageId);
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
  });

  it('with --all removes every record; after an image prune no layer is left without a user', async () => {
    const { engine } = await newHost();
    const { ok } = await twoBuilds(engine);
    const pruned = await engine.pruneBuildCache(true);
    expect(pruned.removed).toHaveLength(5);
    expect(engine.state.buildCache.size).toBe(0);
    // The image keeps its own layers.
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
    expect(engine.image('t:1').id).toBe(ok.imageId);
    await engine.pruneImages(true);
    expect(engine.listImages()).toEqual([]);
    expect(engine.state.layers.size).toBe(0);
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
    // Nothing cached is left: the next build runs every step.
    const fresh = await build(engine, 'app');
    expect(cachedFlags(fresh)).toEqual([false, false, false, false]);
  });

  it('an image prune alone keeps the layers the cache holds, and the invariants stay clean', async () => {
    const { engine } = await newHost();
    const { orphan } = await twoBuilds(engine);
    await engine.rmi(['t:1']);
    await engine.pruneImages(true);
    expect(engine.state.layers.has(orphan.chainId!)).toBe(true);
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
    const again = await build(engine, 'app');
    expect(cachedFlags(again)).toEqual([true, true, true, true]);
  });
});

describe('undo', () => {
  it('restoring a snapshot taken before a build puts cache, layers and images back exactly', async () => {
    const { engine } = await newHost();
    await buildOk(engine, 'app', THREE_STEPS, { 'a.txt': 'alpha\n', 'b.txt': 'beta\n' }, { tags: ['t:1'] });
    await writeContext(engine, 'app', { 'b.txt': 'changed\n' });
    const picture = () => ({
      cache: [...engine.state.buildCache.entries()].sort(([a], [b]) => a.localeCompare(b)),
      layers: [...engine.state.layers.keys()].sort(),
      images: [...engine.state.images.keys()].sort(),
      tags: [...engine.state.tags].sort(),
    });
    const before = picture();
    const snap = engine.snapshot();
    const r = await build(engine, 'app', { tags: ['t:1'] });
    expect(r.imageId).not.toBeNull();
    expect(picture()).not.toEqual(before);
    await engine.restore(snap);
    expect(picture()).toEqual(before);
    expect(engine.invariants()).toEqual([]);
    // The restored cache still works: the build before the change is CACHED up to the changed COPY.
    const again = await build(engine, 'app', { tags: ['t:1'] });
    expect(cachedFlags(again)).toEqual([true, true, false, false]);
  });
});
