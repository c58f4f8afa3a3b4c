import type { Content } from './entry';

const CHUNK = 64 * 1024;

/**
 * The bytes of a virtual fill, produced in chunks so that a 100 MB binary never has to sit in memory
 * whole. xorshift32 from the seed: the same (seed, size) gives the same bytes in every runtime.
 * Each byte holds 3 random bits, so a fill compresses about as well as a real binary does.
 */
export function* fillChunks(seed: number, size: number, chunkSize = CHUNK): Generator<Uint8Array> {
  let x = seed >>> 0 || 0x6c61796c; // xorshift must not start at 0
  let left = size;
  while (left > 0) {
    const n = Math.min(chunkSize, left);
    const words = new Uint32Array(Math.ceil(n / 4));
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      // Three random bits per byte: gzip shrinks it to about 0.4, as it does real binaries.
      words[i] = x & 0x07070707;
    }
    yield new Uint8Array(words.buffer, 0, n);
    left -= n;
  }
}

/** All the chunks of a file's content, in order. */
export function* contentChunks(c: Content, chunkSize = CHUNK): Generator<Uint8Array> {
  if (c.kind === 'bytes') {
    if (c.bytes.length > 0) yield c.bytes;
    return;
  }
  yield* fillChunks(c.seed, c.size, chunkSize);
}

/** The whole content as one array: for cat, grep and small files only. */
export function contentBytes(c: Content): Uint8Array {
  if (c.kind === 'bytes') return c.bytes;
  const out = new Uint8Array(c.size);
  let off = 0;
  for (const chunk of fillChunks(c.seed, c.size)) {
    out.set(chunk, off);
    off += chunk.length;
  }
  return out;
}

const encoder = new TextEncoder();
export function textContent(s: string): Content {
  return { kind: 'bytes', bytes: encoder.encode(s) };
}
