// The long-session soak (issue 8): thousands of mixed command lines through the host shell, on a host
// kept in IndexedDB (fake-indexeddb), then a full cleanup. What must come back: every state map and
// the store's records to their start, the engine's listeners to their start, no line thrown out of the
// cli or reported as an internal error, the invariants after prune, the store equal to memory whenever
// it is reopened, and (with --expose-gc) the heap near where it started. SOAK_COMMANDS sets the size.

import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import type { Session, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import { Registry } from '../../src/engine/registry/registry';
import { IdbStore } from '../../src/engine/store';
import type { Store } from '../../src/engine/store';
import { FileCatalogSource } from '../../src/node/catalog-source';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpEntries, dumpHost } from '../helpers/dump';
import { recordFigures } from '../helpers/reliability';
import { CLEANUP, soakLines, warmupLines, type SoakKind } from './commands';

const COMMANDS = Number(process.env.SOAK_COMMANDS ?? 2000);
const SEED = Number(process.env.SOAK_SEED ?? 8);
/** How often the store is opened a second time and compared with memory. */
const REOPEN_EVERY = 250;
const DB = 'layerlab-soak';
const MiB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

/** Heap in use after a full collection, in MiB (null when this Node was not given --expose-gc). */
function heapMiB(): number | null {
  if (!gc) return null;
  gc();
  gc();
  return Math.round((process.memoryUsage().heapUsed / MiB) * 10) / 10;
}

function sizes(engine: Engine): Record<string, number> {
  const s = engine.state;
  return {
    layers: s.layers.size,
    images: s.images.size,
    tags: s.tags.size,
    containers: s.containers.size,
    blobs: s.blobs.size,
    buildCache: s.buildCache.size,
  };
}

/** Records per object store, as a fresh open of the database sees them. */
async function storeCounts(factory: IDBFactory): Promise<Record<string, number>> {
  const store = await IdbStore.open(DB, { indexedDB: factory });
  try {
    const snap = await store.load();
    return Object.fromEntries(Object.entries(snap.stores).map(([name, records]) => [name, records.size]));
  } finally {
    await store.close();
  }
}

/** The whole host as a second tab would read it from the store, or what memory holds. */
function picture(engine: Engine): unknown {
  return {
    host: dumpHost(engine),
    buildCache: [...engine.state.buildCache.keys()].sort(),
    home: dumpEntries(engine.state.home.entries),
  };
}

async function reopened(factory: IDBFactory, registry: Registry): Promise<unknown> {
  const store: Store = await IdbStore.open(DB, { indexedDB: factory });
  try {
    const { engine, problems } = await openHost({ seed: SEED, time: GOLDEN_TIME, store, registry });
    expect(problems).toEqual([]);
    return picture(engine);
  } finally {
    await store.close();
  }
}

interface Tally {
  ran: number;
  ok: number;
  failed: number;
  thrown: string[];
  internal: string[];
  byKind: Partial<Record<SoakKind, number>>;
}

/** Runs one line as the terminal would; a throw or an "internal error" is a finding, not a failure. */
async function runLine(session: Session, text: string, tally: Tally, kind?: SoakKind): Promise<number> {
  let err = '';
  const io: Stdio = { stdin: null, out: () => {}, err: (t) => (err += t), tty: false, columns: 100 };
  tally.ran += 1;
  try {
    const r = await session.run(text, io);
    if (/internal error/.test(err)) tally.internal.push(`${text.split('\n')[0]} → ${err.trim()}`);
    if (r.code === 0) {
      tally.ok += 1;
      if (kind) tally.byKind[kind] = (tally.byKind[kind] ?? 0) + 1;
    } else tally.failed += 1;
    return r.code;
  } catch (e) {
    tally.thrown.push(`${text.split('\n')[0]} → ${(e as Error)?.stack ?? String(e)}`);
    return -1;
  }
}

describe('node soak', () => {
  it(`${COMMANDS} mixed commands, then a cleanup, leave no layers, blobs, records, listeners or heap behind`, async () => {
    const heapBase = heapMiB();
    const factory = new IDBFactory();
    // A registry of its own: the catalog layers it parses are cached for the run, not shared with others.
    const registry = new Registry(new FileCatalogSource());
    const store = await IdbStore.open(DB, { indexedDB: factory });
    const { engine, clock } = await openHost({ seed: SEED, time: GOLDEN_TIME, store, registry });
    const session = hostSession(engine);
    const tally: Tally = { ran: 0, ok: 0, failed: 0, thrown: [], internal: [], byKind: {} };

    // Warm-up: every image, a build, a short soak and the cleanup, so that the start is measured with
    // the catalog's layers parsed, every command's code loaded and compiled, the home's own directories
    // copied up and the (empty) build-cache record written: all kept on purpose, none of them growing.
    /** The warm-up's and the cleanup's lines, kept apart from the soak's own figures. */
    const warmup: Tally = { ran: 0, ok: 0, failed: 0, thrown: [], internal: [], byKind: {} };
    for (const line of warmupLines(SEED)) await runLine(session, line, warmup);
    const start = sizes(engine);
    const startHome = dumpEntries(engine.state.home.entries);
    const startListeners = engine.events.size;
    const startRecords = await storeCounts(factory);
    const heapStart = heapMiB();
    let heapPeak = heapStart ?? 0;

    /** The most each map held after any line: proof that the soak filled the host. */
    const busiest: Record<string, number> = {};
    let reopens = 0;
    const mismatches: number[] = [];
    const broken: string[] = [];
    let n = 0;
    const cpuStart = process.cpuUsage();
    for (const { kind, text } of soakLines(SEED, COMMANDS)) {
      await runLine(session, text, tally, kind);
      clock!.advance(1000);
      for (const [k, v] of Object.entries(sizes(engine))) busiest[k] = Math.max(busiest[k] ?? 0, v);
      if (++n % REOPEN_EVERY === 0 || n === COMMANDS) {
        const bad = engine.invariants();
        if (bad.length) broken.push(`after ${n}: ${bad.join('; ')}`);
        reopens += 1;
        if (JSON.stringify(await reopened(factory, registry)) !== JSON.stringify(picture(engine)))
          mismatches.push(n);
        if (n % (REOPEN_EVERY * 4) === 0) heapPeak = Math.max(heapPeak, heapMiB() ?? 0);
      }
    }
    const cpu = process.cpuUsage(cpuStart);

    for (const line of CLEANUP) await runLine(session, line, warmup); // counted apart from the soak's lines
    await store.close();
    const end = sizes(engine);
    const endRecords = await storeCounts(factory);
    const heapEnd = heapMiB();
    const left = (k: string) => (end[k] ?? 0) - (start[k] ?? 0);

    recordFigures({
      suite: 'node soak',
      size: COMMANDS,
      unit: 'commands',
      result: {
        succeeded: tally.ok,
        failedAsExpected: tally.failed,
        thrown: warmup.thrown.length + tally.thrown.length,
        internalErrors: warmup.internal.length + tally.internal.length,
        cpuSeconds: Math.round((cpu.user + cpu.system) / 1e5) / 10,
        storeReopens: reopens,
        storeMismatches: mismatches.length,
        busiestLayers: busiest.layers ?? 0,
        busiestImages: busiest.images ?? 0,
        busiestContainers: busiest.containers ?? 0,
        layersLeft: left('layers'),
        imagesLeft: left('images'),
        containersLeft: left('containers'),
        blobsLeft: left('blobs'),
        buildCacheLeft: left('buildCache'),
        listenersLeft: engine.events.size - startListeners,
        storeRecordsLeft:
          Object.values(endRecords).reduce((a, b) => a + b, 0) -
          Object.values(startRecords).reduce((a, b) => a + b, 0),
        heapBaseMiB: heapBase ?? 'not measured',
        heapStartMiB: heapStart ?? 'not measured',
        heapPeakMiB: heapStart === null ? 'not measured' : heapPeak,
        heapEndMiB: heapEnd ?? 'not measured',
        heapGrowthMiB:
          heapStart === null || heapEnd === null
            ? 'not measured'
            : Math.round((heapEnd - heapStart) * 10) / 10,
      },
    });

    expect([...warmup.thrown, ...tally.thrown]).toEqual([]);
    expect([...warmup.internal, ...tally.internal]).toEqual([]);
    expect(broken).toEqual([]);
    expect(mismatches).toEqual([]);
    // The soak did what it says: every kind of line succeeded many times (in a run long enough for
    // the rarer kinds to come up: a few lines tried by hand may miss a load), and the host filled up.
    const kinds: SoakKind[] =
      COMMANDS < 1000
        ? []
        : ['pull', 'run', 'exec', 'commit', 'tag', 'rm', 'rmi', 'prune', 'build', 'save', 'load'];
    for (const kind of kinds) expect(tally.byKind[kind] ?? 0, kind).toBeGreaterThan(COMMANDS / 400);
    expect(tally.ok).toBeGreaterThan(tally.failed);
    expect(busiest.layers).toBeGreaterThan(start.layers ?? 0);
    // Back to the start.
    expect(end).toEqual(start);
    expect(dumpEntries(engine.state.home.entries)).toEqual(startHome);
    expect(engine.events.size).toBe(startListeners);
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
    expect(endRecords).toEqual(startRecords);
    if (heapStart !== null && heapEnd !== null) expect(heapEnd).toBeLessThanOrEqual(heapStart + 32);
  }, 1_800_000);

  it('the same seed gives the same lines, and every kind of line is in a short run', () => {
    const a = [...soakLines(3, 400)];
    expect([...soakLines(3, 400)]).toEqual(a);
    expect([...soakLines(4, 400)]).not.toEqual(a);
    const kinds = new Set(a.map((l) => l.kind));
    expect([...kinds].sort()).toEqual(
      [
        'build',
        'commit',
        'exec',
        'home',
        'load',
        'prune',
        'pull',
        'read',
        'rm',
        'rmi',
        'run',
        'save',
        'tag',
      ].sort(),
    );
  });
});
