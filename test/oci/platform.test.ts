import { describe, expect, it } from 'vitest';
import { nodePlatform } from '../../src/node/platform';

describe('nodePlatform', () => {
  it('with a seed and a fixed time, is reproducible', () => {
    const a = nodePlatform(42, 1_700_000_000_000);
    const b = nodePlatform(42, 1_700_000_000_000);
    const seq = (p: typeof a) => Array.from({ length: 5 }, () => p.random.uint32());
    expect(seq(a)).toEqual(seq(b));
    expect(a.clock.now()).toBe(1_700_000_000_000);
    expect(a.clock.now()).toBe(1_700_000_000_000);
  });

  it('without a seed, gives 32-bit randomness and the real clock', () => {
    const p = nodePlatform();
    const values = Array.from({ length: 50 }, () => p.random.uint32());
    for (const v of values) expect(Number.isInteger(v) && v >= 0 && v < 2 ** 32).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(45);
    const before = Date.now();
    const now = p.clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
  });

  it('hashes with node:crypto, incrementally', () => {
    const h = nodePlatform().sha256();
    h.update(new TextEncoder().encode('ab'));
    h.update(new TextEncoder().encode('c'));
    expect(h.hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
