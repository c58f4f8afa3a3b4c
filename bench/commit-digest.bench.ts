// commit-digest: committing a container holding 50 MB of changed content (tar + sha256 + config +
// records), over node:crypto's sha256 of the same bytes.

import { createHash } from 'node:crypto';
import { GOLDEN_TIME, openHost } from '../src/node/host';
import { compare } from './lib';

const FILES = 50;
const SIZE = 1_000_000;

export async function run() {
  const { engine } = await openHost({ seed: 2, time: GOLDEN_TIME });
  await engine.pull('busybox');
  await engine.run({ image: 'busybox', name: 'big', cmd: ['sleep', 'infinity'] });
  const blobs: Uint8Array[] = [];
  for (let i = 0; i < FILES; i++) {
    const b = new Uint8Array(SIZE);
    for (let j = 0; j < SIZE; j += 4096) b[j] = (i * 31 + j) & 0xff;
    blobs.push(b);
  }
  await engine.changeFs('big', (u) => {
    u.mkdir('/data', { mtime: 1 });
    blobs.forEach((bytes, i) => u.writeFile(`/data/blob${i}`, { kind: 'bytes', bytes }, { mtime: 1 }));
  });
  const hashOnly = () => {
    const h = createHash('sha256');
    for (const b of blobs) h.update(b);
    return h.digest('hex');
  };
  const { ratio } = await compare(hashOnly, () => engine.commit({ container: 'big' }), {
    minRuns: 7,
    minMs: 1000,
  });
  return [{ name: 'commit-digest', value: ratio, target: 1.5 }];
}
