// stat, du, df: sizes and attributes as the kernel would report them for an overlay mount (ext4-like
// 4 KiB blocks; the disk itself a fixed simulated size whose use grows with the host's layers).

import { FsError } from '../../../engine/errors';
import type { Entry } from '../../../engine/fs/entry';
import { join } from '../../../engine/fs/path';
import type { View } from '../../../engine/fs/view';
import { coreutilsHumanSize } from '../../format/units';
import type { Program, ProgramContext } from '../../types';
import { abs, blocks512, getopt, idNames, modeString, qa, say, statSize, tryStat, withRoot } from './util';

function fileType(e: Entry): string {
  if (e.type === 'dir') return 'directory';
  if (e.type === 'symlink') return 'symbolic link';
  if (e.type === 'whiteout') return 'character special file';
  return statSize(e) === 0 ? 'regular empty file' : 'regular file';
}

/** A stable inode number for a path (FNV-1a), as an overlay mount hands out distinct ones. */
function inode(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193) >>> 0;
  return 100000 + (h % 9000000);
}

function stamp(t: number): string {
  const d = new Date(t * 1000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)}.000000000 +0000`;
}

function links(view: View, path: string, e: Entry): number {
  if (e.type !== 'dir') return 1;
  return 2 + view.names(path).filter((n) => view.lookup(join(path, n))?.entry.type === 'dir').length;
}

export const stat: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'stat', argv, 'cLt', { format: 'c', dereference: 'L' }, 'c');
  if (typeof o === 'number') return o;
  if (!o.operands.length) {
    ctx.io.err("stat: missing operand\nTry 'stat --help' for more information.\n");
    return 1;
  }
  const view = ctx.fs.view();
  const users = idNames(view, '/etc/passwd', ctx.shell.user);
  const groups = idNames(view, '/etc/group', ctx.shell.user);
  let code = 0;
  let out = '';
  for (const name of o.operands) {
    const got = tryStat(view, abs(ctx, name), o.flags.has('L'));
    const s = got instanceof FsError ? got : withRoot(ctx, got);
    if (s instanceof FsError) {
      say(ctx, 'stat', `cannot statx ${qa(name)}: ${s.text}`);
      code = 1;
      continue;
    }
    const e = s.entry;
    const shownName = e.type === 'symlink' ? `${qa(name)} -> ${qa(e.target)}` : qa(name);
    const fields: Record<string, string> = {
      n: name,
      N: shownName,
      s: String(statSize(e)),
      b: String(blocks512(e)),
      B: '512',
      o: '4096',
      F: fileType(e),
      a: (e.mode & 0o7777).toString(8),
      A: modeString(e),
      u: String(e.uid),
      g: String(e.gid),
      U: users.get(e.uid) ?? 'UNKNOWN',
      G: groups.get(e.gid) ?? 'UNKNOWN',
      h: String(links(view, s.path, e)),
      i: String(inode(s.path)),
      x: stamp(e.mtime),
      y: stamp(e.mtime),
      z: stamp(e.mtime),
      w: '-',
      X: String(e.mtime),
      Y: String(e.mtime),
      Z: String(e.mtime),
      W: '0',
      '%': '%',
    };
    const fmt = o.values.get('c');
    if (fmt !== undefined) {
      out += fmt.replace(/%(.)/g, (m, k: string) => fields[k] ?? m) + '\n';
      continue;
    }
    const file = e.type === 'symlink' ? `${name} -> ${e.target}` : name;
    out +=
      `  File: ${file}\n` +
      `  Size: ${(fields.s as string).padEnd(10)}\tBlocks: ${(fields.b as string).padEnd(10)} IO Block: 4096   ${fields.F}\n` +
      `Device: 0,60\tInode: ${(fields.i as string).padEnd(11)} Links: ${fields.h}\n` +
      `Access: (${(e.mode & 0o7777).toString(8).padStart(4, '0')}/${fields.A})  Uid: (${String(e.uid).padStart(5)}/${(fields.U as string).padStart(8)})   Gid: (${String(e.gid).padStart(5)}/${(fields.G as string).padStart(8)})\n` +
      `Access: ${stamp(e.mtime)}\nModify: ${stamp(e.mtime)}\nChange: ${stamp(e.mtime)}\n Birth: -\n`;
  }
  ctx.io.out(out);
  return code;
};

/** KiB a tree takes (every entry's 4 KiB blocks), calling `each` for every directory after its children. */
function usage(
  view: View,
  path: string,
  e: Entry,
  shown: string,
  each: (shown: string, kib: number, e: Entry) => void,
): number {
  let kib = blocks512(e) / 2;
  if (e.type === 'dir') {
    for (const name of view.names(path)) {
      const p = join(path, name);
      const f = view.lookup(p);
      if (!f) continue;
      const child = view.resolvedEntry(p, f);
      kib += usage(view, p, child, shown.endsWith('/') ? shown + name : `${shown}/${name}`, each);
    }
  }
  each(shown, kib, e);
  return kib;
}

export const du: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'du', argv, 'shac', { summarize: 's', 'human-readable': 'h', all: 'a', total: 'c' });
  if (typeof o === 'number') return o;
  const view = ctx.fs.view();
  const size = (kib: number) => (o.flags.has('h') ? coreutilsHumanSize(kib * 1024) : String(kib));
  let out = '';
  let code = 0;
  let total = 0;
  for (const name of o.operands.length ? o.operands : ['.']) {
    const s = tryStat(view, abs(ctx, name), false);
    if (s instanceof FsError) {
      say(ctx, 'du', `cannot access ${qa(name)}: ${s.text}`);
      code = 1;
      continue;
    }
    const sum = o.flags.has('s');
    total += usage(view, s.path, s.entry, name, (shown, kib, e) => {
      const top = shown === name;
      if (top || (!sum && (e.type === 'dir' || o.flags.has('a')))) out += `${size(kib)}\t${shown}\n`;
    });
  }
  if (o.flags.has('c')) out += `${size(total)}\ttotal\n`;
  ctx.io.out(out);
  return code;
};

/** The simulated disk: 59 GiB, 18 GiB used by the system, plus every layer and writable layer. */
const DISK_KIB = 61_202_244;
const SYSTEM_KIB = 18_874_368;

function diskUsedKib(ctx: ProgramContext): number {
  let bytes = 0;
  for (const l of ctx.engine.state.layers.values()) bytes += l.size;
  for (const c of ctx.engine.state.containers.values()) bytes += c.upper.size;
  return SYSTEM_KIB + Math.ceil(bytes / 1024);
}

export const df: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'df', argv, 'hkT', { 'human-readable': 'h' });
  if (typeof o === 'number') return o;
  const human = o.flags.has('h');
  const used = diskUsedKib(ctx);
  // ext4 keeps 5% for root: what is available excludes it.
  const avail = Math.max(0, DISK_KIB - used - Math.floor(DISK_KIB * 0.05));
  const disk = [DISK_KIB, used, avail] as const;
  const tmp = (kib: number) => [kib, 0, kib] as const;
  const mem = 4_027_084;
  const rows: [string, readonly [number, number, number], string][] =
    ctx.where === 'host'
      ? [
          ['/dev/sda1', disk, '/'],
          ['tmpfs', tmp(mem), '/dev/shm'],
        ]
      : [
          ['overlay', disk, '/'],
          ['tmpfs', tmp(65_536), '/dev'],
          ['shm', tmp(65_536), '/dev/shm'],
          ['/dev/sda1', disk, '/etc/hosts'],
          ['tmpfs', tmp(mem), '/proc/acpi'],
          ['tmpfs', tmp(mem), '/sys/firmware'],
        ];
  const num = (kib: number) => (human ? (kib === 0 ? '0' : coreutilsHumanSize(kib * 1024)) : String(kib));
  const pct = ([, u, a]: readonly [number, number, number]) =>
    u + a === 0 ? '-' : `${Math.ceil((u * 100) / (u + a))}%`;
  const table = [
    ['Filesystem', human ? 'Size' : '1K-blocks', 'Used', human ? 'Avail' : 'Available', 'Use%', 'Mounted on'],
    ...rows.map(([fs, v, on]) => [fs, num(v[0]), num(v[1]), num(v[2]), pct(v), on]),
  ];
  const mins = [14, 5, 5, 5, 4, 0];
  const widths = mins.map((m, i) => Math.max(m, ...table.map((r) => (r[i] as string).length)));
  const out = table.map((r) =>
    r
      .map((cell, i) =>
        i === 0 ? cell.padEnd(widths[0] as number) : i === 5 ? cell : cell.padStart(widths[i] as number),
      )
      .join(' '),
  );
  ctx.io.out(out.map((l) => l + '\n').join(''));
  return 0;
};
