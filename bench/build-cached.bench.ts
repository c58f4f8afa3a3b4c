// build-cached: a fully cached `docker build` of a 20 MB context (read the context, checksum what each
// COPY takes, find every step in the cache, write the image), over node:crypto's sha256 of the same
// 20 MB. File digests are remembered per (immutable) content, so a rebuild of unchanged files costs
// less than hashing them once.

import { createHash } from 'node:crypto';
import { buildContext } from '../src/engine/build/context';
import { runBuildStep } from '../src/cli/build-step';
import { GOLDEN_TIME, openHost } from '../src/node/host';
import { compare } from './lib';

const FILES = 20;
const SIZE = 1_000_000;
const DIR = '/home/learner/app';

const DOCKERFILE = [
  'FROM busybox',
  'WORKDIR /app',
  'COPY deps/ ./deps/',
  'RUN ls deps > /app/deps.txt',
  'COPY src/ ./src/',
  'RUN wc -c src/* > /app/sizes.txt',
  'ENV MODE=production',
  'COPY . .',
  'CMD ["cat", "/app/sizes.txt"]',
  '',
].join('\n');

export async function run() {
  const { engine } = await openHost({ seed: 3, time: GOLDEN_TIME });
  const blobs: Uint8Array[] = [];
  for (let i = 0; i < FILES; i++) {
    const b = new Uint8Array(SIZE);
    for (let j = 0; j < SIZE; j += 512) b[j] = (i * 17 + j) & 0xff;
    blobs.push(b);
  }
  await engine.changeHome((u) => {
    u.mkdir(`${DIR}/deps`, { mtime: 1, parents: true });
    u.mkdir(`${DIR}/src`, { mtime: 1 });
    blobs.forEach((bytes, i) =>
      u.writeFile(`${DIR}/${i % 2 ? 'src' : 'deps'}/f${i}`, { kind: 'bytes', bytes }, { mtime: 1 }),
    );
    u.writeFile(
      `${DIR}/Dockerfile`,
      { kind: 'bytes', bytes: new TextEncoder().encode(DOCKERFILE) },
      { mtime: 1 },
    );
  });
  const build = async () => {
    const context = buildContext(engine.state.home.view(), DIR, { sha256: engine.platform.sha256 });
    const r = await engine.build({ context, tags: ['app:1'], runner: (job) => runBuildStep(engine, job) });
    if (r.error) throw new Error(r.error.message);
    return r;
  };
  const first = await build();
  const again = await build();
  if (again.imageId !== first.imageId || again.steps.some((s) => !s.cached))
    throw new Error('the second build was not fully cached');
  const hashOnly = () => {
    const h = createHash('sha256');
    for (const b of blobs) h.update(b);
    return h.digest('hex');
  };
  const { ratio } = await compare(hashOnly, build, { minRuns: 7, minMs: 1000 });
  return [{ name: 'build-cached', value: ratio, target: 1 }];
}
