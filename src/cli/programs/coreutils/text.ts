// echo, printf (bash's builtins), head, tail, wc, sort: text in, text out, stdin when no file is named.

import type { Program, ProgramContext } from '../../types';
import type { Input } from './util';
import { getopt, inputs, qa, qf, say } from './util';

/** The backslash escapes of `echo -e` and printf's format (`\c` stops all output). */
function unescape(s: string, octalNeedsZero: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\' || i === s.length - 1) {
      out += c;
      continue;
    }
    const n = s[++i] as string;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      e: '\x1b',
      E: '\x1b',
      '\\': '\\',
    };
    if (n in simple) out += simple[n];
    else if (n === 'c') return { text: out, stop: true };
    else if (n === '0' || (!octalNeedsZero && /[0-7]/.test(n))) {
      const m = /^[0-7]{0,3}/.exec(s.slice(n === '0' && octalNeedsZero ? i + 1 : i))?.[0] ?? '';
      out += String.fromCharCode(parseInt(m || '0', 8) & 0xff);
      i += m.length - (n === '0' && octalNeedsZero ? 0 : 1);
    } else if (n === 'x' && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) {
      const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1))?.[0] as string;
      out += String.fromCharCode(parseInt(m, 16));
      i += m.length;
    } else out += '\\' + n;
  }
  return { text: out, stop: false };
}

export const echo: Program = async (argv, ctx) => {
  let newline = true;
  let escapes = false;
  let i = 0;
  // bash's echo takes only whole words made of n, e and E as options.
  for (; i < argv.length && /^-[neE]+$/.test(argv[i] as string); i++) {
    for (const c of (argv[i] as string).slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  let text = argv.slice(i).join(' ');
  if (escapes) {
    const u = unescape(text, true);
    if (u.stop) {
      ctx.io.out(u.text);
      return 0;
    }
    text = u.text;
  }
  ctx.io.out(newline ? text + '\n' : text);
  return 0;
};

/** Shell-quotes like bash's `printf %q`. */
function shellQuote(s: string): string {
  if (s === '') return "''";
  return s.replace(/[^A-Za-z0-9_\-./,:+@%=^]/g, (c) => (c === '\n' ? "$'\\n'" : '\\' + c));
}

export const printf: Program = async (argv, ctx) => {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const format = args[0];
  if (format === undefined) {
    ctx.io.err('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  let rest = args.slice(1);
  let out = '';
  let code = 0;
  const num = (s: string | undefined): number => {
    if (s === undefined || s === '') return 0;
    if (/^['"]/.test(s)) return s.codePointAt(1) ?? 0;
    const t = s.trim();
    const v = /^[-+]?0[xX][0-9a-fA-F]+$/.test(t)
      ? parseInt(t, 16)
      : /^[-+]?0[0-7]+$/.test(t)
        ? parseInt(t, 8)
        : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)
          ? Number(t)
          : NaN;
    if (Number.isNaN(v)) {
      ctx.io.err(`bash: printf: ${s}: invalid number\n`);
      code = 1;
      return 0;
    }
    return v;
  };
  for (;;) {
    let used = 0;
    const next = () => {
      used++;
      return rest.shift();
    };
    const spec = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([sdiouxXcfFeEgGbq%])/g;
    let last = 0;
    let stop = false;
    for (let m = spec.exec(format); m; m = spec.exec(format)) {
      const lit = unescape(format.slice(last, m.index), false);
      out += lit.text;
      last = spec.lastIndex;
      if (lit.stop) {
        stop = true;
        break;
      }
      const [, flags = '', w, p, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = w === '*' ? Math.trunc(num(next())) : w ? Number(w) : 0;
      const prec = p === '*' ? Math.trunc(num(next())) : p !== undefined ? Number(p || '0') : undefined;
      const arg = next();
      let body: string;
      switch (conv) {
        case 's':
          body = arg ?? '';
          if (prec !== undefined) body = body.slice(0, prec);
          break;
        case 'b': {
          const u = unescape(arg ?? '', true);
          body = u.text;
          if (u.stop) stop = true;
          break;
        }
        case 'q':
          body = shellQuote(arg ?? '');
          break;
        case 'c':
          body = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const v = Math.trunc(num(arg));
          body = String(Math.abs(v));
          if (prec !== undefined) body = body.padStart(prec, '0');
          body = (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const v = Math.trunc(num(arg));
          body = (v < 0 ? BigInt.asUintN(64, BigInt(v)) : BigInt(v)).toString(conv === 'o' ? 8 : 16);
          if (conv === 'X') body = body.toUpperCase();
          if (flags.includes('#') && v !== 0) body = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + body;
          break;
        }
        default: {
          const v = num(arg);
          const pr = prec ?? 6;
          if (conv === 'f' || conv === 'F') body = v.toFixed(pr);
          else if (conv === 'e' || conv === 'E') body = v.toExponential(pr).replace(/e([-+])(\d)$/, 'e$10$2');
          else body = String(Number(v.toPrecision(pr || 1)));
          if (conv === 'E' || conv === 'G') body = body.toUpperCase();
          if (v >= 0 && flags.includes('+')) body = '+' + body;
        }
      }
      if (body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && /[diouxXfFeEgG]/.test(conv as string)) {
          const sign = /^[-+ ]/.test(body) ? (body[0] as string) : '';
          body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
        } else body = body.padStart(width);
      }
      out += body;
      if (stop) break;
    }
    if (!stop) {
      const tail = unescape(format.slice(last), false);
      out += tail.text;
      stop = tail.stop;
    }
    // The format is reused while arguments remain (and it consumed some).
    if (stop || rest.length === 0 || used === 0) break;
  }
  rest = [];
  ctx.io.out(out);
  return code;
};

/** `-n 5`, `-5`, `-n +2`: the count and whether it counts from the start (+N). */
function countOpt(
  ctx: ProgramContext,
  prog: string,
  argv: string[],
): { n: number; bytes: boolean; plus: boolean; quiet: boolean; verbose: boolean; files: string[] } | number {
  const fixed = argv.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
  const o = getopt(ctx, prog, fixed, 'ncqvfF', { lines: 'n', bytes: 'c', quiet: 'q', follow: 'f' }, 'nc');
  if (typeof o === 'number') return o;
  const raw = o.values.get('c') ?? o.values.get('n') ?? '10';
  const plus = raw.startsWith('+');
  const digits = raw.replace(/^[-+]/, '');
  if (!/^\d+$/.test(digits)) {
    const what = o.values.has('c') ? 'bytes' : 'lines';
    say(ctx, prog, `invalid number of ${what}: ${qa(raw)}`);
    return 1;
  }
  return {
    n: Number(digits),
    bytes: o.values.has('c'),
    plus,
    quiet: o.flags.has('q'),
    verbose: o.flags.has('v'),
    files: o.operands,
  };
}

function headOrTail(prog: 'head' | 'tail'): Program {
  return async (argv, ctx) => {
    const o = countOpt(ctx, prog, argv);
    if (typeof o === 'number') return o;
    let code = 0;
    const parts = inputs(ctx, prog, o.files, (name, e) => {
      say(
        ctx,
        prog,
        e.code === 'EISDIR' && prog === 'head'
          ? `error reading ${qa(name)}: ${e.text}`
          : `cannot open ${qa(name)} for reading: ${e.text}`,
      );
      code = 1;
    });
    const headers = (o.files.length > 1 && !o.quiet) || o.verbose;
    const chunks = parts.map((p) => {
      let body: string;
      if (o.bytes) {
        const b = new TextEncoder().encode(p.text);
        const cut =
          prog === 'head'
            ? b.slice(0, o.n)
            : o.plus
              ? b.slice(Math.max(0, o.n - 1))
              : b.slice(Math.max(0, b.length - o.n));
        body = new TextDecoder().decode(cut);
      } else {
        const lines = p.text.split(/(?<=\n)/);
        const cut =
          prog === 'head'
            ? lines.slice(0, o.n)
            : o.plus
              ? lines.slice(Math.max(0, o.n - 1))
              : o.n === 0
                ? []
                : lines.slice(-o.n);
        body = cut.join('');
      }
      return (headers ? `==> ${p.name === '-' ? 'standard input' : p.name} <==\n` : '') + body;
    });
    ctx.io.out(chunks.join('\n'));
    return code;
  };
}

export const head = headOrTail('head');
export const tail = headOrTail('tail');

export const wc: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'wc', argv, 'lwcmL', { lines: 'l', words: 'w', bytes: 'c', chars: 'm' });
  if (typeof o === 'number') return o;
  const f = o.flags;
  const which = f.size ? (['l', 'w', 'm', 'c'] as const).filter((k) => f.has(k)) : (['l', 'w', 'c'] as const);
  let code = 0;
  // A directory is reported and then counted as empty, as GNU wc does.
  const parts: Input[] = [];
  for (const name of o.operands.length ? o.operands : ['-']) {
    const got = inputs(ctx, 'wc', [name], (n, e) => {
      say(ctx, 'wc', `${qf(n)}: ${e.text}`);
      if (e.code === 'EISDIR') parts.push({ name: n, text: '' });
      code = 1;
    });
    parts.push(...(o.operands.length ? got : [{ name: '-', text: ctx.io.stdin ?? '' }]));
  }
  const count = (t: string): Record<'l' | 'w' | 'm' | 'c', number> => ({
    l: (t.match(/\n/g) ?? []).length,
    w: t.split(/[ \t\n\v\f\r]+/).filter(Boolean).length,
    m: [...t].length,
    c: new TextEncoder().encode(t).length,
  });
  const rows = parts.map((p) => ({
    name: p.name === '-' && !o.operands.length ? '' : p.name,
    // A virtual fill's bytes are 0-7: no newlines, no blanks, one word, one char per byte.
    c: p.fill === undefined ? count(p.text) : { l: 0, w: 1, m: p.fill, c: p.fill },
  }));
  const total = { l: 0, w: 0, m: 0, c: 0 };
  for (const r of rows) for (const k of ['l', 'w', 'm', 'c'] as const) total[k] += r.c[k];
  const piped = parts.some((p) => p.name === '-');
  let width = 1;
  if (!(which.length === 1 && parts.length === 1)) {
    const regular = rows.filter((r, i) => parts[i]?.name !== '-').reduce((a, r) => a + r.c.c, 0);
    width = Math.max(String(regular).length, piped ? 7 : 1);
  }
  const line = (c: Record<string, number>, name: string) =>
    which.map((k) => String(c[k]).padStart(width)).join(' ') + (name ? ` ${name}` : '') + '\n';
  let out = rows.map((r) => line(r.c, r.name)).join('');
  if (rows.length > 1) out += line(total, 'total');
  ctx.io.out(out);
  return code;
};

export const sort: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'sort', argv, 'rnuftk', { reverse: 'r', 'numeric-sort': 'n', unique: 'u' }, 'tk');
  if (typeof o === 'number') return o;
  let code = 0;
  const parts = inputs(ctx, 'sort', o.operands, (name, e) => {
    say(ctx, 'sort', `cannot read: ${qf(name)}: ${e.text}`);
    code = 2;
  });
  if (code) return code;
  const text = parts.map((p) => (p.text && !p.text.endsWith('\n') ? p.text + '\n' : p.text)).join('');
  const lines = text.split('\n');
  lines.pop();
  const sep = o.values.get('t');
  const field = o.values.has('k') ? Number.parseInt(o.values.get('k') as string, 10) : 0;
  const keyOf = (l: string): string => {
    if (!field) return l;
    if (sep !== undefined)
      return l
        .split(sep)
        .slice(field - 1)
        .join(sep);
    const m = l.match(/\s*\S+/g) ?? [];
    return m.slice(field - 1).join('');
  };
  const fold = o.flags.has('f') ? (s: string) => s.toUpperCase() : (s: string) => s;
  const bytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cmp = (a: string, b: string): number => {
    const ka = fold(keyOf(a));
    const kb = fold(keyOf(b));
    if (o.flags.has('n')) {
      const d = (parseFloat(ka) || 0) - (parseFloat(kb) || 0);
      if (d !== 0) return d;
      return o.flags.has('u') ? 0 : bytes(a, b);
    }
    const c = bytes(ka, kb);
    return c !== 0 || o.flags.has('u') ? c : bytes(a, b);
  };
  let sorted = [...lines].sort(cmp);
  if (o.flags.has('r')) sorted.reverse();
  if (o.flags.has('u')) sorted = sorted.filter((l, i) => i === 0 || cmp(sorted[i - 1] as string, l) !== 0);
  ctx.io.out(sorted.map((l) => l + '\n').join(''));
  return code;
};
