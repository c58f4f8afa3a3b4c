// The catalog read from disk (static/catalog/), for the Node runner, tests and benchmarks.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { CatalogSource } from '../engine/registry/registry';

/** static/catalog/ of this checkout. */
// Not `new URL('…', import.meta.url)`: Vite rewrites that pattern as a browser asset under happy-dom.
export const DEFAULT_CATALOG_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'static',
  'catalog',
);

export class FileCatalogSource implements CatalogSource {
  /** Names read so far, in order: lets tests check that loading is lazy. */
  readonly reads: string[] = [];

  constructor(private readonly dir: string = DEFAULT_CATALOG_DIR) {}

  async read(name: string): Promise<Uint8Array> {
    const rel = normalize(name);
    if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new Error(`catalog file name outside the catalog: ${name}`);
    }
    this.reads.push(name);
    const buf = await readFile(join(this.dir, rel));
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
}
