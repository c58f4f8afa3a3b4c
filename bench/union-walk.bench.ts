// union-walk: walking the merged tree of the Debian base + 10 layers of 500 changes each, over walking
// the base layer alone. A fresh Union each run, so the merge itself is measured, not just a cache.

import type { Entry } from '../src/engine/fs/entry';
import { Layer } from '../src/engine/fs/layer';
import { Union } from '../src/engine/fs/union';
import { SeededRandom } from '../src/engine/platform';
import { openHost } from '../src/node/host';
import { compare } from './lib';

function changeLayers(base: Layer, count: number, changes: number): Layer[] {
  const rnd = new SeededRandom(42);
  const files = [...base.entries].filter(([, e]) => e.type === 'file').map(([p]) => p);
  const layers: Layer[] = [];
  for (let l = 0; l < count; l++) {
    const m = new Map<string, Entry>();
    const dir = (p: string) => {
      const parts = p.split('/').filter(Boolean);
      for (let i = 1; i < parts.length; i++) {
        const d = '/' + parts.slice(0, i).join('/');
        if (!m.has(d)) m.set(d, { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 1 });
      }
    };
    for (let i = 0; i < changes; i++) {
      const r = rnd.uint32() % 10;
      const meta = { mode: 0o644, uid: 0, gid: 0, mtime: 2 + l };
      if (r < 5) {
        const p = files[rnd.uint32() % files.length] as string;
        dir(p);
        m.set(p, {
          type: 'file',
          ...meta,
          content: { kind: 'fill', size: 100 + (rnd.uint32() % 4000), seed: i },
        });
      } else if (r < 8) {
        const p = `/opt/layer${l}/d${i % 20}/new${i}`;
        dir(p);
        m.set(p, { type: 'file', ...meta, content: { kind: 'fill', size: 512, seed: i } });
      } else {
        const p = files[rnd.uint32() % files.length] as string;
        if (m.has(p)) continue;
        dir(p);
        m.set(p, { type: 'whiteout', ...meta });
      }
    }
    layers.push(Layer.from(m));
  }
  return layers;
}

export async function run() {
  const { engine } = await openHost({ seed: 1 });
  const img = await engine.registry.resolve('debian:bookworm-slim');
  const base = await engine.registry.layer(img.layers[0]!.diffId);
  const stack = [base, ...changeLayers(base, 10, 500)];
  let sink = 0;
  const walk = (layers: Layer[]) => () => {
    for (const _ of new Union(layers).walk()) sink++;
  };
  const { ratio } = await compare(walk([base]), walk(stack), { minRuns: 15, minMs: 1000 });
  if (sink < 0) console.log(sink);
  return [{ name: 'union-walk', value: ratio, target: 3 }];
}
