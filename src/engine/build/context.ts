// The build context: what `docker build PATH` sends to BuildKit from a directory of the learner's
// home — regular files, directories, symlinks (kept as links) and hard links, under paths relative to
// the context root, with `.dockerignore` applied — plus the two things the executor asks of it: which
// context paths a COPY source names (wildcards included) and a content digest of those paths for the
// build cache. Ownership is reset to 0:0 as the BuildKit client does when it sends a local context.

import { DockerError, FsError } from '../errors';
import { contentSize, type Content, type Entry } from '../fs/entry';
import { contentChunks, contentBytes } from '../fs/content';
import { isWithin, join, normalize } from '../fs/path';
import type { View } from '../fs/view';
import { pureSha256 } from '../oci/sha256';
import type { Random, Sha256 } from '../platform';
import {
  goClean,
  goMatch,
  hasWildcards,
  keepBuildFiles,
  PatternMatcher,
  readDockerignore,
} from './dockerignore';

/** What a context holds at a path: no whiteouts; a hard link's target is context-relative. */
export type ContextEntry = Exclude<Entry, { type: 'whiteout' }>;

export interface BuildContext {
  /** The context directory on the host (absolute, symlinks resolved). */
  readonly dir: string;
  /** Context-relative paths ('app/index.html', never './' or '/'), parents before children. */
  readonly files: ReadonlyMap<string, ContextEntry>;
  /** Bytes of file content sent: what "transferring context: 2.1kB" reports. */
  readonly size: number;
  /** The `.dockerignore` patterns in force (after keeping the Dockerfile and .dockerignore). */
  readonly excludes: readonly string[];
  /** The ignore file used: `<Dockerfile>.dockerignore` beside the Dockerfile, else `.dockerignore`. */
  readonly ignoreFile: string | null;
  /** The Dockerfile, read whatever the ignore file says (BuildKit reads it as a separate source). */
  readonly dockerfile: { readonly path: string; readonly name: string; readonly text: string };
  /**
   * The context paths a COPY/ADD source names: '.' (or '/') is the root, a trailing '/' is dropped,
   * wildcards (`*`, `?`, `[…]`) match per path component as Go's filepath.Match does, results sorted.
   * Symlinked directories in front of the last name are followed inside the context.
   * Throws BuildKit's cache-key "not found" error (`notFoundError`) for a missing plain source, and
   * the copy step's (`wildcardNotFound`) for a wildcard that matches nothing.
   */
  resolveSources(sources: readonly string[], refId?: string): string[];
  /**
   * "sha256:…" over everything at and below the given sources (resolved as `resolveSources` does):
   * names, types, permission bits, owners, symlink targets and file content — never mtimes. Same
   * content gives the same digest, whatever the time; the COPY cache key of the executor. A wildcard
   * matching nothing hashes as empty (no error until the copy); a missing plain source throws.
   */
  checksum(sources: readonly string[], refId?: string): string;
}

export interface ContextOptions {
  /** Working directory the PATH argument is relative to (default '/'). */
  cwd?: string;
  /** `-f`: the Dockerfile, relative to cwd (default `<context>/Dockerfile`). */
  dockerfile?: string;
  /** Digest factory (the engine's `platform.sha256`); the pure one by default. */
  sha256?: () => Sha256;
}

const dec = new TextDecoder();

// ---- errors, in BuildKit's and the client's words ----

/** `unable to prepare context: path "x" not found` (x as the user typed it). */
export function contextNotFound(arg: string): DockerError {
  return new DockerError(`unable to prepare context: path "${arg}" not found`, 'notFound', false);
}

/** The context PATH names a file, not a directory. */
export function contextNotDir(abs: string): DockerError {
  return new DockerError(`unable to prepare context: context must be a directory: ${abs}`, 'invalid', false);
}

/** `failed to read dockerfile: open Dockerfile: no such file or directory` (the base name). */
export function dockerfileNotFound(name: string): DockerError {
  return new DockerError(
    `failed to read dockerfile: open ${name}: no such file or directory`,
    'notFound',
    false,
  );
}

/**
 * `failed to compute cache key: failed to calculate checksum of ref <ref>: "/missing.txt": not found`.
 * `<ref>` is two random BuildKit ids joined by '::' (a cache ref id, then the shared key of the local
 * source), different on every build: see `randomRefId`. The path is the cleaned source with a '/'.
 */
export function notFoundError(source: string, refId: string): DockerError {
  return new DockerError(
    `failed to compute cache key: failed to calculate checksum of ref ${refId}: "${sourceKey(source)}": not found`,
    'notFound',
    false,
  );
}

/**
 * A wildcard source that matches nothing passes the cache-key step (BuildKit hashes it as empty) and
 * fails in the copy itself: BuildKit's file backend says `<cleaned source> not found`.
 */
export function wildcardNotFound(source: string): DockerError {
  return new DockerError(`${sourceKey(source)} not found`, 'notFound', false);
}

const ID_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A 25-character lower-case base-36 id, the shape of BuildKit's `identity.NewID()`. */
export function randomId(random: Random): string {
  let s = '';
  for (let i = 0; i < 25; i++) s += ID_CHARS[random.uint32() % 36];
  return s;
}

/**
 * The sha256 hex of a file's content, remembered per content object: file contents never change in
 * place (a write makes a new one), so a rebuild checks an unchanged file without reading it again.
 */
const contentDigests = new WeakMap<Content, string>();
export function contentDigest(content: Content, sha: () => Sha256): string {
  let d = contentDigests.get(content);
  if (d === undefined) {
    const h = sha();
    for (const chunk of contentChunks(content)) h.update(chunk);
    d = h.hex();
    contentDigests.set(content, d);
  }
  return d;
}

/** `<id>::<id>`, the ref text a "failed to calculate checksum of ref" error shows. */
export function randomRefId(random: Random): string {
  return `${randomId(random)}::${randomId(random)}`;
}

/** The text every call site shows when no ref id is given (tests, or before the executor exists). */
const PLACEHOLDER_REF = '0000000000000000000000000::0000000000000000000000000';

// ---- paths ----

/** A COPY source as BuildKit keys it: cleaned, rooted at the context ('/missing.txt', '/' for '.'). */
export function sourceKey(source: string): string {
  const c = goClean('/' + source);
  return c;
}

/** A COPY source as a context-relative path ('.' for the root). */
function sourceRel(source: string): string {
  const k = sourceKey(source);
  return k === '/' ? '.' : k.slice(1);
}

function rel(abs: string, root: string): string {
  return root === '/' ? abs.slice(1) : abs.slice(root.length + 1);
}

function depth(p: string): number {
  return p === '.' ? 0 : p.split('/').length;
}

// ---- reading the context ----

function readText(view: View, abs: string): string | null {
  try {
    const f = view.fileOf(view.resolve(abs, true));
    return f ? dec.decode(contentBytes(f.content)) : null;
  } catch (e) {
    if (e instanceof FsError) return null;
    throw e;
  }
}

/** The context directory, symlinks resolved; the client's errors when it is missing or not a dir. */
function contextDir(view: View, arg: string, cwd: string): string {
  let abs: string;
  try {
    abs = view.resolve(normalize(arg === '' ? '.' : arg, cwd), true);
  } catch (e) {
    if (e instanceof FsError) throw contextNotFound(arg);
    throw e;
  }
  const f = abs === '/' ? undefined : view.lookup(abs);
  if (abs !== '/' && !f) throw contextNotFound(arg);
  if (f && f.entry.type !== 'dir') throw contextNotDir(abs);
  return abs;
}

/** The context entry for a host entry: owners reset to 0:0, hard links made context-relative. */
function toContextEntry(view: View, abs: string, e: Entry, root: string): ContextEntry | null {
  if (e.type === 'whiteout') return null;
  if (e.type === 'hardlink') {
    if (isWithin(e.target, root) && e.target !== root)
      return { ...e, uid: 0, gid: 0, target: rel(e.target, root) };
    const f = view.fileOf(abs);
    return f ? { ...f, uid: 0, gid: 0 } : null;
  }
  return { ...e, uid: 0, gid: 0 };
}

/**
 * Walks the context as fsutil does: an excluded directory is skipped whole unless some `!` line might
 * bring something below it back, and every kept path brings its parent directories along.
 */
function walk(view: View, root: string, matcher: PatternMatcher): Map<string, ContextEntry> {
  const kept = new Set<string>();
  const all = new Map<string, ContextEntry>();
  const visit = (dir: string): void => {
    for (const name of view.names(dir)) {
      const abs = join(dir, name);
      const found = view.lookup(abs);
      if (!found) continue;
      const r = rel(abs, root);
      const entry = toContextEntry(view, abs, found.entry, root);
      if (!entry) continue;
      all.set(r, entry);
      const excluded = matcher.matches(r);
      if (!excluded) kept.add(r);
      if (entry.type === 'dir' && (!excluded || matcher.exclusions)) visit(abs);
    }
  };
  visit(root);
  for (const r of [...kept]) {
    for (let i = r.indexOf('/'); i !== -1; i = r.indexOf('/', i + 1)) kept.add(r.slice(0, i));
  }
  const out = new Map<string, ContextEntry>();
  for (const [r, e] of all) {
    if (!kept.has(r)) continue;
    // A hard link whose target was left out carries the file itself.
    if (e.type === 'hardlink' && !kept.has(e.target)) {
      const f = view.fileOf(join(root, r));
      if (f) out.set(r, { ...f, uid: 0, gid: 0 });
      continue;
    }
    out.set(r, e);
  }
  return out;
}

/**
 * Reads the build context for `docker build [-f file] PATH` from a host view. `arg` is PATH as typed
 * (errors quote it). Throws the client's or BuildKit's DockerError when the directory or Dockerfile is
 * missing, and a DockerignoreError for a bad `.dockerignore` pattern.
 */
export function buildContext(view: View, arg: string, opts: ContextOptions = {}): BuildContext {
  const cwd = opts.cwd ?? '/';
  const root = contextDir(view, arg, cwd);
  const dfAbs = opts.dockerfile !== undefined ? normalize(opts.dockerfile, cwd) : join(root, 'Dockerfile');
  const dfName = dfAbs.slice(dfAbs.lastIndexOf('/') + 1);
  const dfText = readText(view, dfAbs);
  if (dfText === null) throw dockerfileNotFound(dfName);

  const specific = readText(view, `${dfAbs}.dockerignore`);
  const general = specific === null ? readText(view, join(root, '.dockerignore')) : null;
  const ignoreFile =
    specific !== null ? `${dfAbs}.dockerignore` : general !== null ? join(root, '.dockerignore') : null;
  let excludes = readDockerignore(specific ?? general ?? '');
  if (excludes.length > 0) {
    const dfRel = isWithin(dfAbs, root) && dfAbs !== root ? rel(dfAbs, root) : '';
    excludes = keepBuildFiles(excludes, dfRel);
  }
  const files = walk(view, root, PatternMatcher.of(excludes));
  let size = 0;
  for (const e of files.values()) if (e.type === 'file') size += contentSize(e.content);
  const sha = opts.sha256 ?? pureSha256;
  return new Context(
    root,
    files,
    size,
    excludes,
    ignoreFile,
    { path: dfAbs, name: dfName, text: dfText },
    sha,
  );
}

const enc = new TextEncoder();

class Context implements BuildContext {
  private readonly order: readonly string[];
  private readonly digests = new Map<string, string>();

  constructor(
    readonly dir: string,
    readonly files: ReadonlyMap<string, ContextEntry>,
    readonly size: number,
    readonly excludes: readonly string[],
    readonly ignoreFile: string | null,
    readonly dockerfile: { readonly path: string; readonly name: string; readonly text: string },
    private readonly sha: () => Sha256,
  ) {
    this.order = [...files.keys()];
    Object.freeze(this);
  }

  resolveSources(sources: readonly string[], refId = PLACEHOLDER_REF): string[] {
    const out = new Set<string>();
    for (const src of sources) {
      const found = this.lookupSource(src, refId);
      if (found.length === 0) throw wildcardNotFound(src);
      for (const p of found) out.add(p);
    }
    return [...out].sort();
  }

  checksum(sources: readonly string[], refId = PLACEHOLDER_REF): string {
    const h = this.sha();
    for (const src of sources) {
      // A wildcard that matches nothing hashes as empty here, as BuildKit's cache key step does;
      // the copy itself fails later (resolveSources).
      for (const p of this.lookupSource(src, refId).sort()) {
        h.update(enc.encode(`${p}\0${this.treeDigest(p)}\n`));
      }
      h.update(enc.encode('\n'));
    }
    return `sha256:${h.hex()}`;
  }

  /** The context paths one source names: [] for a wildcard matching nothing; throws when missing. */
  private lookupSource(src: string, refId: string): string[] {
    const want = sourceRel(src);
    if (want === '.') return ['.'];
    if (!hasWildcards(want)) {
      const real = this.followParents(want);
      if (real === null || !this.files.has(real)) throw notFoundError(src, refId);
      return [real];
    }
    // The fixed directories in front of the first wildcard must exist (BuildKit's wildcardPrefix).
    const parts = want.split('/');
    const fixed = parts
      .slice(
        0,
        parts.findIndex((c) => hasWildcards(c)),
      )
      .join('/');
    if (fixed !== '' && this.files.get(fixed)?.type !== 'dir') throw notFoundError(src, refId);
    const n = depth(want);
    return this.order.filter((p) => depth(p) === n && goMatch(want, p));
  }

  /**
   * The context path `p` leads to with symlinks in its directory part followed inside the context
   * (absolute targets start at the context root, '..' stops there), as BuildKit resolves a source's
   * prefix; the last name is kept as is. Null when a link loops or leads nowhere.
   */
  private followParents(p: string): string | null {
    let todo = p.split('/');
    const cur: string[] = [];
    let links = 0;
    while (todo.length > 1) {
      const name = todo.shift() as string;
      if (name === '' || name === '.') continue;
      if (name === '..') {
        cur.pop();
        continue;
      }
      cur.push(name);
      const e = this.files.get(cur.join('/'));
      if (e?.type !== 'symlink') continue;
      if (++links > 40) return null;
      cur.pop();
      if (e.target.startsWith('/')) cur.length = 0;
      todo = [...e.target.split('/'), ...todo];
    }
    const last = todo[0] as string;
    if (last === '..') cur.pop();
    else if (last !== '.' && last !== '') cur.push(last);
    return cur.length === 0 ? '.' : cur.join('/');
  }

  /** Digest of one path and everything below it (names relative to it). */
  private treeDigest(path: string): string {
    const cached = this.digests.get(path);
    if (cached) return cached;
    const h = this.sha();
    const prefix = path === '.' ? '' : path + '/';
    if (path !== '.') this.hashEntry(h, '', this.files.get(path) as ContextEntry);
    for (const p of this.order) {
      if (prefix !== '' && !p.startsWith(prefix)) continue;
      this.hashEntry(h, p.slice(prefix.length), this.files.get(p) as ContextEntry);
    }
    const d = h.hex();
    this.digests.set(path, d);
    return d;
  }

  private hashEntry(h: Sha256, name: string, e: ContextEntry): void {
    const target = e.type === 'symlink' || e.type === 'hardlink' ? e.target : '';
    const perm = (e.mode & 0o7777).toString(8);
    if (e.type === 'file') {
      const digest = contentDigest(e.content, this.sha);
      h.update(
        enc.encode(`${name}\0file\0${perm}\0${e.uid}:${e.gid}\0${contentSize(e.content)}\0${digest}\n`),
      );
    } else {
      h.update(enc.encode(`${name}\0${e.type}\0${perm}\0${e.uid}:${e.gid}\0${target}\n`));
    }
  }
}
