// The functions a docker `--format` template can call: Go's builtins and docker/cli's
// templates.basicFunctions (json, split, join, title, lower, upper, pad, truncate).
import { goJson } from '../json';
import { GoNil, goTypeName, isGoMap, isTrue, mapGet, mapEntries, mapSize } from '../govalue';
import { goSprint, goSprintf, goSprintln } from '../printf';

/** A function's failure; the executor reports it as `error calling NAME: MESSAGE`. */
export class FuncError extends Error {}

/** A template function: `params` type-checks arguments as Go's reflection would. */
export interface GoFunc {
  params: readonly ParamType[];
  /** The last parameter repeats (Go's `...T`). */
  variadic?: boolean;
  fn: (...args: unknown[]) => unknown;
}

export type ParamType = 'any' | 'string' | 'int' | '[]string';

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

function basicKind(v: unknown): 'int' | 'float' | 'string' | 'bool' | 'nil' | 'other' {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'other';
}

function eq(a: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new FuncError('missing argument for comparison');
  const ka = basicKind(a);
  for (const b of rest) {
    const kb = basicKind(b);
    const numeric = (ka === 'int' || ka === 'float') && (kb === 'int' || kb === 'float');
    if (ka !== kb && !numeric) {
      if (ka !== 'nil' && kb !== 'nil') throw new FuncError('incompatible types for comparison');
      continue;
    }
    if (ka === 'other') {
      if (a === b) return true;
      throw new FuncError(`non-comparable type ${goTypeName(a)}`);
    }
    if (a === b) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'bool' || ka === 'nil' || ka === 'other' || kb === 'bool' || kb === 'nil' || kb === 'other') {
    throw new FuncError('invalid type for comparison');
  }
  const numeric = ka !== 'string' && kb !== 'string';
  if (ka !== kb && !numeric) throw new FuncError('incompatible types for comparison');
  return (a as number | string) < (b as number | string);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  if (item === undefined || item === null) throw new FuncError('index of untyped nil');
  for (const key of keys) {
    if (item instanceof GoNil) {
      if (item.kind === 'map') return undefined;
      throw new FuncError(`index out of range: ${String(key)}`);
    }
    if (Array.isArray(item) || typeof item === 'string') {
      if (typeof key !== 'number' || !Number.isInteger(key)) {
        throw new FuncError(`cannot index slice/array with type ${goTypeName(key)}`);
      }
      const seq: ArrayLike<unknown> = typeof item === 'string' ? utf8.encode(item) : item;
      if (key < 0 || key >= seq.length) throw new FuncError(`index out of range: ${key}`);
      item = seq[key];
    } else if (isGoMap(item)) {
      if (typeof key !== 'string') throw new FuncError(`value has type ${goTypeName(key)}; should be string`);
      const found = mapGet(item, key);
      // A missing key gives the element type's zero value: "" for a map of strings.
      const strings = mapEntries(item).every(([, v]) => typeof v === 'string');
      item = found !== undefined ? found : strings ? '' : undefined;
    } else {
      throw new FuncError(`can't index item of type ${goTypeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (item === undefined || item === null) throw new FuncError('slice of untyped nil');
  if (typeof item !== 'string' && !Array.isArray(item))
    throw new FuncError(`can't slice item of type ${goTypeName(item)}`);
  if (idx.length > 3) throw new FuncError(`too many slice indexes: ${idx.length}`);
  const len = typeof item === 'string' ? utf8.encode(item).length : item.length;
  const nums = idx.map((i) => {
    if (typeof i !== 'number' || !Number.isInteger(i))
      throw new FuncError(`cannot index slice/array with type ${goTypeName(i)}`);
    if (i < 0 || i > len) throw new FuncError(`index out of range: ${i}`);
    return i;
  });
  const [from = 0, to = len] = nums;
  if (from > to) throw new FuncError(`invalid slice index: ${from} > ${to}`);
  if (typeof item === 'string') return utf8d.decode(utf8.encode(item).slice(from, to));
  return item.slice(from, to);
}

function len(v: unknown): number {
  if (v === undefined || v === null) throw new FuncError('len of nil pointer');
  if (typeof v === 'string') return utf8.encode(v).length;
  if (Array.isArray(v)) return v.length;
  if (v instanceof GoNil) return 0;
  if (isGoMap(v)) return mapSize(v);
  throw new FuncError(`len of type ${goTypeName(v)}`);
}

const htmlEscape = (s: string): string =>
  s.replace(
    /[&'<>"\0]/g,
    (c) => ({ '&': '&amp;', "'": '&#39;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\0': '\ufffd' })[c] ?? c,
  );

/** strings.Title: upper-cases the first letter of each word. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    const sep = !/[\p{L}\p{N}_]/u.test(prev);
    out += sep ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

/** Go's builtins. `and`/`or` are handled by the executor (they short-circuit). */
export const BUILTINS: Record<string, GoFunc> = {
  not: { params: ['any'], fn: (v) => !isTrue(v) },
  len: { params: ['any'], fn: len },
  index: { params: ['any', 'any'], variadic: true, fn: index },
  slice: { params: ['any', 'any'], variadic: true, fn: slice },
  print: { params: ['any'], variadic: true, fn: (...a) => goSprint(a) },
  printf: { params: ['string', 'any'], variadic: true, fn: (f, ...a) => goSprintf(f as string, a) },
  println: { params: ['any'], variadic: true, fn: (...a) => goSprintln(a) },
  eq: { params: ['any', 'any'], variadic: true, fn: eq },
  ne: { params: ['any', 'any'], fn: (a, b) => !eq(a, b) },
  lt: { params: ['any', 'any'], fn: lt },
  le: { params: ['any', 'any'], fn: (a, b) => lt(a, b) || eq(a, b) },
  gt: { params: ['any', 'any'], fn: (a, b) => !lt(a, b) && !eq(a, b) },
  ge: { params: ['any', 'any'], fn: (a, b) => !lt(a, b) },
  html: { params: ['any'], variadic: true, fn: (...a) => htmlEscape(goSprint(a)) },
  urlquery: {
    params: ['any'],
    variadic: true,
    fn: (...a) =>
      encodeURIComponent(goSprint(a))
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()),
  },
};

/** docker/cli templates.basicFunctions. */
export const DOCKER_FUNCS: Record<string, GoFunc> = {
  json: { params: ['any'], fn: (v) => goJson(v, { escapeHTML: false }) },
  split: {
    params: ['string', 'string'],
    fn: (s, sep) => (sep === '' ? Array.from(s as string) : (s as string).split(sep as string)),
  },
  join: { params: ['[]string', 'string'], fn: (a, sep) => (a as string[]).join(sep as string) },
  title: { params: ['string'], fn: (s) => title(s as string) },
  lower: { params: ['string'], fn: (s) => (s as string).toLowerCase() },
  upper: { params: ['string'], fn: (s) => (s as string).toUpperCase() },
  pad: {
    params: ['string', 'int', 'int'],
    fn: (s, p, q) =>
      s === ''
        ? ''
        : ' '.repeat(Math.max(0, p as number)) + (s as string) + ' '.repeat(Math.max(0, q as number)),
  },
  truncate: {
    params: ['string', 'int'],
    fn: (s, n) => {
      const bytes = utf8.encode(s as string);
      return bytes.length < (n as number) ? s : utf8d.decode(bytes.slice(0, Math.max(0, n as number)));
    },
  },
};

/** docker/cli templates.HeaderFunctions: a table header prints column names unchanged. */
export const HEADER_FUNCS: Record<string, GoFunc> = {
  json: { params: ['string'], fn: (v) => v },
  split: { params: ['string', 'string'], fn: (v) => v },
  join: { params: ['string', 'string'], fn: (v) => v },
  title: { params: ['string'], fn: (v) => v },
  lower: { params: ['string'], fn: (v) => v },
  upper: { params: ['string'], fn: (v) => v },
  truncate: { params: ['string', 'int'], fn: (v) => v },
};
