// Reading one word: quotes, backslashes, `$…` expansions, backquotes and here-document bodies.
import type { ParamOp, Script, Word, WordPart } from './ast';
import { isMeta, type Scanner } from './scanner';

/** What the word reader needs from the parser: nested command substitutions. */
export interface WordHost extends Scanner {
  /** Parses the script of a `$(` whose `$(` was just consumed, through its `)`. */
  substitution(): Script;
  /** A parser over other text (backquoted commands, here-document bodies). */
  subHost(text: string, lineBase: number): WordHost;
  parseAll(): Script;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL = '?$#@*!-0';

function pushText(parts: WordPart[], value: string, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.type === 'text' && last.quoted === quoted) last.value += value;
  else parts.push({ type: 'text', value, quoted });
}

const missing = (ch: string): string => `unexpected EOF while looking for matching \`${ch}'`;

/** Reads the unquoted word at the cursor (which is not a blank nor an operator). */
export function readWord(h: WordHost): Word {
  const start = h.pos;
  const parts: WordPart[] = [];
  readTilde(h, parts);
  while (!h.atEnd()) {
    const ch = h.peek();
    if (isMeta(ch)) break;
    if (ch === '\\') {
      const next = h.peek(1);
      if (next === '\n') {
        h.pos += 2;
      } else if (next === '') {
        if (!h.final) h.eof('syntax error: unexpected end of file');
        h.pos++;
        pushText(parts, '\\', false);
      } else {
        h.pos += 2;
        pushText(parts, next, true);
      }
    } else if (ch === "'") {
      readSingle(h, parts);
    } else if (ch === '"') {
      readDouble(h, parts);
    } else if (ch === '$') {
      readDollar(h, parts, false);
    } else if (ch === '`') {
      readBackquote(h, parts, false);
    } else {
      pushText(parts, ch, false);
      h.pos++;
    }
  }
  return { type: 'word', parts, text: h.src.slice(start, h.pos) };
}

function readTilde(h: WordHost, parts: WordPart[]): void {
  if (h.peek() !== '~') return;
  let end = h.pos + 1;
  while (end < h.src.length && /[A-Za-z0-9._-]/.test(h.src[end] as string)) end++;
  const after = h.src[end] ?? '';
  if (after !== '' && after !== '/' && !isMeta(after)) return;
  parts.push({ type: 'tilde', user: h.src.slice(h.pos + 1, end) });
  h.pos = end;
}

function readSingle(h: WordHost, parts: WordPart[]): void {
  const close = h.src.indexOf("'", h.pos + 1);
  if (close < 0) {
    h.pos = h.src.length;
    h.eof(missing("'"));
  }
  pushText(parts, '', true);
  pushText(parts, h.src.slice(h.pos + 1, close), true);
  h.pos = close + 1;
}

function readDouble(h: WordHost, parts: WordPart[]): void {
  h.pos++;
  pushText(parts, '', true);
  for (;;) {
    const ch = h.peek();
    if (ch === '') h.eof(missing('"'));
    if (ch === '"') {
      h.pos++;
      return;
    }
    if (ch === '\\') {
      const next = h.peek(1);
      if (next === '') {
        h.pos++;
        h.eof(missing('"'));
      }
      if (next === '\n') h.pos += 2;
      else if ('$`"\\'.includes(next)) {
        pushText(parts, next, true);
        h.pos += 2;
      } else {
        pushText(parts, '\\', true);
        h.pos++;
      }
    } else if (ch === '$') {
      readDollar(h, parts, true);
    } else if (ch === '`') {
      readBackquote(h, parts, true);
    } else {
      pushText(parts, ch, true);
      h.pos++;
    }
  }
}

/** Reads `$…` at the cursor; a `$` that starts nothing stays a literal dollar. */
export function readDollar(h: WordHost, parts: WordPart[], quoted: boolean): void {
  const start = h.pos;
  const next = h.peek(1);
  if (next === '(' && h.peek(2) === '(') {
    readArith(h, parts, quoted);
  } else if (next === '(') {
    h.pos += 2;
    h.enter();
    const script = h.substitution();
    h.leave();
    parts.push({ type: 'command', script, quoted, text: h.src.slice(start, h.pos) });
  } else if (next === '{') {
    readBrace(h, parts, quoted);
  } else if (!quoted && next === "'") {
    h.pos++;
    readAnsiC(h, parts);
  } else if (!quoted && next === '"') {
    h.pos++;
    readDouble(h, parts);
  } else if (next !== '' && NAME_START.test(next)) {
    let end = h.pos + 2;
    while (end < h.src.length && NAME_CHAR.test(h.src[end] as string)) end++;
    parts.push({ type: 'param', name: h.src.slice(h.pos + 1, end), quoted, text: h.src.slice(start, end) });
    h.pos = end;
  } else if (next !== '' && (/[0-9]/.test(next) || SPECIAL.includes(next))) {
    parts.push({ type: 'param', name: next, quoted, text: '$' + next });
    h.pos += 2;
  } else {
    pushText(parts, '$', quoted);
    h.pos++;
  }
}

function readArith(h: WordHost, parts: WordPart[], quoted: boolean): void {
  const start = h.pos;
  h.pos += 3;
  h.enter();
  const inner: WordPart[] = [];
  let depth = 0;
  for (;;) {
    const ch = h.peek();
    if (ch === '') h.eof(missing(')'));
    if (ch === ')' && depth === 0) {
      if (h.peek(1) !== ')') {
        h.pos++;
        h.eof(missing(')'));
      }
      h.pos += 2;
      break;
    }
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === '$') {
      readDollar(h, inner, true);
    } else if (ch === '`') {
      readBackquote(h, inner, true);
    } else if (ch === '\\' && h.peek(1) !== '') {
      pushText(inner, h.peek(1) === '\n' ? '' : h.peek(1), true);
      h.pos += 2;
    } else {
      pushText(inner, ch, true);
      h.pos++;
    }
  }
  h.leave();
  parts.push({ type: 'arith', parts: inner, quoted, text: h.src.slice(start, h.pos) });
}

const BRACE_OPS: ParamOp[] = [':-', ':=', ':+', ':?', '-', '=', '+', '?', '##', '#', '%%', '%', '//', '/'];

function readBrace(h: WordHost, parts: WordPart[], quoted: boolean): void {
  const start = h.pos;
  h.pos += 2;
  h.enter();
  let length = false;
  if (h.peek() === '#' && h.peek(1) !== '}' && h.peek(1) !== '') {
    length = true;
    h.pos++;
  }
  let name = '';
  const first = h.peek();
  if (first !== '' && NAME_START.test(first)) {
    let end = h.pos + 1;
    while (end < h.src.length && NAME_CHAR.test(h.src[end] as string)) end++;
    name = h.src.slice(h.pos, end);
    h.pos = end;
  } else if (/[0-9]/.test(first)) {
    let end = h.pos + 1;
    while (end < h.src.length && /[0-9]/.test(h.src[end] as string)) end++;
    name = h.src.slice(h.pos, end);
    h.pos = end;
  } else if (first !== '' && SPECIAL.includes(first)) {
    name = first;
    h.pos++;
  }
  const part: WordPart = { type: 'param', name, quoted, text: '' };
  if (name !== '' && h.peek() === '}') {
    if (length) part.op = 'length';
  } else if (name !== '' && !length) {
    const op = BRACE_OPS.find((o) => h.startsWith(o));
    if (op) {
      h.pos += op.length;
      part.op = op;
      if (op === '/' || op === '//') {
        part.arg = readBraceArg(h, quoted, '/}');
        part.replacement = [];
        if (h.peek() === '/') {
          h.pos++;
          part.replacement = readBraceArg(h, quoted, '}');
        }
      } else {
        part.arg = readBraceArg(h, quoted, '}');
      }
    } else {
      skipToBrace(h);
      part.bad = true;
    }
  } else {
    skipToBrace(h);
    part.bad = true;
  }
  if (h.peek() !== '}') h.eof(missing('}'));
  h.pos++;
  h.leave();
  part.text = h.src.slice(start, h.pos);
  parts.push(part);
}

/** Bash reports a malformed `${…}` only when it expands it: keep its text. */
function skipToBrace(h: WordHost): void {
  let depth = 0;
  for (;;) {
    const ch = h.peek();
    if (ch === '') h.eof(missing('}'));
    if (ch === '}' && depth === 0) return;
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === '\\') h.pos++;
    h.pos++;
  }
}

function readBraceArg(h: WordHost, quoted: boolean, stops: string): WordPart[] {
  const parts: WordPart[] = [];
  for (;;) {
    const ch = h.peek();
    if (ch === '') h.eof(missing('}'));
    if (stops.includes(ch)) return parts;
    if (ch === '\\') {
      const next = h.peek(1);
      if (next === '') {
        h.pos++;
        continue;
      }
      if (next !== '\n') pushText(parts, next, true);
      h.pos += 2;
    } else if (ch === "'" && !quoted) {
      readSingle(h, parts);
    } else if (ch === '"') {
      readDouble(h, parts);
    } else if (ch === '$') {
      readDollar(h, parts, quoted);
    } else if (ch === '`') {
      readBackquote(h, parts, quoted);
    } else {
      pushText(parts, ch, quoted);
      h.pos++;
    }
  }
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** `$'…'` with C escapes; the cursor is on the opening quote. */
function readAnsiC(h: WordHost, parts: WordPart[]): void {
  h.pos++;
  let out = '';
  for (;;) {
    const ch = h.peek();
    if (ch === '') h.eof(missing("'"));
    h.pos++;
    if (ch === "'") break;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = h.peek();
    if (e === '') continue;
    h.pos++;
    const simple = C_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
    } else if (/[0-7]/.test(e)) {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(h.peek())) digits += h.src[h.pos++];
      out += String.fromCharCode(parseInt(digits, 8) & 0xff);
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const max = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      let digits = '';
      while (digits.length < max && /[0-9A-Fa-f]/.test(h.peek())) digits += h.src[h.pos++];
      const code = parseInt(digits, 16);
      if (digits === '') out += '\\' + e;
      else out += code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    } else if (e === 'c' && h.peek() !== '') {
      out += String.fromCharCode(h.src.charCodeAt(h.pos++) & 0x1f);
    } else {
      out += '\\' + e;
    }
  }
  pushText(parts, '', true);
  pushText(parts, out, true);
}

/** Backquotes: `\$`, `` \` `` and `\\` lose their backslash (and `\"` inside double quotes). */
function readBackquote(h: WordHost, parts: WordPart[], quoted: boolean): void {
  const start = h.pos;
  const line = h.lineAt(start);
  h.pos++;
  let inner = '';
  for (;;) {
    const ch = h.peek();
    if (ch === '') h.eof(missing('`'));
    h.pos++;
    if (ch === '`') break;
    if (ch === '\\') {
      const next = h.peek();
      if (next === '$' || next === '`' || next === '\\' || (quoted && next === '"')) {
        inner += next;
        h.pos++;
        continue;
      }
    }
    inner += ch;
  }
  h.enter();
  const sub = h.subHost(inner, line - 1);
  sub.depth = h.depth;
  const script = sub.parseAll();
  h.leave();
  parts.push({ type: 'command', script, quoted, text: h.src.slice(start, h.pos) });
}

/** The parts of an unquoted here-document body: expansions work, quotes are plain text. */
export function readHeredocParts(h: WordHost): WordPart[] {
  const parts: WordPart[] = [];
  pushText(parts, '', true);
  while (!h.atEnd()) {
    const ch = h.peek();
    if (ch === '\\') {
      const next = h.peek(1);
      if (next === '\n') h.pos += 2;
      else if (next === '$' || next === '`' || next === '\\') {
        pushText(parts, next, true);
        h.pos += 2;
      } else {
        pushText(parts, '\\', true);
        h.pos++;
      }
    } else if (ch === '$') {
      readDollar(h, parts, true);
    } else if (ch === '`') {
      readBackquote(h, parts, true);
    } else {
      pushText(parts, ch, true);
      h.pos++;
    }
  }
  return parts;
}
