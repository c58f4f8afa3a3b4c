// What `dpkg -i` does to a rootfs, as far as a layer can see it: unpack the package files (through
// the slim image's path filters), replace what an upgrade replaces, and keep dpkg's and apt's books
// (info lists, status, logs, ld.so.cache). The bookkeeping files carry sizes, not contents.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deb, DebMember } from './deb';
import { SLIM_EXCLUDES, SLIM_INCLUDES } from './debian';
import { fnmatch } from './glob';
import { parentOf, Tree, type FileNode, type Meta, type Node } from './tree';

export interface InstallContext {
  tree: Tree;
  /** Seconds: mtime of everything the step writes. */
  time: number;
  /** Apply debian:slim's dpkg path filters. */
  slim: boolean;
  /** Revision label for the files this step writes. */
  rev: string;
  /** The base rootfs on disk: old file lists of upgraded packages. */
  rootfs: string;
  /** dpkg status stanza sizes of the packages installed so far (updated in place). */
  stanzas: Map<string, number>;
  /** Which files keep their real text. */
  wantText: (path: string, size: number) => boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** dpkg's filters.c: last matching rule wins; a directory stays if an include could match below it. */
export function dpkgSkips(path: string, isDir: boolean): boolean {
  let skip = false;
  for (const p of SLIM_EXCLUDES) if (fnmatch(p, path)) skip = true;
  for (const p of SLIM_INCLUDES) if (fnmatch(p, path)) skip = false;
  if (skip && isDir) {
    for (const inc of SLIM_INCLUDES) {
      let prefix = inc.slice(0, inc.search(/[*?[\\]/) === -1 ? inc.length : inc.search(/[*?[\\]/));
      prefix = prefix.replace(/\/+$/, '');
      if (path.startsWith(prefix)) return false;
    }
  }
  return skip;
}

function text(m: DebMember, ctx: InstallContext): string | undefined {
  if (!m.data || !ctx.wantText(m.path, m.size) || m.data.includes(0)) return undefined;
  try {
    return decoder.decode(m.data);
  } catch {
    return undefined;
  }
}

/** Sets a node and stamps the parent directory's mtime, as creating an entry in it would. */
export function write(ctx: InstallContext, p: string, node: Node): void {
  const parent = parentOf(p);
  if (parent !== '/' && !ctx.tree.has(parent)) ctx.tree.mkdirp(parent, dirMeta(ctx.time));
  if (!ctx.tree.has(p)) touchDir(ctx, parent);
  ctx.tree.set(p, node);
}

export function removePath(ctx: InstallContext, p: string): void {
  if (!ctx.tree.has(p)) return;
  ctx.tree.remove(p);
  touchDir(ctx, parentOf(p));
}

function touchDir(ctx: InstallContext, dir: string): void {
  if (dir === '/') return;
  const d = ctx.tree.get(dir);
  if (d?.type === 'dir' && d.mtime !== ctx.time) ctx.tree.set(dir, { ...d, mtime: ctx.time });
}

export function dirMeta(mtime: number, mode = 0o755): Meta {
  return { mode, uid: 0, gid: 0, mtime };
}

/** A bookkeeping file whose bytes we do not model: a fill of `size` bytes, rewritten by this step. */
export function putFill(ctx: InstallContext, p: string, size: number, mode = 0o644): void {
  const old = ctx.tree.get(p);
  const meta =
    old && old.type === 'file' ? { mode: old.mode, uid: old.uid, gid: old.gid } : { mode, uid: 0, gid: 0 };
  write(ctx, p, { type: 'file', ...meta, mtime: ctx.time, size, rev: ctx.rev });
}

export function fileSize(tree: Tree, p: string): number {
  const n = tree.get(p);
  return n?.type === 'file' ? n.size : 0;
}

function oldList(ctx: InstallContext, deb: Deb): string[] {
  for (const name of [`${deb.name}:${deb.arch}.list`, `${deb.name}.list`]) {
    const f = join(ctx.rootfs, 'var/lib/dpkg/info', name);
    if (existsSync(f)) return readFileSync(f, 'utf8').split('\n').filter(Boolean);
  }
  return [];
}

/** Unpacks and configures packages (in apt's order) and updates dpkg's and apt's records. */
export function installDebs(ctx: InstallContext, debs: Deb[], requested: string[]): void {
  const { tree } = ctx;
  const statusBefore = fileSize(tree, '/var/lib/dpkg/status');
  let status = statusBefore;
  let newLibs = 0;
  let templates = 0;
  for (const deb of debs) {
    const installed: string[] = ['/.'];
    const upgrade = ctx.stanzas.has(deb.name);
    for (const m of deb.members) {
      if (ctx.slim && dpkgSkips(m.path, m.type === 'dir')) continue;
      installed.push(m.path);
      const meta: Meta = { mode: m.mode, uid: m.uid, gid: m.gid, mtime: m.mtime };
      // Merged /usr: /lib is a symlink to usr/lib, and dpkg writes through it.
      const path = canonical(tree, m.path);
      const existing = tree.get(path);
      if (m.type === 'dir') {
        if (!existing) write(ctx, path, { type: 'dir', ...meta });
        continue;
      }
      if (m.type === 'hardlink' && tree.get(canonical(tree, m.target!))?.type !== 'file') continue;
      if (/^\/(usr\/)?lib\/x86_64-linux-gnu\/[^/]+\.so[.\d]*$/.test(m.path) && !existing) newLibs++;
      let node: Node;
      if (m.type === 'file') {
        const t = text(m, ctx);
        const f: FileNode = { type: 'file', ...meta, size: m.size, rev: `${deb.name}_${deb.version}` };
        node = t === undefined ? f : { ...f, text: t };
      } else {
        node = {
          type: m.type,
          ...meta,
          target: m.type === 'hardlink' ? canonical(tree, m.target!) : m.target!,
        };
      }
      write(ctx, path, node);
    }
    if (upgrade) {
      // dpkg removes what the old version had and the new one no longer ships.
      const now = new Set(installed);
      for (const old of oldList(ctx, deb).reverse()) {
        if (now.has(old) || old === '/.') continue;
        const p = canonical(tree, old);
        const n = tree.get(p);
        if (n && (n.type !== 'dir' || tree.children(p).length === 0)) removePath(ctx, p);
      }
    }
    const infoName = deb.multiArchSame ? `${deb.name}:${deb.arch}` : deb.name;
    const listSize = installed.reduce((s, p) => s + Buffer.byteLength(p) + 1, 0);
    putFill(ctx, `/var/lib/dpkg/info/${infoName}.list`, listSize);
    for (const [member, bytes] of deb.controlFiles) {
      const script = ['preinst', 'postinst', 'prerm', 'postrm', 'config'].includes(member);
      putFill(ctx, `/var/lib/dpkg/info/${infoName}.${member}`, bytes.length, script ? 0o755 : 0o644);
    }
    if (deb.controlFiles.has('templates')) templates += deb.controlFiles.get('templates')!.length;
    const conffiles = deb.controlFiles.get('conffiles');
    const stanza =
      Buffer.byteLength(deb.control) +
      'Status: install ok installed\n'.length +
      (conffiles ? 'Conffiles:\n'.length + conffiles.length + 33 * conffilesCount(conffiles) : 0) +
      1;
    status += stanza - (ctx.stanzas.get(deb.name) ?? 0);
    ctx.stanzas.set(deb.name, stanza);
  }
  putFill(ctx, '/var/lib/dpkg/status', status);
  putFill(ctx, '/var/lib/dpkg/status-old', statusBefore);
  const auto = debs.filter((d) => !requested.includes(d.name));
  putFill(
    ctx,
    '/var/lib/apt/extended_states',
    fileSize(tree, '/var/lib/apt/extended_states') +
      auto.reduce(
        (s, d) => s + `Package: ${d.name}\nArchitecture: ${d.arch}\nAuto-Installed: 1\n\n`.length,
        0,
      ),
  );
  // dpkg.log: about seven lines per package (install, unpacked, configure, half-configured, installed…).
  putFill(ctx, '/var/log/dpkg.log', fileSize(tree, '/var/log/dpkg.log') + debs.length * 7 * 64 + 180);
  putFill(
    ctx,
    '/var/log/apt/history.log',
    fileSize(tree, '/var/log/apt/history.log') + 160 + debs.length * 48,
  );
  putFill(ctx, '/var/log/apt/term.log', fileSize(tree, '/var/log/apt/term.log') + 140 + debs.length * 190);
  putFill(
    ctx,
    '/var/log/apt/eipp.log.xz',
    fileSize(tree, '/var/log/apt/eipp.log.xz') + 4096 + debs.length * 520,
    0o600,
  );
  if (templates > 0) {
    for (const f of ['templates.dat', 'config.dat']) {
      const p = `/var/cache/debconf/${f}`;
      const before = fileSize(tree, p);
      putFill(ctx, `${p}-old`, before);
      putFill(ctx, p, before + (f === 'templates.dat' ? Math.round(templates * 1.15) : 96 * debs.length));
    }
  }
  if (newLibs > 0) {
    putFill(ctx, '/etc/ld.so.cache', fileSize(tree, '/etc/ld.so.cache') + newLibs * 72);
    putFill(ctx, '/var/cache/ldconfig/aux-cache', 9000 + newLibs * 150, 0o600);
  }
}

/** The path with its directory part resolved through symlinks (the last component is kept). */
export function canonical(tree: Tree, p: string): string {
  const parent = parentOf(p);
  if (parent === '/') return p;
  const dir = tree.resolve(parent) ?? parent;
  const name = p.slice(parent.length + 1);
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function conffilesCount(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  return n;
}
