// `$((…))`: bash's 64-bit integer arithmetic (no assignments), with bash's error texts.
import { ExpansionError } from './errors';

type Tok = { kind: 'num' | 'name' | 'op'; text: string; pos: number };

const OPS = [
  '**',
  '<<',
  '>>',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '&',
  '^',
  '|',
  '!',
  '~',
  '(',
  ')',
  '?',
  ':',
];

const BINARY: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '|': 3,
  '^': 4,
  '&': 5,
  '==': 6,
  '!=': 6,
  '<': 7,
  '>': 7,
  '<=': 7,
  '>=': 7,
  '<<': 8,
  '>>': 8,
  '+': 9,
  '-': 9,
  '*': 10,
  '/': 10,
  '%': 10,
  '**': 11,
};

const wrap = (n: bigint): bigint => BigInt.asIntN(64, n);

/** Evaluates an expanded arithmetic expression; variables come from `lookup`. */
export function evaluateArith(expr: string, lookup: (name: string) => string | undefined, depth = 0): bigint {
  const toks = tokenize(expr);
  let i = 0;
  // Bash names the last token it read in its messages.
  let last = 0;
  const take = (): Tok => {
    const t = toks[i++] as Tok;
    last = t.pos;
    return t;
  };
  const fail = (msg: string, at: number): never => {
    const rest = expr.slice(at).trim();
    throw new ExpansionError(`${expr.trim()}: ${msg} (error token is "${rest}")`);
  };
  const peek = (): Tok | undefined => toks[i];

  const variable = (name: string): bigint => {
    const value = (lookup(name) ?? '').trim();
    if (value === '') return 0n;
    if (depth > 16)
      throw new ExpansionError(`${name}: expression recursion level exceeded (error token is "${name}")`);
    return evaluateArith(value, lookup, depth + 1);
  };

  const primary = (): bigint => {
    const t = peek();
    if (!t) return fail('syntax error: operand expected', last);
    take();
    if (t.kind === 'num') return number(t.text, t.pos);
    if (t.kind === 'name') return variable(t.text);
    if (t.text === '(') {
      const v = ternary();
      if (peek()?.text !== ')') fail("missing `)'", peek()?.pos ?? last);
      take();
      return v;
    }
    if (t.text === '-') return wrap(-unary());
    if (t.text === '+') return unary();
    if (t.text === '!') return unary() === 0n ? 1n : 0n;
    if (t.text === '~') return wrap(~unary());
    return fail('syntax error: operand expected', t.pos);
  };
  const unary = primary;

  const number = (text: string, pos: number): bigint => {
    let base = 10;
    let digits = text;
    const hash = text.indexOf('#');
    if (hash > 0) {
      base = Number(text.slice(0, hash));
      digits = text.slice(hash + 1);
      if (!(base >= 2 && base <= 64)) fail('invalid arithmetic base', pos);
    } else if (/^0[xX]/.test(text)) {
      base = 16;
      digits = text.slice(2);
    } else if (text.length > 1 && text.startsWith('0')) {
      base = 8;
      digits = text.slice(1);
    }
    let n = 0n;
    for (const ch of digits) {
      const d = digitValue(ch, base);
      if (d < 0 || d >= base) fail('value too great for base', pos);
      n = wrap(n * BigInt(base) + BigInt(d));
    }
    return n;
  };

  const binary = (minPrec: number): bigint => {
    let left = unary();
    for (;;) {
      const t = peek();
      if (!t || t.kind !== 'op') return left;
      const prec = BINARY[t.text];
      if (prec === undefined || prec < minPrec) return left;
      take();
      // `**` binds to the right; the others to the left.
      const right = binary(t.text === '**' ? prec : prec + 1);
      left = apply(t.text, left, right);
    }
  };

  const apply = (op: string, a: bigint, b: bigint): bigint => {
    switch (op) {
      case '+':
        return wrap(a + b);
      case '-':
        return wrap(a - b);
      case '*':
        return wrap(a * b);
      case '/':
      case '%':
        if (b === 0n) fail('division by 0', last);
        return wrap(op === '/' ? a / b : a % b);
      case '**':
        if (b < 0n) fail('exponent less than 0', last);
        return wrap(a ** b);
      case '<<':
        return wrap(a << (b & 63n));
      case '>>':
        return wrap(a >> (b & 63n));
      case '<':
        return a < b ? 1n : 0n;
      case '>':
        return a > b ? 1n : 0n;
      case '<=':
        return a <= b ? 1n : 0n;
      case '>=':
        return a >= b ? 1n : 0n;
      case '==':
        return a === b ? 1n : 0n;
      case '!=':
        return a !== b ? 1n : 0n;
      case '&':
        return a & b;
      case '^':
        return a ^ b;
      case '|':
        return a | b;
      case '&&':
        return a !== 0n && b !== 0n ? 1n : 0n;
      default:
        return a !== 0n || b !== 0n ? 1n : 0n;
    }
  };

  const ternary = (): bigint => {
    const cond = binary(1);
    if (peek()?.text !== '?') return cond;
    take();
    const yes = ternary();
    if (peek()?.text !== ':') fail("expected `:'", peek()?.pos ?? last);
    take();
    const no = ternary();
    return cond !== 0n ? yes : no;
  };

  if (toks.length === 0) return 0n;
  const value = ternary();
  const extra = peek();
  if (extra) fail('syntax error in expression', extra.pos);
  return value;
}

function digitValue(ch: string, base: number): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'a' && ch <= 'z') return ch.charCodeAt(0) - 87;
  if (ch >= 'A' && ch <= 'Z') return base <= 36 ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 29;
  if (ch === '@') return 62;
  if (ch === '_') return 63;
  return -1;
}

function tokenize(expr: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < expr.length) {
    const ch = expr[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const num = /^[0-9][0-9A-Za-z@_#]*/.exec(expr.slice(i));
    if (num) {
      toks.push({ kind: 'num', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr.slice(i));
    if (name) {
      toks.push({ kind: 'name', text: name[0], pos: i });
      i += name[0].length;
      continue;
    }
    const op = OPS.find((o) => expr.startsWith(o, i));
    if (!op) {
      const trimmed = expr.trim();
      throw new ExpansionError(
        `${trimmed}: syntax error: invalid arithmetic operator (error token is "${expr.slice(i).trim()}")`,
      );
    }
    toks.push({ kind: 'op', text: op, pos: i });
    i += op.length;
  }
  return toks;
}
