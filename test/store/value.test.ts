import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from '../../src/engine/store/base64';
import { copyValue, isBytes, sameValue, valueProblem } from '../../src/engine/store';

const RUNS = Number(process.env.FC_RUNS ?? 200);

describe('base64', () => {
  it('encodes as Node does and decodes back', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = encodeBase64(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64'));
        expect(decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses anything but canonical padded base64', () => {
    for (const bad of [
      'a',
      'aGk',
      'aG=k',
      'a*k=',
      '====',
      'aGl=',
      'aR==',
      'aGk=aGk=',
      ' aGk=',
      'aGk\u00e9',
    ]) {
      expect([bad, decodeBase64(bad)]).toEqual([bad, undefined]);
    }
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
    expect(decodeBase64('aGk=')).toEqual(new Uint8Array([104, 105]));
  });
});

describe('record values', () => {
  it('copies share nothing with the original', () => {
    const original = { a: [1, { b: new Uint8Array([1]) }] };
    const copy = copyValue(original) as typeof original;
    expect(copy).toEqual(original);
    expect(copy.a).not.toBe(original.a);
    expect((copy.a[1] as { b: Uint8Array }).b).not.toBe((original.a[1] as { b: Uint8Array }).b);
  });

  it('a Buffer is kept as a plain Uint8Array of its own bytes only', () => {
    const pool = Buffer.from('xxhixx');
    const copy = copyValue(pool.subarray(2, 4));
    expect(Object.getPrototypeOf(copy)).toBe(Uint8Array.prototype);
    expect(copy).toEqual(new Uint8Array([104, 105]));
    expect((copy as Uint8Array).buffer.byteLength).toBe(2);
  });

  it('says exactly what cannot be stored, and where', () => {
    class Point {
      x = 1;
    }
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [unknown, string][] = [
      [undefined, 'value: undefined cannot be stored'],
      [() => 1, 'value: a function cannot be stored'],
      [10n, 'value: a bigint cannot be stored'],
      [{ a: Infinity }, 'value at .a: Infinity cannot be stored'],
      [{ 'odd key': [new Map()] }, 'value at ["odd key"][0]: a Map cannot be stored'],
      [new Point(), 'value: a class instance cannot be stored'],
      [new Uint16Array(2), 'value: a Uint16Array cannot be stored'],
      [new ArrayBuffer(2), 'value: an ArrayBuffer cannot be stored'],
      [cycle, 'value at .self: a cycle cannot be stored'],
      // eslint-disable-next-line no-sparse-arrays
      [[1, , 3], 'value at [1]: undefined cannot be stored'],
    ];
    for (const [value, message] of cases) expect(valueProblem(value)).toBe(message);
    expect(valueProblem({ shared: [1], again: null })).toBeUndefined();
  });

  it('a repeated (not cyclic) object is fine', () => {
    const shared = { n: 1 };
    expect(copyValue({ a: shared, b: [shared] })).toEqual({ a: { n: 1 }, b: [{ n: 1 }] });
  });

  it('objects without a prototype are plain records; -0 is stored as 0', () => {
    const bare = Object.assign(Object.create(null) as object, { a: -0 });
    const copy = copyValue(bare) as { a: number };
    expect(Object.is(copy.a, 0)).toBe(true);
  });

  it('sameValue compares deeply, bytes by content, ignoring undefined properties', () => {
    expect(sameValue({ a: [1, new Uint8Array([2])], u: undefined }, { a: [1, new Uint8Array([2])] })).toBe(
      true,
    );
    expect(sameValue({ a: new Uint8Array([2]) }, { a: new Uint8Array([3]) })).toBe(false);
    expect(sameValue([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameValue({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameValue(new Uint8Array([1]), [1])).toBe(false);
  });

  it('isBytes knows a Uint8Array and nothing else', () => {
    expect([new Uint8Array(1), Buffer.alloc(1), new Uint8ClampedArray(1), [1], {}].map(isBytes)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
