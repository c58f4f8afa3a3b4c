// Inputs fetched from Debian's mirror, kept in .cache/catalog/ so that a second run is offline and
// gives the same bytes: the debootstrap rootfs and the downloaded .deb files.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'catalog');
export const OUT_DIR = join(REPO_ROOT, 'static', 'catalog');
export const FILES_DIR = fileURLToPath(new URL('./files/', import.meta.url));

export const SUITE = 'bookworm';
export const MIRROR = 'http://deb.debian.org/debian';

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: Uint8Array } = {}): Buffer {
  return execFileSync(cmd, args, {
    cwd: opts.cwd,
    input: opts.input,
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C', DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function log(msg: string): void {
  process.stderr.write(`catalog: ${msg}\n`);
}

/** `debootstrap --variant=minbase bookworm` once; later runs reuse the tree. */
export function ensureRootfs(): string {
  const dir = join(CACHE_DIR, `rootfs-${SUITE}`);
  if (existsSync(join(dir, 'etc', 'debian_version'))) return dir;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${dir}.partial`;
  rmSync(tmp, { recursive: true, force: true });
  log(`debootstrap --variant=minbase ${SUITE} (about a minute)`);
  run('debootstrap', ['--variant=minbase', SUITE, tmp, MIRROR]);
  renameSync(tmp, dir);
  return dir;
}

export function debDir(): string {
  const dir = join(CACHE_DIR, 'debs');
  mkdirSync(dir, { recursive: true });
  return dir;
}
