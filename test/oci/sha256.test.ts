import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PureSha256, sha256Hex } from '../../src/engine/oci/sha256';
import { RUNS } from './helpers';

describe('pure sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('hex() can be asked twice and refuses later updates', () => {
    const h = new PureSha256();
    h.update(new Uint8Array([1, 2, 3]));
    const first = h.hex();
    expect(h.hex()).toBe(first);
    expect(() => h.update(new Uint8Array(1))).toThrow('update after hex()');
  });

  it('gives node:crypto’s digest however the input is chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const h = new PureSha256();
        let prev = 0;
        for (const c of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
          h.update(bytes.subarray(prev, c));
          prev = c;
        }
        h.update(bytes.subarray(prev));
        expect(h.hex()).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: RUNS },
    );
  });

  it('handles inputs around the 56- and 64-byte padding boundaries', () => {
    for (let n = 50; n <= 130; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 7) & 0xff);
      expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
  });
});
