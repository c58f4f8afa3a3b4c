// The archive reader's fuzz: random bytes, damaged valid archives and hostile hand-made ones go
// through `docker load` on a host kept in IndexedDB (fake-indexeddb). Only the module's own refusal
// (a DockerError) may come out; a refused archive leaves the host and its store exactly as they were;
// an accepted one puts nothing outside its own layer; the invariants hold; and the store, read again
// by a fresh host, always equals the host in memory.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { DockerError } from '../../src/engine/errors';
import type { Entry } from '../../src/engine/fs/entry';
import { LOAD_LIMITS } from '../../src/engine/load/limits';
import { IdbStore } from '../../src/engine/store';
import type { Snapshot, Store, TxOp } from '../../src/engine/store/types';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpHost } from '../helpers/dump';
import { recordFigures } from '../helpers/reliability';
import {
  deliver,
  gzipBomb,
  hostileLayerArchive,
  hostileOuter,
  lyingManifest,
  mutatedArchive,
  randomBytes,
  validArchives,
  type Delivery,
  type Sample,
} from './archive-corpus';

const RUNS = Number(process.env.ARCHIVE_FUZZ_RUNS ?? 600);
/** How often the store is read back by a fresh host and compared with the one in memory. */
const REOPEN_EVERY = 100;

/** Small caps for some runs, so that bombs and long archives hit them quickly. */
const SMALL_LIMITS = {
  expandedBytes: 4 * 1024 * 1024,
  entries: 2_000,
  inflateRatio: 20,
  inflateSlack: 512 * 1024,
  metadataBytes: 64 * 1024,
};

/** The IndexedDB store, counting its transactions: a refused load must not write at all. */
class Counting implements Store {
  readonly kind = 'indexeddb' as const;
  applied = 0;
  constructor(private readonly inner: IdbStore) {}
  load(): Promise<Snapshot> {
    return this.inner.load();
  }
  apply(ops: readonly TxOp[]): Promise<void> {
    this.applied += 1;
    return this.inner.apply(ops);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const SEGMENT = /^[^/]+$/;

/** What is wrong with a layer's entries: a path not normalised or outside `/`, a link out of the layer. */
function layerProblems(entries: ReadonlyMap<string, Entry>): string[] {
  const out: string[] = [];
  const normal = (p: string) =>
    p.startsWith('/') &&
    p !== '/' &&
    p
      .slice(1)
      .split('/')
      .every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
  for (const [path, e] of entries) {
    if (!normal(path)) {
      out.push(`${JSON.stringify(path)} is not a normalised path under /`);
      continue;
    }
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (parent && entries.get(parent)?.type !== 'dir')
      out.push(`${path}: parent is not a directory of the layer`);
    if (e.type === 'hardlink') {
      const t = entries.get(e.target);
      if (!normal(e.target) || t?.type !== 'file')
        out.push(`${path}: hard link to ${e.target} outside the layer`);
    }
  }
  return out;
}

type Shape = 'random' | 'mutated' | 'hostile layer' | 'hostile outer' | 'lying manifest' | 'bomb';

describe('archive reader fuzz', () => {
  const indexedDB = new IDBFactory();
  let store: Counting;
  let engine: Engine;
  let valid: Sample[];

  beforeAll(async () => {
    valid = await validArchives();
    store = new Counting(await IdbStore.open('archive-fuzz', { indexedDB }));
    ({ engine } = await openHost({ seed: 99, time: GOLDEN_TIME, store }));
    await engine.pull('hello-world');
  });
  afterAll(async () => {
    await store?.close();
  });

  /** A fresh host on the same database: what the store really holds. */
  async function reopened(): Promise<unknown> {
    const again = await IdbStore.open('archive-fuzz', { indexedDB });
    try {
      const { engine: other, problems } = await openHost({ seed: 1, time: GOLDEN_TIME, store: again });
      expect(problems).toEqual([]);
      expect(other.invariants()).toEqual([]);
      return dumpHost(other);
    } finally {
      await again.close();
    }
  }

  it('every valid archive of the corpus loads (the mutations start from archives that work)', async () => {
    for (const sample of valid) {
      const { engine: fresh } = await openHost({ seed: 5, time: GOLDEN_TIME });
      const r = await fresh.load([sample.bytes]);
      expect(r.loaded.length, sample.name).toBeGreaterThan(0);
      expect(fresh.invariants()).toEqual([]);
    }
  });

  it(`${RUNS} random, damaged and hostile archives: only DockerError, no trace when refused, nothing outside a layer`, async () => {
    const counts = { rejected: 0, accepted: 0, crashes: 0 };
    const byShape = new Map<Shape, number>();
    const acceptedBy = new Map<Shape, number>();
    const messages = new Map<string, number>();
    let before = JSON.stringify(dumpHost(engine));
    let runs = 0;

    const input = fc.record({
      sample: fc.oneof(
        { weight: 2, arbitrary: randomBytes.map((s) => ['random', s] as const) },
        { weight: 6, arbitrary: mutatedArchive(valid).map((s) => ['mutated', s] as const) },
        { weight: 5, arbitrary: hostileLayerArchive.map((s) => ['hostile layer', s] as const) },
        { weight: 2, arbitrary: hostileOuter.map((s) => ['hostile outer', s] as const) },
        { weight: 3, arbitrary: lyingManifest.map((s) => ['lying manifest', s] as const) },
        { weight: 1, arbitrary: gzipBomb.map((bytes) => ['bomb', { name: 'gzip bomb', bytes }] as const) },
      ),
      how: fc.constantFrom<Delivery>('whole', 'ragged', 'async'),
      seed: fc.nat(),
      small: fc.boolean(),
    });

    try {
      await fc.assert(
        fc.asyncProperty(input, async ({ sample: [shape, sample], how, seed, small }) => {
          runs += 1;
          byShape.set(shape, (byShape.get(shape) ?? 0) + 1);
          const writes = store.applied;
          const layersBefore = new Set(engine.state.layers.keys());
          const limits = small || shape === 'bomb' ? SMALL_LIMITS : {};
          let error: unknown;
          try {
            await engine.load(deliver(sample.bytes, how, seed), { size: sample.bytes.length, limits });
          } catch (e) {
            error = e;
          }
          if (error !== undefined) {
            if (!(error instanceof DockerError)) {
              counts.crashes += 1;
              throw new Error(`${sample.name}: ${String((error as Error)?.stack ?? error)}`);
            }
            counts.rejected += 1;
            const key = error.message.replace(/"[^"]*"|sha256:[0-9a-f]+|[0-9]+/g, '…').slice(0, 60);
            messages.set(key, (messages.get(key) ?? 0) + 1);
            // A refusal changes nothing, in memory or in the store.
            expect(store.applied, sample.name).toBe(writes);
            expect(JSON.stringify(dumpHost(engine)), sample.name).toBe(before);
          } else {
            counts.accepted += 1;
            acceptedBy.set(shape, (acceptedBy.get(shape) ?? 0) + 1);
            for (const [chainId, rec] of engine.state.layers) {
              if (layersBefore.has(chainId)) continue;
              expect(layerProblems(rec.layer.entries), sample.name).toEqual([]);
            }
            before = JSON.stringify(dumpHost(engine));
          }
          expect(engine.invariants(), sample.name).toEqual([]);
          if (runs % REOPEN_EVERY === 0) expect(JSON.stringify(await reopened())).toBe(before);
        }),
        { numRuns: RUNS, seed: 20261128, endOnFailure: true },
      );
      expect(JSON.stringify(await reopened())).toBe(before);
    } catch (e) {
      counts.crashes = Math.max(counts.crashes, 1);
      throw e;
    } finally {
      recordFigures({
        suite: 'archive reader fuzz',
        size: runs,
        unit: 'archives',
        result: {
          crashes: counts.crashes,
          rejected: counts.rejected,
          accepted: counts.accepted,
          peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        },
      });
    }
    // Each kind of input was really tried, and the fuzz reached past the tar reader.
    expect([...byShape.keys()].sort()).toEqual(
      ['bomb', 'hostile layer', 'hostile outer', 'lying manifest', 'mutated', 'random'].sort(),
    );
    expect(acceptedBy.get('hostile layer')).toBeGreaterThan(0);
    expect(acceptedBy.get('mutated')).toBeGreaterThan(0);
    expect(messages.size).toBeGreaterThan(10);
    if (process.env.FUZZ_VERBOSE)
      console.log(
        counts,
        Object.fromEntries(byShape),
        Object.fromEntries(acceptedBy),
        Object.fromEntries(messages),
      );
  }, 900_000);

  it('the caps hold against the biggest bomb of the fuzz with the real limits (bounded by LOAD_LIMITS)', async () => {
    const { engine: fresh } = await openHost({ seed: 6, time: GOLDEN_TIME });
    const [bomb] = fc.sample(gzipBomb, { seed: 3, numRuns: 1 });
    const limits = { ...LOAD_LIMITS, inflateSlack: 1024 * 1024 };
    await expect(fresh.load([bomb!], { limits })).rejects.toThrow(/decompression bomb/);
    expect(fresh.state.layers.size).toBe(0);
  });
});
