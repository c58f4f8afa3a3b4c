// The browser's Platform: the real clock, crypto randomness and hash-wasm's sha256. hash-wasm only
// creates hashers asynchronously, so one is made up front and every Sha256 the engine asks for shares
// it, swapping its own saved state in when it is its turn (the engine interleaves several hashes).

import type { IHasher } from 'hash-wasm';
import type { Platform, Sha256 } from '../engine/platform';
import { pureSha256 } from '../engine/oci/sha256';

function sharedHasherSha256(hasher: IHasher): () => Sha256 {
  const fresh = hasher.init().save();
  // Which Sha256 the hasher's live state belongs to: no save/load while one hash runs alone.
  let owner: object | null = null;
  return () => {
    let state = fresh;
    const self = {
      update(chunk: Uint8Array) {
        if (owner !== self) hasher.load(state);
        hasher.update(chunk);
        owner = self;
        state = hasher.save();
      },
      hex() {
        if (owner !== self) hasher.load(state);
        const hex = hasher.digest('hex');
        // digest() finalises the live state: whoever comes next must load theirs again.
        owner = null;
        return hex;
      },
    };
    return self;
  };
}

/** The browser platform; falls back to the pure-TypeScript sha256 if WebAssembly is refused. */
export async function browserPlatform(): Promise<{ platform: Platform; wasm: boolean }> {
  let sha256: () => Sha256 = pureSha256;
  let wasm = false;
  try {
    // Loaded here rather than with the page's first script: the host opens IndexedDB meanwhile.
    const { createSHA256 } = await import('hash-wasm');
    sha256 = sharedHasherSha256(await createSHA256());
    wasm = true;
  } catch {
    // A CSP without 'wasm-unsafe-eval', an old browser or a failed fetch: slower, same digests.
  }
  const words = new Uint32Array(64);
  let next = words.length;
  return {
    wasm,
    platform: {
      clock: { now: () => Date.now() },
      random: {
        uint32() {
          if (next >= words.length) {
            crypto.getRandomValues(words);
            next = 0;
          }
          return words[next++] ?? 0;
        },
      },
      sha256,
    },
  };
}
