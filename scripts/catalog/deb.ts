// Debian packages: which ones an `apt-get install` adds to a given rootfs (apt's own solver against
// that rootfs's dpkg status), downloading them, and reading their file lists and control members.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackTar } from 'modern-tar';
import { CACHE_DIR, debDir, log, run } from './cache';

export interface PackageRef {
  name: string;
  version: string;
  arch: string;
}

export interface DebMember {
  /** Absolute path ('/usr/sbin/nginx'). */
  path: string;
  type: 'dir' | 'file' | 'symlink' | 'hardlink';
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  size: number;
  /** Symlink target as stored, or the absolute path of a hard link's target. */
  target?: string;
  data?: Uint8Array;
}

export interface Deb extends PackageRef {
  /** The control stanza (`dpkg-deb -f`). */
  control: string;
  multiArchSame: boolean;
  members: DebMember[];
  /** Control archive members other than `control` (md5sums, postinst…) with their bytes. */
  controlFiles: Map<string, Uint8Array>;
}

/**
 * Packages `apt-get install --no-install-recommends names` would unpack on a system whose dpkg
 * status is `statusFile`, in apt's order. The answer is cached under `key` so that later runs install
 * the same versions even after the mirror moves on.
 */
export function resolveInstall(key: string, statusFile: string, names: string[]): PackageRef[] {
  const cacheFile = join(CACHE_DIR, `resolve-${key}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as PackageRef[];
  const out = run('apt-get', [
    '-s',
    '-o',
    `Dir::State::status=${statusFile}`,
    'install',
    '--no-install-recommends',
    ...names,
  ]).toString();
  const refs: PackageRef[] = [];
  for (const line of out.split('\n')) {
    // Inst tzdata [2025b-0+deb12u2] (2026f-0+deb12u1 Debian-Security:12/stable-security [all])
    const m = /^Inst (\S+) (?:\[[^\]]*\] )?\((\S+) .*\[(\S+)\]\)/.exec(line);
    if (m) refs.push({ name: m[1]!, version: m[2]!, arch: m[3]! });
  }
  writeFileSync(cacheFile, JSON.stringify(refs, null, 1) + '\n');
  return refs;
}

/** The version apt would install of one package, whether or not a rootfs already has it. */
export function candidate(name: string): PackageRef {
  const cacheFile = join(CACHE_DIR, `candidate-${name}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as PackageRef;
  const version = /^\s*Candidate: (\S+)$/m.exec(run('apt-cache', ['policy', name]).toString())?.[1];
  if (!version || version === '(none)') throw new Error(`no candidate for ${name}`);
  const arch =
    /^Architecture: (\S+)$/m.exec(run('apt-cache', ['show', `${name}=${version}`]).toString())?.[1] ??
    'amd64';
  const ref = { name, version, arch };
  writeFileSync(cacheFile, JSON.stringify(ref) + '\n');
  return ref;
}

function debFile(ref: PackageRef): string {
  const dir = debDir();
  const want = `${ref.name}_${ref.version.replace(/:/g, '%3a')}_${ref.arch}.deb`;
  if (!existsSync(join(dir, want))) {
    log(`apt-get download ${ref.name}=${ref.version}`);
    run('apt-get', ['download', `${ref.name}=${ref.version}`], { cwd: dir });
  }
  if (!readdirSync(dir).includes(want)) throw new Error(`download of ${want} failed`);
  return join(dir, want);
}

function tarType(t: string | undefined): DebMember['type'] | undefined {
  switch (t) {
    case 'directory':
      return 'dir';
    case 'file':
    case undefined:
      return 'file';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return undefined;
  }
}

function absolute(name: string): string {
  const p = name.replace(/^\.\//, '').replace(/\/$/, '');
  return p === '' || p === '.' ? '/' : `/${p}`;
}

const debs = new Map<string, Deb>();

export async function readDeb(ref: PackageRef): Promise<Deb> {
  const key = `${ref.name}=${ref.version}`;
  const cached = debs.get(key);
  if (cached) return cached;
  const file = debFile(ref);
  const control = run('dpkg-deb', ['-f', file]).toString();
  const members: DebMember[] = [];
  for (const e of await unpackTar(run('dpkg-deb', ['--fsys-tarfile', file]))) {
    const type = tarType(e.header.type);
    const path = absolute(e.header.name);
    if (!type || path === '/') continue;
    const m: DebMember = {
      path,
      type,
      mode: (e.header.mode ?? 0o644) & 0o7777,
      uid: e.header.uid ?? 0,
      gid: e.header.gid ?? 0,
      mtime: Math.floor((e.header.mtime?.getTime() ?? 0) / 1000),
      size: type === 'file' ? e.header.size : 0,
    };
    if (type === 'symlink') m.target = e.header.linkname ?? '';
    if (type === 'hardlink') m.target = absolute(e.header.linkname ?? '');
    if (type === 'file' && e.data) m.data = e.data;
    members.push(m);
  }
  const controlFiles = new Map<string, Uint8Array>();
  for (const e of await unpackTar(run('dpkg-deb', ['--ctrl-tarfile', file]))) {
    const name = e.header.name.replace(/^\.\//, '');
    if (name && name !== 'control' && e.data && !name.endsWith('/')) controlFiles.set(name, e.data);
  }
  const deb: Deb = {
    ...ref,
    control,
    multiArchSame: /^Multi-Arch: same$/m.test(control),
    members,
    controlFiles,
  };
  debs.set(key, deb);
  return deb;
}
