// COPY and ADD as BuildKit's file op does them: each source (its own symlink followed) copied into the
// destination — a directory's contents, a file to `dest/` or onto `dest` — with parents made, owners
// and modes from --chown/--chmod, mtimes kept. ADD unpacks a local tar (plain or gzip) into the
// destination. Everything is written through the step's Upper, so it lands in that layer only.

import { gunzipSync } from 'fflate';
import { DockerError, FsError } from '../errors';
import type { Content, Entry } from '../fs/entry';
import type { Upper } from '../fs/upper';
import type { View } from '../fs/view';
import { basename, dirname, join } from '../fs/path';
import { readTarSync, TarError } from '../oci/tar';
import { contentBytes } from '../fs/content';
import { goMatch } from './dockerignore';

export interface Owner {
  uid: number;
  gid: number;
}

export interface CopyOptions {
  /** Absolute destination, as written after making it absolute against WORKDIR (a trailing '/' kept). */
  dest: string;
  owner?: Owner;
  /** --chmod, already parsed. */
  mode?: number;
  /** ADD: unpack local tar archives. */
  unpack: boolean;
  /** Whole seconds: the mtime of directories the copy has to make. */
  now: number;
}

/** `/a/b/` and `/a/b/.` name a directory: a file source goes inside it. */
function namesDir(dest: string): boolean {
  return dest.endsWith('/') || dest.endsWith('/.') || dest === '.';
}

function clean(p: string): string {
  const out: string[] = [];
  for (const c of p.split('/')) {
    if (c === '' || c === '.') continue;
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

/** The destination made absolute: relative paths start at the working directory. */
export function destPath(dest: string, workdir: string): string {
  const abs = dest.startsWith('/') ? dest : join(workdir || '/', dest === '' ? '.' : dest);
  const keepSlash = namesDir(dest) || dest === '' || dest === '.';
  const c = clean(abs);
  return keepSlash && c !== '/' ? c + '/' : c;
}

/**
 * Sources in a stage's or image's filesystem: wildcards matched per component as Go's filepath.Match,
 * sorted; a missing plain source is BuildKit's "not found" cache-key error.
 */
export function resolveInView(
  view: View,
  sources: readonly string[],
  notFound: (s: string) => Error,
): string[] {
  const out: string[] = [];
  for (const src of sources) {
    const abs = clean('/' + src);
    if (!/[*?[]/.test(abs)) {
      if (abs !== '/' && !exists(view, abs)) throw notFound(src);
      out.push(abs);
      continue;
    }
    let matches = ['/'];
    for (const comp of abs.split('/').filter(Boolean)) {
      const next: string[] = [];
      for (const dir of matches) {
        let names: readonly string[] = [];
        try {
          const real = view.resolve(dir, true);
          names = view.names(real);
        } catch {
          names = [];
        }
        for (const n of [...names].sort()) if (goMatch(comp, n)) next.push(join(dir, n));
      }
      matches = next;
    }
    out.push(...matches);
  }
  return out;
}

function exists(view: View, abs: string): boolean {
  try {
    const real = view.resolve(abs, true);
    return real === '/' || view.lookup(real) !== undefined;
  } catch {
    return false;
  }
}

/** What the destination holds at `p` (symlinks followed), or undefined. */
function statIn(upper: Upper, p: string): Entry | undefined {
  const view = upper.view();
  try {
    const real = view.resolve(p, true);
    if (real === '/') return { type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 };
    const f = view.lookup(real);
    return f && view.resolvedEntry(real, f);
  } catch {
    return undefined;
  }
}

function lstatIn(upper: Upper, p: string): Entry | undefined {
  const view = upper.view();
  try {
    const real = view.resolve(dirname(p), true);
    const f = view.lookup(join(real, basename(p)));
    return f?.entry;
  } catch {
    return undefined;
  }
}

class Writer {
  constructor(
    private readonly upper: Upper,
    private readonly opts: CopyOptions,
  ) {}

  private meta(e: { mode: number; uid: number; gid: number }, isDir: boolean) {
    const mode = this.opts.mode !== undefined ? this.opts.mode : e.mode;
    const owner = this.opts.owner ?? { uid: e.uid, gid: e.gid };
    return { mode: isDir && this.opts.mode === undefined ? e.mode : mode, uid: owner.uid, gid: owner.gid };
  }

  /** `mkdir -p` of a destination directory (new ones root-owned 0755, or the --chown owner). */
  ensureDir(p: string): void {
    if (p === '/') return;
    const e = statIn(this.upper, p);
    if (e?.type === 'dir') return;
    if (e) throw new DockerError(`cannot copy to non-directory: ${p}`, 'invalid', false);
    this.ensureDir(dirname(p));
    const owner = this.opts.owner ?? { uid: 0, gid: 0 };
    this.upper.mkdir(p, { mtime: this.opts.now, mode: 0o755, ...owner });
  }

  /** Removes what is at `p` so an entry of another kind can take its place (a dir stays a dir). */
  private clear(p: string, keepDir: boolean): void {
    const e = lstatIn(this.upper, p);
    if (!e) return;
    if (e.type === 'dir' && keepDir) return;
    if (e.type === 'dir')
      throw new DockerError(`cannot replace directory ${p} with a file`, 'invalid', false);
    // A file is rewritten in place (copied up); a link is replaced, never written through.
    if (e.type !== 'file' || keepDir) this.upper.remove(p);
  }

  file(p: string, content: Content, e: { mode: number; uid: number; gid: number; mtime: number }): void {
    this.clear(p, false);
    const m = this.meta(e, false);
    this.upper.writeFile(p, content, { mtime: e.mtime, ...m });
    this.upper.chmod(p, m.mode);
    this.upper.chown(p, m.uid, m.gid);
  }

  dir(p: string, e: { mode: number; uid: number; gid: number; mtime: number }): void {
    const cur = lstatIn(this.upper, p);
    if (cur?.type === 'dir') return;
    this.clear(p, true);
    this.upper.mkdir(p, { mtime: e.mtime, ...this.meta(e, true) });
  }

  symlink(p: string, target: string, mtime: number): void {
    this.clear(p, false);
    this.upper.symlink(target, p, mtime);
  }

  link(p: string, existing: string): void {
    this.clear(p, false);
    this.upper.link(existing, p);
  }
}

/** Copies a tree of `view` rooted at `src` (its own symlink followed) to `dest` in the upper. */
export function copyFromView(view: View, src: string, upper: Upper, opts: CopyOptions): void {
  const w = new Writer(upper, opts);
  let real: string;
  try {
    real = view.resolve(src, true);
  } catch (e) {
    if (e instanceof FsError) throw new DockerError(`"${src}": not found`, 'notFound', false);
    throw e;
  }
  const top =
    real === '/' ? ({ type: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0 } as Entry) : view.lookup(real);
  if (!top) throw new DockerError(`"${src}": not found`, 'notFound', false);
  const entry = 'entry' in top ? view.resolvedEntry(real, top) : top;
  const dest = opts.dest;

  if (entry.type === 'dir') {
    const base = clean(dest);
    w.ensureDir(base);
    const copied = new Map<string, string>();
    for (const [p, f] of view.walk(real)) {
      const to = join(base, p.slice(real === '/' ? 1 : real.length + 1));
      const e = f.entry;
      if (e.type === 'dir') w.dir(to, e);
      else if (e.type === 'symlink') w.symlink(to, e.target, e.mtime);
      else if (e.type === 'hardlink' && copied.has(e.target)) w.link(to, copied.get(e.target) as string);
      else if (e.type === 'file' || e.type === 'hardlink') {
        const file = view.fileOf(p);
        if (file) {
          w.file(to, file.content, e.type === 'file' ? e : file);
          copied.set(p, to);
        }
      }
    }
    return;
  }
  if (entry.type !== 'file') return;
  if (opts.unpack && unpackTar(entry.content, w, clean(dest), opts)) return;
  const into = namesDir(dest) || statIn(upper, clean(dest))?.type === 'dir';
  const to = into ? join(clean(dest), basename(src)) : clean(dest);
  w.ensureDir(dirname(to));
  w.file(to, entry.content, entry);
}

/** A file made from a heredoc source (`COPY <<EOF /dest`): mode 0644 unless --chmod. */
export function copyHeredoc(
  name: string,
  text: string,
  upper: Upper,
  opts: CopyOptions,
  mtime: number,
): void {
  const w = new Writer(upper, opts);
  const dest = opts.dest;
  const into = namesDir(dest) || statIn(upper, clean(dest))?.type === 'dir';
  const to = into ? join(clean(dest), name) : clean(dest);
  w.ensureDir(dirname(to));
  w.file(
    to,
    { kind: 'bytes', bytes: new TextEncoder().encode(text) },
    { mode: 0o644, uid: 0, gid: 0, mtime },
  );
}

function isTar(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return false;
  const magic = String.fromCharCode(...bytes.subarray(257, 262));
  return magic === 'ustar';
}

/**
 * ADD of a local archive: unpacked under `dest` as BuildKit's AttemptUnpack does, names kept inside
 * it (`..` cannot climb out; a link may only point at what the image itself holds). Returns false
 * when the file is not an archive (it is then copied as it is).
 */
function unpackTar(content: Content, w: Writer, dest: string, opts: CopyOptions): boolean {
  if (content.kind !== 'bytes') return false;
  let bytes = contentBytes(content);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return false;
    }
  }
  if (!isTar(bytes)) return false;
  const entries: {
    name: string;
    kind: string;
    linkname: string;
    mode: number;
    uid: number;
    gid: number;
    mtime: number;
    data: Uint8Array[];
  }[] = [];
  try {
    for (const ev of readTarSync([bytes])) {
      if (ev.kind === 'entry') {
        const h = ev.header;
        entries.push({
          name: h.name,
          kind: h.kind,
          linkname: h.linkname,
          mode: h.mode & 0o7777,
          uid: h.uid,
          gid: h.gid,
          mtime: h.mtime,
          data: [],
        });
      } else entries.at(-1)?.data.push(ev.bytes);
    }
  } catch (e) {
    if (e instanceof TarError) return false;
    throw e;
  }
  w.ensureDir(dest);
  for (const e of entries) {
    const rel = clean('/' + e.name);
    if (rel === '/') continue;
    const to = join(dest, rel.slice(1));
    const meta = {
      mode: e.mode,
      uid: opts.owner?.uid ?? e.uid,
      gid: opts.owner?.gid ?? e.gid,
      mtime: e.mtime,
    };
    w.ensureDir(dirname(to));
    if (e.kind === 'dir') w.dir(to, meta);
    else if (e.kind === 'symlink') w.symlink(to, e.linkname, e.mtime);
    else if (e.kind === 'hardlink') w.link(to, join(dest, clean('/' + e.linkname).slice(1)));
    else if (e.kind === 'file') {
      const size = e.data.reduce((n, d) => n + d.length, 0);
      const out = new Uint8Array(size);
      let at = 0;
      for (const d of e.data) {
        out.set(d, at);
        at += d.length;
      }
      w.file(to, { kind: 'bytes', bytes: out }, meta);
    }
    // devices and fifos are not made here (an unprivileged unpack cannot make them either)
  }
  return true;
}
