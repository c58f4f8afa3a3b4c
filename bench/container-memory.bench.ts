// container-memory: heap growth of 20 running nginx containers over one. Layers and the image's merged
// view are shared, so the nineteen extra containers should add little beyond their own small layers.
// The median of five fresh hosts, each warmed on another image first, keeps GC noise out.

import { GOLDEN_TIME, openHost } from '../src/node/host';
import { heapUsed, median } from './lib';

async function trial(seed: number): Promise<number> {
  const { engine } = await openHost({ seed, time: GOLDEN_TIME });
  await engine.pull('nginx');
  // Warm the code paths (module loading, JIT) on another image, so that the first nginx container
  // costs what it really does: its image's merged view, built once and then shared.
  await engine.pull('busybox');
  const warm = await engine.run({ image: 'busybox', cmd: ['sleep', '1'] });
  await engine.rm(warm.container.id, true);
  const before = heapUsed();
  await engine.run({ image: 'nginx' });
  const one = heapUsed() - before;
  for (let i = 1; i < 20; i++) await engine.run({ image: 'nginx' });
  const twenty = heapUsed() - before;
  if (process.env.BENCH_DEBUG) console.log({ one, twenty });
  return twenty / one;
}

export async function run() {
  const ratios: number[] = [];
  for (const seed of [3, 4, 5, 6, 7]) ratios.push(await trial(seed));
  return [{ name: 'container-memory', value: median(ratios), target: 1.2 }];
}
