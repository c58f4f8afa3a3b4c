// Word expansion, bash's order: tilde, parameters, command substitution and arithmetic,
// then field splitting of unquoted results, then pathname expansion, then quote removal.
import type { Heredoc, ParamPart, Script, Word, WordPart } from './ast';
import { evaluateArith } from './arith';
import { ExpansionError } from './errors';
import { escapeGlob, globMatch, hasGlobMeta } from './glob';

export interface ExpandContext {
  /** Any parameter: `HOME`, `?`, `$`, `#`, `@`, `0`, `1`…; undefined when unset. */
  lookup(name: string): string | undefined;
  /** `${name:=word}` sets the variable. */
  assign?(name: string, value: string): void;
  /** Runs a command substitution and returns its standard output. */
  substitute(script: Script, text: string): Promise<string>;
  /** `~user`'s home; `~` alone uses `lookup('HOME')`. */
  home?(user: string): string | undefined;
  /** Pathname expansion: the sorted matches of a pattern (none keeps the word as written). */
  glob?(pattern: string): Promise<string[]> | string[];
}

interface Field {
  text: string;
  /** The same text with quoted characters escaped, for globbing. */
  pattern: string;
  glob: boolean;
}

/** Collects fields while parts are expanded. */
class Fields {
  readonly done: Field[] = [];
  private cur: Field | null = null;

  constructor(private readonly ifs: string) {}

  private field(): Field {
    if (!this.cur) this.cur = { text: '', pattern: '', glob: false };
    return this.cur;
  }

  quoted(s: string): void {
    const f = this.field();
    f.text += s;
    f.pattern += escapeGlob(s);
  }

  literal(s: string): void {
    if (s === '') return;
    const f = this.field();
    f.text += s;
    f.pattern += s;
    if (hasGlobMeta(s)) f.glob = true;
  }

  /** Unquoted expansion results: split on IFS (whitespace runs collapse). */
  split(s: string): void {
    for (const ch of s) {
      if (this.ifs.includes(ch)) {
        if (ch === ' ' || ch === '\t' || ch === '\n') {
          this.end();
        } else {
          this.done.push(this.cur ?? { text: '', pattern: '', glob: false });
          this.cur = null;
        }
      } else {
        const f = this.field();
        f.text += ch;
        f.pattern += ch === '\\' ? '\\\\' : ch;
        if (ch === '*' || ch === '?' || ch === '[') f.glob = true;
      }
    }
  }

  end(): void {
    if (this.cur) this.done.push(this.cur);
    this.cur = null;
  }
}

const stripNewlines = (s: string): string => s.replace(/\n+$/, '');

/** Expands words into the argument list (`docker rm -f $(docker ps -aq)` gives one argument per id). */
export async function expandWords(words: readonly Word[], ctx: ExpandContext): Promise<string[]> {
  const out: string[] = [];
  for (const w of words) out.push(...(await expandWord(w, ctx)));
  return out;
}

/** One word into zero or more fields. */
export async function expandWord(word: Word, ctx: ExpandContext): Promise<string[]> {
  const fields = new Fields(ctx.lookup('IFS') ?? ' \t\n');
  await addParts(word.parts, ctx, fields, true);
  fields.end();
  const out: string[] = [];
  for (const f of fields.done) {
    if (f.glob && ctx.glob) {
      const matches = await ctx.glob(f.pattern);
      if (matches.length > 0) {
        out.push(...matches);
        continue;
      }
    }
    out.push(f.text);
  }
  return out;
}

/** Expansion without splitting or globbing: assignments, here-strings, here-document bodies. */
export async function expandString(parts: readonly WordPart[], ctx: ExpandContext): Promise<string> {
  let s = '';
  for (const p of parts) s += await partString(p, ctx);
  return s;
}

/** A redirection's file name: exactly one field, else bash's `ambiguous redirect`. */
export async function expandRedirectTarget(word: Word, ctx: ExpandContext): Promise<string> {
  const fields = await expandWord(word, ctx);
  if (fields.length !== 1) throw new ExpansionError(`${word.text}: ambiguous redirect`);
  return fields[0] as string;
}

/** The text a here-document feeds to standard input. */
export async function expandHeredoc(doc: Heredoc, ctx: ExpandContext): Promise<string> {
  return doc.quoted ? doc.body : expandString(doc.parts, ctx);
}

async function addParts(
  parts: readonly WordPart[],
  ctx: ExpandContext,
  fields: Fields,
  top: boolean,
): Promise<void> {
  for (const [i, p] of parts.entries()) {
    switch (p.type) {
      case 'text':
        // Inside `${x:-a b}` unquoted text is expansion output, so it splits.
        if (p.quoted) fields.quoted(p.value);
        else if (top) fields.literal(p.value);
        else fields.split(p.value);
        break;
      case 'tilde':
        fields.quoted(top && i === 0 ? tilde(p.user, ctx) : '~' + p.user);
        break;
      case 'param': {
        const chosen = await paramValue(p, ctx);
        if (typeof chosen === 'string') {
          if (p.quoted) fields.quoted(chosen);
          else fields.split(chosen);
        } else {
          await addParts(chosen, ctx, fields, false);
        }
        break;
      }
      case 'command':
      case 'arith': {
        const value = await partString(p, ctx);
        if (p.quoted) fields.quoted(value);
        else fields.split(value);
        break;
      }
    }
  }
}

async function partString(p: WordPart, ctx: ExpandContext): Promise<string> {
  switch (p.type) {
    case 'text':
      return p.value;
    case 'tilde':
      return tilde(p.user, ctx);
    case 'param': {
      const chosen = await paramValue(p, ctx);
      return typeof chosen === 'string' ? chosen : expandString(chosen, ctx);
    }
    case 'command':
      return stripNewlines(await ctx.substitute(p.script, p.text));
    case 'arith': {
      const expr = await expandString(p.parts, ctx);
      return String(evaluateArith(expr, (n) => ctx.lookup(n)));
    }
  }
}

function tilde(user: string, ctx: ExpandContext): string {
  const home = user === '' ? ctx.lookup('HOME') : ctx.home?.(user);
  return home ?? '~' + user;
}

/** The value of `${…}`: a string, or the operator's word when that word is chosen. */
async function paramValue(p: ParamPart, ctx: ExpandContext): Promise<string | readonly WordPart[]> {
  if (p.bad) throw new ExpansionError(`${p.text}: bad substitution`);
  const value = ctx.lookup(p.name);
  const arg = p.arg ?? [];
  const empty = value === undefined || value === '';
  switch (p.op) {
    case undefined:
      return value ?? '';
    case 'length':
      return String(Array.from(value ?? '').length);
    case ':-':
      return empty ? arg : (value as string);
    case '-':
      return value === undefined ? arg : value;
    case ':=':
    case '=': {
      if (p.op === ':=' ? !empty : value !== undefined) return value as string;
      const assigned = await expandString(arg, ctx);
      if (!/^[A-Za-z_]/.test(p.name)) throw new ExpansionError(`$${p.name}: cannot assign in this way`);
      ctx.assign?.(p.name, assigned);
      return assigned;
    }
    case ':+':
      return empty ? '' : arg;
    case '+':
      return value === undefined ? '' : arg;
    case ':?':
    case '?': {
      if (p.op === ':?' ? !empty : value !== undefined) return value as string;
      const msg = await expandString(arg, ctx);
      const fallback = p.op === ':?' ? 'parameter null or not set' : 'parameter not set';
      throw new ExpansionError(`${p.name}: ${msg !== '' ? msg : fallback}`);
    }
    case '#':
    case '##':
    case '%':
    case '%%':
      return trim(value ?? '', await patternOf(arg, ctx), p.op);
    case '/':
    case '//':
      return replace(
        value ?? '',
        await patternOf(arg, ctx),
        await expandString(p.replacement ?? [], ctx),
        p.op === '//',
      );
  }
}

/** Quoted parts match literally, unquoted ones as patterns. */
async function patternOf(parts: readonly WordPart[], ctx: ExpandContext): Promise<string> {
  let s = '';
  for (const p of parts) {
    const text = await partString(p, ctx);
    const literal = p.type === 'tilde' || p.quoted;
    s += literal ? escapeGlob(text) : text;
  }
  return s;
}

function trim(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const n = value.length;
  if (op === '#' || op === '##') {
    const order = op === '#' ? range(0, n) : range(n, 0);
    for (const i of order) if (globMatch(pattern, value.slice(0, i))) return value.slice(i);
  } else {
    const order = op === '%' ? range(n, 0) : range(0, n);
    for (const i of order) if (globMatch(pattern, value.slice(i))) return value.slice(0, i);
  }
  return value;
}

function replace(value: string, pattern: string, replacement: string, all: boolean): string {
  if (pattern === '') return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    let matched = -1;
    for (let j = value.length; j > i; j--) {
      if (globMatch(pattern, value.slice(i, j))) {
        matched = j;
        break;
      }
    }
    if (matched < 0) {
      out += value[i];
      i++;
      continue;
    }
    out += replacement;
    i = matched;
    if (!all) return out + value.slice(i);
  }
  return out;
}

/** Integers from `a` to `b` inclusive, in either direction. */
function range(a: number, b: number): number[] {
  const out: number[] = [];
  if (a <= b) for (let i = a; i <= b; i++) out.push(i);
  else for (let i = a; i >= b; i--) out.push(i);
  return out;
}
