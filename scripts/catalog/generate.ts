// `npm run catalog`: regenerates static/catalog/ from real Debian data. Needs the network the first
// time (debootstrap, apt-get download); later runs reuse .cache/catalog/ and give the same bytes.

import { OUT_DIR, log } from './cache';
import { buildDebianBase } from './debian';
import { debianImages } from './images/debian';
import { smallImages } from './images/small';
import { modelledImages } from './images/modelled';
import { writeCatalog } from './output';

const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;

async function main(): Promise<void> {
  const base = buildDebianBase();
  log(`debian ${base.release}, epoch ${new Date(base.epoch * 1000).toISOString()}`);
  const debian = await debianImages(base);
  const small = await smallImages(base);
  const modelled = modelledImages(base, small);
  const summary = writeCatalog(OUT_DIR, [...debian.defs, ...small.defs, ...modelled]);
  for (const img of summary.images) {
    log(
      `${img.ref}: ${img.layers.length} layers, ${mb(img.size)} (${img.layers.map((l) => mb(l.size)).join(' + ')})`,
    );
  }
  const total = summary.files.reduce((s, f) => s + f.bytes, 0);
  log(`static/catalog: ${summary.files.length} files, ${(total / 1024).toFixed(0)} KiB`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
