// Go's fmt.Sprintf / Sprint / Sprintln for template values (the verbs people use in
// `--format`), with fmt's error forms: %!d(string=x), %!s(MISSING), %!(EXTRA …).
import { goSprintValue, goTypeName, GoNil, GoStruct, isGoMap, mapEntries, formatNumber } from './govalue';
import { formatFloat, goQuote } from './strconv';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  prec?: number;
  verb: string;
}

const utf8 = new TextEncoder();

function pad(s: string, f: Spec, numeric: boolean): string {
  const len = Array.from(s).length;
  if (f.width === undefined || len >= f.width) return s;
  const fill = f.width - len;
  if (f.minus) return s + ' '.repeat(fill);
  if (f.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? (s[0] as string) : '';
    return sign + '0'.repeat(fill) + s.slice(sign.length);
  }
  return ' '.repeat(fill) + s;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function signed(s: string, negative: boolean, f: Spec): string {
  if (negative) return '-' + s;
  if (f.plus) return '+' + s;
  if (f.space) return ' ' + s;
  return s;
}

function badVerb(v: unknown, f: Spec): string {
  if (v === undefined || v === null) return `%!${f.verb}(<nil>)`;
  return `%!${f.verb}(${goTypeName(v)}=${goSprintValue(v, false, 1)})`;
}

function fmtInteger(n: number, f: Spec): string | undefined {
  const neg = n < 0;
  const abs = BigInt(Math.abs(n));
  switch (f.verb) {
    case 'd':
    case 'v':
      return signed(abs.toString(), neg, f);
    case 'b':
      return signed(abs.toString(2), neg, f);
    case 'o':
      return signed((f.sharp ? '0' : '') + abs.toString(8), neg, f);
    case 'O':
      return signed('0o' + abs.toString(8), neg, f);
    case 'x':
      return signed((f.sharp ? '0x' : '') + abs.toString(16), neg, f);
    case 'X':
      return signed((f.sharp ? '0X' : '') + abs.toString(16).toUpperCase(), neg, f);
    case 'c':
      return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
    case 'q':
      return n >= 0 && n <= 0x10ffff ? "'" + goQuote(String.fromCodePoint(n)).slice(1, -1) + "'" : "'\ufffd'";
    case 'U':
      return 'U+' + abs.toString(16).toUpperCase().padStart(4, '0');
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return undefined;
    default:
      return undefined;
  }
}

function fmtFloatVerb(x: number, f: Spec): string | undefined {
  const verb = f.verb === 'v' ? 'g' : f.verb === 'F' ? 'f' : f.verb;
  if (!['e', 'E', 'f', 'g', 'G'].includes(verb)) return undefined;
  const prec = f.prec ?? (verb === 'g' || verb === 'G' ? -1 : 6);
  const s = formatFloat(Math.abs(x), verb as 'e', prec);
  return signed(s, x < 0 || Object.is(x, -0), f);
}

function fmtString(s: string, f: Spec): string | undefined {
  if (f.prec !== undefined) s = Array.from(s).slice(0, f.prec).join('');
  switch (f.verb) {
    case 's':
    case 'v':
      return s;
    case 'q':
      return goQuote(s);
    case 'x':
    case 'X': {
      const hex = Array.from(utf8.encode(s), (b) => b.toString(16).padStart(2, '0')).join('');
      return f.verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      return undefined;
  }
}

/** One operand under one verb, without width padding. */
function fmtValue(v: unknown, f: Spec, depth: number): string {
  if (f.verb === 'T') return v === undefined || v === null ? '<nil>' : goTypeName(v);
  if (f.verb === 'v' && !(typeof v === 'number')) return goSprintValue(v, f.plus, depth);
  if (typeof v === 'string') return fmtString(v, f) ?? badVerb(v, f);
  if (typeof v === 'boolean') return f.verb === 't' || f.verb === 'v' ? String(v) : badVerb(v, f);
  if (isInt(v)) return fmtInteger(v, f) ?? badVerb(v, f);
  if (typeof v === 'number') return fmtFloatVerb(v, f) ?? badVerb(v, f);
  if (v instanceof GoNil) return goSprintValue(v, f.plus, depth);
  if (Array.isArray(v)) return '[' + v.map((e) => fmtValue(e, f, depth + 1)).join(' ') + ']';
  if (v instanceof GoStruct) return goSprintValue(v, f.plus, depth);
  if (isGoMap(v)) {
    return (
      'map[' +
      mapEntries(v)
        .map(([k, e]) => `${fmtValue(k, f, depth + 1)}:${fmtValue(e, f, depth + 1)}`)
        .join(' ') +
      ']'
    );
  }
  return badVerb(v, f);
}

/** fmt.Sprintf. */
export function goSprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argi = 0;
  const chars = Array.from(format);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const f: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false, verb: '' };
    i++;
    for (; i < chars.length; i++) {
      const c = chars[i];
      if (c === '-') f.minus = true;
      else if (c === '+') f.plus = true;
      else if (c === '#') f.sharp = true;
      else if (c === ' ') f.space = true;
      else if (c === '0') f.zero = !f.minus;
      else break;
    }
    const num = (): number | undefined => {
      if (chars[i] === '*') {
        i++;
        const a = args[argi++];
        return isInt(a) ? a : undefined;
      }
      let s = '';
      while (i < chars.length && /[0-9]/.test(chars[i] as string)) s += chars[i++];
      return s === '' ? undefined : Number(s);
    };
    f.width = num();
    if (chars[i] === '.') {
      i++;
      f.prec = num() ?? 0;
    }
    if (i >= chars.length) {
      out += '%!(NOVERB)';
      break;
    }
    f.verb = chars[i] as string;
    if (f.verb === '%') {
      out += '%';
      continue;
    }
    if (argi >= args.length) {
      out += `%!${f.verb}(MISSING)`;
      continue;
    }
    const v = args[argi++];
    const numeric = typeof v === 'number';
    out += pad(fmtValue(v, f, 0), f, numeric);
  }
  if (argi < args.length) {
    const extra = args
      .slice(argi)
      .map((a) =>
        a === undefined || a === null ? '<nil>' : `${goTypeName(a)}=${goSprintValue(a, false, 1)}`,
      );
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

const isStr = (v: unknown): boolean => typeof v === 'string';

function sprintOne(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (typeof v === 'number') return formatNumber(v);
  return goSprintValue(v, false, 0);
}

/** fmt.Sprint: spaces only between operands when neither is a string. */
export function goSprint(args: readonly unknown[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && !isStr(a) && !isStr(args[i - 1])) out += ' ';
    out += sprintOne(a);
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands, then a newline. */
export function goSprintln(args: readonly unknown[]): string {
  return args.map(sprintOne).join(' ') + '\n';
}
