// The seed of a catalog file's virtual fill comes from where it lives, so that the catalog need not
// store it and the same (layer, path) gives the same bytes everywhere.

const encoder = new TextEncoder();

/** FNV-1a (32 bit) over `layerName NUL path` in UTF-8. */
export function fillSeed(layerName: string, path: string): number {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(`${layerName}\0${path}`)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
