// Shell patterns (`*`, `?`, `[…]`) for pathname expansion and `${x#pattern}`.
// A backslash quotes the next character: quoted text is escaped before it reaches here.
// Matching walks the pattern with star backtracking (no regular expressions), so
// patterns full of stars stay fast on long text.

type Item = { kind: 'star' } | { kind: 'one'; test: (ch: string) => boolean };

const CLASSES: Record<string, (ch: string) => boolean> = {
  alpha: (c) => /^\p{L}$/u.test(c),
  digit: (c) => c >= '0' && c <= '9',
  alnum: (c) => /^[\p{L}\p{Nd}]$/u.test(c),
  upper: (c) => /^\p{Lu}$/u.test(c),
  lower: (c) => /^\p{Ll}$/u.test(c),
  space: (c) => ' \t\n\r\f\v'.includes(c),
  blank: (c) => c === ' ' || c === '\t',
  punct: (c) => /^[!-/:-@[-`{-~]$/.test(c),
  xdigit: (c) => /^[0-9A-Fa-f]$/.test(c),
  cntrl: (c) => c < ' ' || c === '\x7f',
  print: (c) => c >= ' ' && c !== '\x7f',
  graph: (c) => c > ' ' && c !== '\x7f',
  word: (c) => /^[\p{L}\p{Nd}_]$/u.test(c),
};

/** True when the pattern has an unescaped `*`, `?` or `[`. */
export function hasGlobMeta(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

/** Escapes text so that it matches only itself. */
export function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]]/g, '\\$&');
}

/** The literal text of a pattern with its backslashes removed. */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\(.)/gsu, '$1');
}

/** A bracket expression starting at `open`, or undefined when it never closes (then `[` is literal). */
function bracket(
  chars: readonly string[],
  open: number,
): { test: (ch: string) => boolean; end: number } | undefined {
  let i = open + 1;
  let negate = false;
  if (chars[i] === '!' || chars[i] === '^') {
    negate = true;
    i++;
  }
  const tests: ((ch: string) => boolean)[] = [];
  for (let first = true; i < chars.length; i++, first = false) {
    const ch = chars[i] as string;
    if (ch === ']' && !first) {
      return { test: (c) => tests.some((t) => t(c)) !== negate, end: i };
    }
    if (ch === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(':', i + 2);
      const cls =
        close > 0 && chars[close + 1] === ']' ? CLASSES[chars.slice(i + 2, close).join('')] : undefined;
      if (cls) {
        tests.push(cls);
        i = close + 1;
        continue;
      }
    }
    let lo = ch;
    if (ch === '\\' && i + 1 < chars.length) lo = chars[++i] as string;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      let hi = chars[i + 2] as string;
      i += 2;
      if (hi === '\\' && i + 1 < chars.length) hi = chars[++i] as string;
      const [a, b] = [lo.codePointAt(0) as number, hi.codePointAt(0) as number];
      tests.push((c) => {
        const x = c.codePointAt(0) as number;
        return x >= a && x <= b;
      });
    } else {
      tests.push((c) => c === lo);
    }
  }
  return undefined;
}

function compile(pattern: string): Item[] {
  const chars = Array.from(pattern);
  const items: Item[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') {
      if (items[items.length - 1]?.kind !== 'star') items.push({ kind: 'star' });
    } else if (ch === '?') {
      items.push({ kind: 'one', test: () => true });
    } else if (ch === '[' && bracket(chars, i)) {
      const b = bracket(chars, i) as { test: (ch: string) => boolean; end: number };
      items.push({ kind: 'one', test: b.test });
      i = b.end;
    } else {
      const lit = ch === '\\' && i + 1 < chars.length ? (chars[++i] as string) : ch;
      items.push({ kind: 'one', test: (c) => c === lit });
    }
  }
  return items;
}

/** Does `text` match the whole pattern? */
export function globMatch(pattern: string, text: string): boolean {
  const items = compile(pattern);
  const chars = Array.from(text);
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < chars.length) {
    const item = items[p];
    if (item?.kind === 'star') {
      starP = p++;
      starT = t;
    } else if (item && item.test(chars[t] as string)) {
      p++;
      t++;
    } else if (starP >= 0) {
      // Let the last star swallow one more character and retry.
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (items[p]?.kind === 'star') p++;
  return p === items.length;
}
