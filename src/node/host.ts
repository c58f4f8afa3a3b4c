// A simulated host for Node: the engine with node:crypto, the catalog from disk, and a chosen store.
// Tests, benchmarks and the headless runner all start here.

import { Engine } from '../engine/engine';
import type { PullSpeed } from '../engine/core';
import { FixedClock, SeededRandom } from '../engine/platform';
import type { Platform } from '../engine/platform';
import { Registry } from '../engine/registry/registry';
import type { Store } from '../engine/store/types';
import { FileCatalogSource } from './catalog-source';
import { nodePlatform } from './platform';

export interface HostOptions {
  /** Seed for ids, names and fills; omit for real randomness. */
  seed?: number;
  /** A fixed start time (ms); the clock then moves only when told (or by simulated downloads). */
  time?: number;
  store?: Store;
  speed?: PullSpeed;
  registry?: Registry;
}

/** The date golden transcripts are pinned to. */
export const GOLDEN_TIME = Date.UTC(2026, 10, 27, 9, 0, 0);

const sharedRegistry = new Registry(new FileCatalogSource());

export async function openHost(
  opts: HostOptions = {},
): Promise<{ engine: Engine; platform: Platform; clock: FixedClock | null; problems: string[] }> {
  const platform = nodePlatform(opts.seed, opts.time);
  const clock = platform.clock instanceof FixedClock ? platform.clock : null;
  const { engine, problems } = await Engine.open({
    platform,
    registry: opts.registry ?? sharedRegistry,
    store: opts.store,
    settings: { speed: opts.speed ?? 'instant' },
    // A fixed clock moves by the simulated time instead of waiting for it.
    sleep: clock ? async (ms) => clock.advance(ms) : undefined,
  });
  return { engine, platform, clock, problems };
}

export { FixedClock, SeededRandom };
