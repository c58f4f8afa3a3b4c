// A line diff of two texts for the image explorer: the shortest edit script by the longest common
// subsequence, computed in linear space (Hirschberg's divide and conquer), after the common head and
// tail are set aside. Pure; inputs past MAX_LINES lines are cut and the result says so.

/** Past this many lines per side, only the first MAX_LINES are compared. */
export const MAX_LINES = 5000;
/** Past this many bytes per side, only the first MAX_BYTES are read as text (the explorer's cap). */
export const MAX_BYTES = 256 * 1024;

export type DiffOp = 'same' | 'del' | 'add';

export interface DiffLine {
  readonly op: DiffOp;
  readonly text: string;
  /** 1-based line number in the old text (null for an added line). */
  readonly a: number | null;
  /** 1-based line number in the new text (null for a removed line). */
  readonly b: number | null;
}

export interface TextDiff {
  readonly lines: readonly DiffLine[];
  readonly added: number;
  readonly removed: number;
  /** True when either side had more than MAX_LINES lines and was cut. */
  readonly capped: boolean;
}

/** Splits into lines; a final newline does not make an empty last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Each distinct line as a small integer, so the inner loops compare numbers. */
function intern(a: readonly string[], b: readonly string[]): [Int32Array, Int32Array] {
  const ids = new Map<string, number>();
  const idOf = (s: string) => {
    let id = ids.get(s);
    if (id === undefined) ids.set(s, (id = ids.size));
    return id;
  };
  return [Int32Array.from(a, idOf), Int32Array.from(b, idOf)];
}

/** LCS lengths of a[aLo,aHi) against every prefix b[bLo, bLo+j), j = 0..bHi-bLo. */
function forwardRow(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number) {
  const m = bHi - bLo;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let i = aLo; i < aHi; i++) {
    const ai = a[i];
    for (let j = 1; j <= m; j++)
      cur[j] = b[bLo + j - 1] === ai ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev;
}

/** LCS lengths of a[aLo,aHi) against every suffix b[bLo+j, bHi), j = 0..bHi-bLo. */
function backwardRow(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number) {
  const m = bHi - bLo;
  let prev = new Int32Array(m + 1);
  let cur = new Int32Array(m + 1);
  for (let i = aHi - 1; i >= aLo; i--) {
    const ai = a[i];
    cur[m] = 0;
    for (let j = m - 1; j >= 0; j--)
      cur[j] = b[bLo + j] === ai ? prev[j + 1]! + 1 : Math.max(prev[j]!, cur[j + 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev;
}

type Emit = (op: DiffOp, i: number, j: number) => void;

function hirschberg(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  emit: Emit,
): void {
  if (aLo === aHi) {
    for (let j = bLo; j < bHi; j++) emit('add', aLo, j);
    return;
  }
  if (bLo === bHi) {
    for (let i = aLo; i < aHi; i++) emit('del', i, bLo);
    return;
  }
  if (aHi - aLo === 1) {
    let at = -1;
    for (let j = bLo; j < bHi; j++)
      if (b[j] === a[aLo]) {
        at = j;
        break;
      }
    if (at < 0) {
      emit('del', aLo, bLo);
      for (let j = bLo; j < bHi; j++) emit('add', aLo + 1, j);
      return;
    }
    for (let j = bLo; j < at; j++) emit('add', aLo, j);
    emit('same', aLo, at);
    for (let j = at + 1; j < bHi; j++) emit('add', aLo + 1, j);
    return;
  }
  const mid = (aLo + aHi) >> 1;
  const top = forwardRow(a, aLo, mid, b, bLo, bHi);
  const bottom = backwardRow(a, mid, aHi, b, bLo, bHi);
  let best = 0;
  let split = 0;
  for (let j = 0; j <= bHi - bLo; j++) {
    const v = top[j]! + bottom[j]!;
    if (v > best) {
      best = v;
      split = j;
    }
  }
  hirschberg(a, aLo, mid, b, bLo, bLo + split, emit);
  hirschberg(a, mid, aHi, b, bLo + split, bHi, emit);
}

/** The line diff of `before` → `after`: every line of both, in order, marked same / del / add. */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const [a, b] = intern(before, after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const out: DiffLine[] = [];
  const emit: Emit = (op, i, j) => {
    if (op === 'same') out.push({ op, text: before[i]!, a: i + 1, b: j + 1 });
    else if (op === 'del') out.push({ op, text: before[i]!, a: i + 1, b: null });
    else out.push({ op, text: after[j]!, a: null, b: j + 1 });
  };
  for (let i = 0; i < head; i++) emit('same', i, i);
  hirschberg(a, head, a.length - tail, b, head, b.length - tail, emit);
  for (let k = tail; k > 0; k--) emit('same', a.length - k, b.length - k);
  return out;
}

/** The diff of two texts, each cut at MAX_LINES lines. */
export function diffTexts(before: string, after: string): TextDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  const capped = a.length > MAX_LINES || b.length > MAX_LINES;
  const lines = diffLines(a.slice(0, MAX_LINES), b.slice(0, MAX_LINES));
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.op === 'add') added++;
    else if (l.op === 'del') removed++;
  }
  return { lines, added, removed, capped };
}

export interface Hunk {
  readonly lines: readonly DiffLine[];
  /** Unchanged lines left out before this hunk. */
  readonly skipped: number;
}

/** The changed lines with `context` unchanged lines around each run, as a unified diff shows them. */
export function hunks(lines: readonly DiffLine[], context = 3): Hunk[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((l, i) => {
    if (l.op === 'same') return;
    const end = Math.min(lines.length - 1, i + context);
    for (let k = Math.max(0, i - context); k <= end; k++) keep[k] = 1;
  });
  const out: Hunk[] = [];
  let skipped = 0;
  let cur: DiffLine[] | null = null;
  lines.forEach((l, i) => {
    if (!keep[i]) {
      cur = null;
      skipped++;
      return;
    }
    if (!cur) {
      cur = [];
      out.push({ lines: cur, skipped });
      skipped = 0;
    }
    cur.push(l);
  });
  return out;
}
