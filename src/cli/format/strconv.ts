// Go's strconv where the CLI's messages show it: Quote (%q), ParseBool, ParseInt/ParseUint
// with base 0, and FormatFloat with Go's rounding (exact ties go to even, unlike JS toFixed).

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isGoPrint(ch: string): boolean {
  return ch === ' ' || PRINTABLE.test(ch);
}

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

function escapeRune(ch: string, quote: string): string {
  if (ch === quote || ch === '\\') return '\\' + ch;
  if (isGoPrint(ch)) return ch;
  const short = SHORT_ESCAPES[ch];
  if (short) return short;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return '\\x' + code.toString(16).padStart(2, '0');
  if (code < 0x10000) return '\\u' + code.toString(16).padStart(4, '0');
  return '\\U' + code.toString(16).padStart(8, '0');
}

/** strconv.Quote: what `%q` prints for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.length === 1 && /[\ud800-\udfff]/.test(ch) ? '\ufffd' : ch, '"');
  return out + '"';
}

/** strconv.QuoteRune: what `%q` prints for a rune (or a byte, read as a rune). */
export function goQuoteRune(code: number): string {
  return "'" + escapeRune(String.fromCodePoint(code), "'") + "'";
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** strconv.ParseBool. */
export function parseBool(s: string): Parsed<boolean> {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return { ok: true, value: true };
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return { ok: true, value: false };
  return { ok: false, error: `strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax` };
}

/** Go's rule for `_` digit separators with base 0. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'boxBOX'.includes(s[1] as string)) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i] as string;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function parseMagnitude(s: string): bigint | undefined {
  let base = 10;
  let body = s;
  if (/^0[xX]/.test(s)) {
    base = 16;
    body = s.slice(2);
  } else if (/^0[bB]/.test(s)) {
    base = 2;
    body = s.slice(2);
  } else if (/^0[oO]/.test(s)) {
    base = 8;
    body = s.slice(2);
  } else if (s.length > 1 && s[0] === '0') {
    base = 8;
    body = s.slice(1);
  }
  if (s.includes('_') && !underscoreOK(s)) return undefined;
  body = body.replace(/_/g, '');
  if (body === '') return undefined;
  let n = 0n;
  for (const c of body.toLowerCase()) {
    const d = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 87 : 99;
    if (d >= base) return undefined;
    n = n * BigInt(base) + BigInt(d);
  }
  return n;
}

/** strconv.ParseInt(s, 0, 64). */
export function parseInt64(s: string): Parsed<number> {
  const fn = 'strconv.ParseInt';
  const neg = s.startsWith('-');
  const body = s.startsWith('-') || s.startsWith('+') ? s.slice(1) : s;
  const mag = body === '' ? undefined : parseMagnitude(body);
  if (mag === undefined) return { ok: false, error: `${fn}: parsing ${goQuote(s)}: invalid syntax` };
  const value = neg ? -mag : mag;
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    return { ok: false, error: `${fn}: parsing ${goQuote(s)}: value out of range` };
  }
  return { ok: true, value: Number(value) };
}

/** strconv.ParseUint(s, 0, 64). */
export function parseUint64(s: string): Parsed<number> {
  const fn = 'strconv.ParseUint';
  const mag = s === '' || s.startsWith('-') || s.startsWith('+') ? undefined : parseMagnitude(s);
  if (mag === undefined) return { ok: false, error: `${fn}: parsing ${goQuote(s)}: invalid syntax` };
  if (mag > 18446744073709551615n)
    return { ok: false, error: `${fn}: parsing ${goQuote(s)}: value out of range` };
  return { ok: true, value: Number(mag) };
}

/** The exact decimal value of a finite positive double: 0.DIGITS × 10^point, no trailing zeros. */
function exactDecimal(x: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    point = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  digits = digits.replace(/0+$/, '');
  return { digits, point };
}

/** Rounds to `n` significant digits, exact ties to even; trailing zeros dropped. */
function roundDigits(digits: string, point: number, n: number): { digits: string; point: number } {
  if (n >= digits.length) return { digits, point };
  if (n < 0) return { digits: '', point };
  const rest = digits.slice(n);
  const last = n > 0 ? Number(digits[n - 1]) : 0;
  const first = rest[0] as string;
  const up = first > '5' || (first === '5' && (rest.length > 1 || last % 2 === 1));
  let kept = digits.slice(0, n);
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) {
      return { digits: '1', point: point + 1 };
    }
    kept = kept.slice(0, i) + String(Number(kept[i]) + 1);
  }
  kept = kept.replace(/0+$/, '');
  return { digits: kept, point: kept === '' ? 0 : point };
}

function shortestDigits(x: number): { digits: string; point: number } {
  const [mant, e] = x.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '').replace(/0+$/, '');
  return { digits, point: Number(e) + 1 };
}

function fmtE(digits: string, point: number, prec: number, upper: boolean): string {
  let s = digits[0] ?? '0';
  if (prec > 0) s += '.' + digits.slice(1, 1 + prec).padEnd(prec, '0');
  const exp = digits === '' ? 0 : point - 1;
  const sign = exp < 0 ? '-' : '+';
  return s + (upper ? 'E' : 'e') + sign + String(Math.abs(exp)).padStart(2, '0');
}

function fmtF(digits: string, point: number, prec: number): string {
  let s = point > 0 ? digits.slice(0, point).padEnd(point, '0') : '0';
  if (prec > 0) {
    s += '.';
    for (let i = 0; i < prec; i++) {
      const j = point + i;
      s += j >= 0 && j < digits.length ? digits[j] : '0';
    }
  }
  return s;
}

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt e, E, f, g, G; prec -1 = shortest. */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let d: { digits: string; point: number };
  if (abs === 0) d = { digits: '', point: 0 };
  else if (shortest) d = shortestDigits(abs);
  else {
    const exact = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') d = roundDigits(exact.digits, exact.point, prec + 1);
    else if (fmt === 'f') d = roundDigits(exact.digits, exact.point, exact.point + prec);
    else d = roundDigits(exact.digits, exact.point, prec === 0 ? 1 : prec);
  }
  let out: string;
  if (fmt === 'e' || fmt === 'E') {
    out = fmtE(d.digits, d.point, shortest ? Math.max(d.digits.length - 1, 0) : prec, fmt === 'E');
  } else if (fmt === 'f') {
    out = fmtF(d.digits, d.point, shortest ? Math.max(d.digits.length - d.point, 0) : prec);
  } else {
    let p = shortest ? d.digits.length : prec === 0 ? 1 : prec;
    const nd = d.digits.length;
    let eprec = p;
    if (eprec > nd && nd >= d.point) eprec = nd;
    if (shortest) eprec = 6;
    const exp = d.point - 1;
    if (nd > 0 && (exp < -4 || exp >= eprec)) {
      if (p > nd) p = nd;
      out = fmtE(d.digits, d.point, p - 1, fmt === 'G');
    } else {
      if (p > d.point) p = nd;
      out = fmtF(d.digits, d.point, Math.max(p - d.point, 0));
    }
  }
  return (neg ? '-' : '') + out;
}
