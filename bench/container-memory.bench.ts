// container-memory: heap growth of 20 running nginx containers over one. Layers and the image's merged
// view are shared, so the nineteen extra containers should add little beyond their own small layers.

import { GOLDEN_TIME, openHost } from '../src/node/host';
import { heapUsed } from './lib';

export async function run() {
  const { engine } = await openHost({ seed: 3, time: GOLDEN_TIME });
  await engine.pull('nginx');
  const before = heapUsed();
  await engine.run({ image: 'nginx' });
  const one = heapUsed() - before;
  for (let i = 1; i < 20; i++) await engine.run({ image: 'nginx' });
  const twenty = heapUsed() - before;
  return [{ name: 'container-memory', value: twenty / one, target: 1.2 }];
}
