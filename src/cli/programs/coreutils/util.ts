// What every coreutils program shares: paths against the shell's cwd, stat through the container's
// merged view, GNU's quoting styles and its "missing operand" / errno message shapes.

import { FsError } from '../../../engine/errors';
import type { Entry } from '../../../engine/fs/entry';
import { contentBytes, contentChunks } from '../../../engine/fs/content';
import { join } from '../../../engine/fs/path';
import type { View } from '../../../engine/fs/view';
import type { ProgramContext } from '../../types';

/** An absolute (not yet normalised) path: `..` is left for the view to resolve physically. */
export function abs(ctx: ProgramContext, p: string): string {
  // The empty name stays empty: it names nothing (ENOENT), never the cwd.
  return p === '' || p.startsWith('/') ? p : join(ctx.shell.cwd, p);
}

/** What stat says about '/', which is never an entry of a layer. */
export const ROOT_DIR: Entry = { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 };

/** '/' as this shell sees it: a container's root dates from its creation (the overlay mount). */
export function rootEntry(ctx: ProgramContext): Entry {
  if (ctx.where === 'host') return ROOT_DIR;
  const c = ctx.engine.state.containers.get(ctx.where as never);
  return c ? { ...ROOT_DIR, mtime: Math.floor(c.created / 1000) } : ROOT_DIR;
}

/** The same stat with '/' given its real attributes. */
export function withRoot(ctx: ProgramContext, s: Stat): Stat {
  return s.path === '/' ? { ...s, entry: rootEntry(ctx) } : s;
}

export interface Stat {
  /** The real, normalised path. */
  readonly path: string;
  readonly entry: Entry;
  /** The index of the layer supplying it (the upper is the top). */
  readonly layer: number;
}

/** stat(2) (follow = true) or lstat(2); throws FsError like the kernel. */
export function statPath(view: View, path: string, follow: boolean): Stat {
  if (path === '') throw new FsError('ENOENT', path);
  const real = view.resolve(path, follow);
  if (real === '/') return { path: '/', entry: ROOT_DIR, layer: 0 };
  const f = view.lookup(real);
  if (!f) throw new FsError('ENOENT', path);
  // A trailing slash asks for a directory.
  const e = view.resolvedEntry(real, f);
  if (path.endsWith('/') && e.type !== 'dir') throw new FsError('ENOTDIR', path);
  return { path: real, entry: e, layer: f.layer };
}

export function tryStat(view: View, path: string, follow: boolean): Stat | FsError {
  try {
    return statPath(view, path, follow);
  } catch (e) {
    if (e instanceof FsError) return e;
    throw e;
  }
}

const SAFE = /^[A-Za-z0-9_\-./,:+@%=^]+$/;

/** GNU quoting for a name in a message ("shell-escape"): only when needed (`cat: x: …`). */
export function qf(s: string): string {
  if (s !== '' && SAFE.test(s) && !s.startsWith('~')) return s;
  return qa(s);
}

/** GNU's always-quoted style (`ls: cannot access 'x': …`). */
export function qa(s: string): string {
  if (!s.includes("'")) return `'${s}'`;
  if (!/[\\"$`]/.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The strerror text of a thrown error, rethrowing anything that is not a filesystem error. */
export function errText(e: unknown): string {
  if (e instanceof FsError) return e.text;
  throw e;
}

export function say(ctx: ProgramContext, prog: string, msg: string): void {
  ctx.io.err(`${prog}: ${msg}\n`);
}

/** `prog: missing operand` + the help hint; exit 1. */
export function usageError(ctx: ProgramContext, prog: string, msg: string): number {
  ctx.io.err(`${prog}: ${msg}\nTry '${prog} --help' for more information.\n`);
  return 1;
}

/** Splits argv into short/long options and operands (`--` ends options; `-` alone is an operand). */
export function getopt(
  ctx: ProgramContext,
  prog: string,
  argv: readonly string[],
  shorts: string,
  longs: Record<string, string> = {},
  withArg = '',
): { flags: Set<string>; values: Map<string, string>; operands: string[] } | number {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, val] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const f = longs[name];
      if (f === undefined) return usageError(ctx, prog, `unrecognized option '${a}'`);
      if (withArg.includes(f)) {
        const v = val ?? argv[++i];
        if (v === undefined) return usageError(ctx, prog, `option '--${name}' requires an argument`);
        values.set(f, v);
      } else flags.add(f);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (!shorts.includes(c)) return usageError(ctx, prog, `invalid option -- '${c}'`);
        if (withArg.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
          if (v === undefined) return usageError(ctx, prog, `option requires an argument -- '${c}'`);
          values.set(c, v);
          break;
        }
        flags.add(c);
      }
      continue;
    }
    operands.push(a);
  }
  return { flags, values, operands };
}

const decoder = new TextDecoder();

/** A file's text, or an error text for `prog: name: <error>`. */
export function readText(ctx: ProgramContext, name: string): string | FsError {
  const got = readInput(ctx, name);
  return got instanceof FsError ? got : got.text;
}

/** Bytes of a virtual fill read as text: enough to show and to search, never a 100 MB string. */
export const FILL_READ_LIMIT = 64 * 1024;

/**
 * A file's text and size. A virtual fill (a big binary) is read only up to FILL_READ_LIMIT bytes;
 * `fill` says so, and its bytes (0-7: no newline, no blank) let wc count it from the size alone.
 */
function readInput(ctx: ProgramContext, name: string): Input | FsError {
  const view = ctx.fs.view();
  const s = tryStat(view, abs(ctx, name), true);
  if (s instanceof FsError) return s;
  if (s.entry.type === 'dir') return new FsError('EISDIR', name);
  if (s.entry.type !== 'file') return { name, text: '' };
  const c = s.entry.content;
  if (c.kind === 'fill' && c.size > FILL_READ_LIMIT) {
    const first = contentChunks(c, FILL_READ_LIMIT).next();
    const bytes = first.done ? new Uint8Array() : first.value;
    return { name, text: decoder.decode(bytes), fill: c.size };
  }
  return { name, text: decoder.decode(contentBytes(c)) };
}

export interface Input {
  name: string;
  text: string;
  /** The real size of a virtual fill whose text was read only in part. */
  fill?: number;
}

/** The operands' text, or stdin when there are none (or for `-`); errors reported as `prog: name: …`. */
export function inputs(
  ctx: ProgramContext,
  prog: string,
  operands: readonly string[],
  onError: (name: string, e: FsError) => void = (name, e) => say(ctx, prog, `${qf(name)}: ${e.text}`),
): Input[] {
  if (operands.length === 0) return [{ name: '-', text: ctx.io.stdin ?? '' }];
  const out: Input[] = [];
  for (const name of operands) {
    if (name === '-') {
      out.push({ name, text: ctx.io.stdin ?? '' });
      continue;
    }
    const t = readInput(ctx, name);
    if (t instanceof FsError) onError(name, t);
    else out.push(t);
  }
  return out;
}

/**
 * Names from /etc/passwd (or /etc/group) of the shell's filesystem: id → name. The shell's own user
 * is known even where no such file exists (the host's home).
 */
export function idNames(
  view: View,
  file: '/etc/passwd' | '/etc/group',
  self?: { name: string; uid: number; gid: number },
): Map<number, string> {
  const out = new Map<number, string>();
  const f = view.fileOf(file);
  for (const line of f ? decoder.decode(contentBytes(f.content)).split('\n') : []) {
    const parts = line.split(':');
    const id = Number(parts[2]);
    if (parts[0] && parts[2] !== undefined && parts[2] !== '' && Number.isInteger(id) && !out.has(id)) {
      out.set(id, parts[0]);
    }
  }
  if (self) {
    const id = file === '/etc/passwd' ? self.uid : self.gid;
    if (!out.has(id)) out.set(id, self.name);
  }
  return out;
}

/** name → id from the same files. */
export function idOf(view: View, file: '/etc/passwd' | '/etc/group', name: string): number | undefined {
  for (const [id, n] of idNames(view, file)) if (n === name) return id;
  return undefined;
}

/** `drwxr-xr-x` from an entry. */
export function modeString(e: Entry): string {
  const t = e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : e.type === 'whiteout' ? 'c' : '-';
  const m = e.mode;
  const bit = (b: number, c: string) => (m & b ? c : '-');
  const x = (b: number, special: number, on: string, off: string) =>
    m & special ? (m & b ? on : off) : m & b ? 'x' : '-';
  return (
    t +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    x(0o100, 0o4000, 's', 'S') +
    bit(0o040, 'r') +
    bit(0o020, 'w') +
    x(0o010, 0o2000, 's', 'S') +
    bit(0o004, 'r') +
    bit(0o002, 'w') +
    x(0o001, 0o1000, 't', 'T')
  );
}

/** Size as stat reports it: file bytes, 4096 for a directory, the target length for a symlink. */
export function statSize(e: Entry): number {
  if (e.type === 'file') return e.content.kind === 'bytes' ? e.content.bytes.length : e.content.size;
  if (e.type === 'dir') return 4096;
  if (e.type === 'symlink') return new TextEncoder().encode(e.target).length;
  return 0;
}

/** 512-byte blocks as ext4 allocates them (4 KiB at a time). */
export function blocks512(e: Entry): number {
  if (e.type === 'dir') return 8;
  if (e.type !== 'file') return 0;
  return Math.ceil(statSize(e) / 4096) * 8;
}
