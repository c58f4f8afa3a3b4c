import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/engine/oci/sha256';
import { browserPlatform } from '../../src/ui/platform';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('browser platform', () => {
  it('hash-wasm sha256s interleaved over one shared hasher each give their own digest', async () => {
    const { platform, wasm } = await browserPlatform();
    expect(wasm).toBe(true);
    const a = platform.sha256();
    const b = platform.sha256();
    a.update(bytes('hello '));
    b.update(bytes('layer '));
    a.update(bytes('world'));
    expect(b.hex()).toBe(sha256Hex('layer '));
    b.update(bytes('lab'));
    expect(a.hex()).toBe(sha256Hex('hello world'));
    // hex() does not end a hash: more input can follow, as with node:crypto's copy().
    expect(a.hex()).toBe(sha256Hex('hello world'));
    expect(b.hex()).toBe(sha256Hex('layer lab'));
    expect(platform.sha256().hex()).toBe(sha256Hex(''));
  });

  it('gives random 32-bit words and the real clock', async () => {
    const { platform } = await browserPlatform();
    const words = Array.from({ length: 100 }, () => platform.random.uint32());
    expect(words.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
    expect(new Set(words).size).toBeGreaterThan(90);
    const before = Date.now();
    const now = platform.clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
