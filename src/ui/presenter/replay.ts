// The host a share link replays on: in memory (the learner's saved host is never touched), with a
// seeded random source and a clock that stands still except for simulated time, so that the same
// link gives the same ids and digests in every browser. sha256 is the browser platform's.

import type { PullSpeed } from '../../engine/core';
import { Engine } from '../../engine/engine';
import { FixedClock, SeededRandom } from '../../engine/platform';
import { FetchCatalogSource } from '../../engine/registry/fetch-source';
import { Registry } from '../../engine/registry/registry';
import { MemoryStore } from '../../engine/store/memory';
import { browserPlatform } from '../platform';

/** The seed and start time a presenter's link uses unless told otherwise (the golden transcripts' date). */
export const DEFAULT_REPLAY = { seed: 1, time: Date.UTC(2026, 10, 27, 9, 0, 0) } as const;

/**
 * Waits as long as a real download tick would (so pulls still animate) but moves the fixed clock by
 * exactly `ms`: how long the wait really took never reaches the host.
 */
export function fixedClockSleep(clock: FixedClock): (ms: number, signal?: AbortSignal) => Promise<void> {
  return (ms, signal) =>
    new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        clock.advance(ms);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    });
}

export async function openReplayHost(opts: {
  seed: number;
  time: number;
  speed?: PullSpeed;
  registry?: Registry;
}): Promise<Engine> {
  const { platform: page } = await browserPlatform();
  const clock = new FixedClock(opts.time);
  const registry = opts.registry ?? new Registry(new FetchCatalogSource('./catalog/', (url) => fetch(url)));
  const { engine } = await Engine.open({
    platform: { clock, random: new SeededRandom(opts.seed), sha256: page.sha256 },
    registry,
    store: new MemoryStore(),
    settings: { speed: opts.speed ?? 'realistic' },
    sleep: fixedClockSleep(clock),
  });
  return engine;
}
