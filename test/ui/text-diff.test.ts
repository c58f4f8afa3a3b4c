import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_LINES, diffLines, diffTexts, hunks, splitLines } from '../../src/ui/viz/text-diff';

/** The diff as `-`, `+` and ` ` lines, the way a unified diff prints them. */
const show = (a: string[], b: string[]) =>
  diffLines(a, b).map((l) => (l.op === 'same' ? ' ' : l.op === 'del' ? '-' : '+') + l.text);

describe('the line diff', () => {
  it('keeps the common lines and marks only what changed', () => {
    expect(show(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([' a', '-b', '+x', ' c']);
    expect(show([], ['a'])).toEqual(['+a']);
    expect(show(['a'], [])).toEqual(['-a']);
    expect(show(['a', 'b'], ['a', 'b'])).toEqual([' a', ' b']);
  });

  it('finds the longest common subsequence, not just the common head and tail', () => {
    // The classic example from Myers' paper: ABCABBA → CBABAC has an LCS of 4 (edit distance 5).
    const d = diffLines([...'ABCABBA'], [...'CBABAC']);
    expect(d.filter((l) => l.op === 'same')).toHaveLength(4);
    expect(d.filter((l) => l.op !== 'same')).toHaveLength(5);
  });

  it('numbers lines in the old and the new text', () => {
    const d = diffLines(['a', 'b'], ['b', 'c']);
    expect(d).toEqual([
      { op: 'del', text: 'a', a: 1, b: null },
      { op: 'same', text: 'b', a: 2, b: 1 },
      { op: 'add', text: 'c', a: null, b: 2 },
    ]);
  });

  it('always rebuilds both texts, with as many common lines as a brute-force LCS finds', () => {
    const lcs = (a: string[], b: string[]) => {
      const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
          t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
      return t[a.length]![b.length]!;
    };
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const d = diffLines(a, b);
        expect(d.filter((l) => l.op !== 'add').map((l) => l.text)).toEqual(a);
        expect(d.filter((l) => l.op !== 'del').map((l) => l.text)).toEqual(b);
        expect(d.filter((l) => l.op === 'same')).toHaveLength(lcs(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('splits text into lines without an empty last line for the final newline', () => {
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\nb')).toEqual(['a', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(diffTexts('v1\n', 'v2-longer\n')).toMatchObject({ added: 1, removed: 1, capped: false });
  });

  it(`compares at most ${MAX_LINES} lines per side and says it was capped`, () => {
    const long = Array.from({ length: MAX_LINES + 10 }, (_, i) => `line ${i}`).join('\n');
    const d = diffTexts(long, `${long}\nmore`);
    expect(d.capped).toBe(true);
    expect(d.lines).toHaveLength(MAX_LINES);
    expect(d.added + d.removed).toBe(0);
    expect(diffTexts('a', 'b').capped).toBe(false);
  });

  it('diffs two very different files of the cap size in linear memory', () => {
    const a = Array.from({ length: MAX_LINES }, (_, i) => `a${i % 97}`);
    const b = Array.from({ length: MAX_LINES }, (_, i) => `a${i % 89}`);
    const d = diffLines(a, b);
    expect(d.filter((l) => l.op !== 'add')).toHaveLength(a.length);
    expect(d.filter((l) => l.op !== 'del')).toHaveLength(b.length);
  });
});

describe('hunks', () => {
  it('keeps three lines of context around each change and counts the lines left out', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[2] = 'two';
    b[17] = 'seventeen';
    const hs = hunks(diffLines(a, b));
    expect(hs).toHaveLength(2);
    expect(hs[0]!.skipped).toBe(0);
    expect(hs[0]!.lines.map((l) => l.text)).toEqual(['l0', 'l1', 'l2', 'two', 'l3', 'l4', 'l5']);
    expect(hs[1]!.skipped).toBe(8);
    expect(hs[1]!.lines[0]!.text).toBe('l14');
    expect(hunks(diffLines(a, a))).toEqual([]);
  });
});
