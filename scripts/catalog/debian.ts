// The Debian base: the real `debootstrap --variant=minbase bookworm` tree, finished the way
// debuerreotype finishes Docker's debian images (fixup, minimizing config, tar excludes), and its
// "slim" variant (debuerreotype-slimify: no docs, man pages, info, locales).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRootfs, SUITE } from './cache';
import { readRootfs, type TextPredicate } from './rootfs';
import { parentOf, textNode, Tree, type Meta } from './tree';
import { fnmatch } from './glob';

export interface DebianBase {
  /** minbase without slim exclusions (debian:bookworm). */
  full: Tree;
  /** debian:bookworm-slim. */
  slim: Tree;
  /** The build epoch: the day of the archive's Release file (what debuerreotype calls the timestamp). */
  epoch: number;
  /** Real dpkg status stanza sizes, by package name, for bookkeeping of later installs. */
  statusStanzas: Map<string, number>;
  /** The rootfs's dpkg status file, for apt's solver. */
  statusFile: string;
  release: string;
}

/** Files that carry real text: small configuration a learner may `cat`. */
export const teachingText: TextPredicate = (p, size) =>
  size <= 8192 &&
  (p.startsWith('/etc/') || p.startsWith('/root/') || p === '/usr/lib/os-release') &&
  !/\.(asc|gpg)$/.test(p) &&
  p !== '/etc/ld.so.cache';

// debuerreotype's .slimify-excludes and .slimify-includes.
export const SLIM_EXCLUDES = [
  '/usr/share/doc/*',
  '/usr/share/groff/*',
  '/usr/share/info/*',
  '/usr/share/linda/*',
  '/usr/share/lintian/overrides/*',
  '/usr/share/locale/*',
  '/usr/share/man/*',
];
export const SLIM_INCLUDES = [
  '/usr/share/doc/*/copyright',
  '/usr/share/doc/kde/HTML/C/*',
  '/usr/share/gnome/help/*/C/*',
  '/usr/share/locale/all_languages',
  '/usr/share/locale/currency/*',
  '/usr/share/locale/l10n/*',
  '/usr/share/locale/languages',
  '/usr/share/locale/locale.alias',
  '/usr/share/omf/*/*-C.emf',
].sort();

function releaseEpoch(root: string): number {
  const lists = join(root, 'var/lib/apt/lists');
  const release = readdirSync(lists).find((f) => f.endsWith('_InRelease') || f.endsWith('_Release'));
  if (!release) throw new Error('no Release file in the rootfs apt lists');
  const date = /^Date: (.+)$/m.exec(readFileSync(join(lists, release), 'utf8'))?.[1];
  if (!date) throw new Error('Release file without Date');
  const t = Math.floor(Date.parse(date) / 1000);
  return t - (t % 86400);
}

function stanzaSizes(status: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const stanza of status.split('\n\n')) {
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    if (name) out.set(name, Buffer.byteLength(stanza) + 2);
  }
  return out;
}

const SKIP_CONTENTS = new Set(['/proc', '/sys', '/dev', '/var/cache/apt', '/var/lib/apt/lists']);
// debuerreotype-fixup, the tar excludes of debuerreotype-tar and debian.sh's `--exclude ./etc/machine-id`.
const REMOVED = [
  '/etc/machine-id',
  '/var/log/dpkg.log',
  '/var/log/bootstrap.log',
  '/var/log/alternatives.log',
  '/var/cache/ldconfig/aux-cache',
  '/run/mount/utab',
  '/etc/apt/apt.conf.d/01autoremove-kernels',
  '/var/log/apt/history.log',
  '/var/log/apt/term.log',
  '/etc/apt/sources.list',
];

function snapshotSources(epoch: number): string {
  const stamp = new Date(epoch * 1000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const block = (archive: string, suites: string) =>
    `Types: deb\n# http://snapshot.debian.org/archive/${archive}/${stamp}\nURIs: http://deb.debian.org/${archive}\n` +
    `Suites: ${suites}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`;
  return `${block('debian', `${SUITE} ${SUITE}-updates`)}\n${block('debian-security', `${SUITE}-security`)}`;
}

// The settings debuerreotype-minimizing-config adds, with our own comments.
const MINIMIZING: [string, number, string][] = [
  [
    '/usr/sbin/policy-rc.d',
    0o755,
    '#!/bin/sh\n\n# Inside an image build no service may start: refuse every request.\n\nexit 101\n',
  ],
  [
    '/etc/dpkg/dpkg.cfg.d/docker-apt-speedup',
    0o644,
    '# Builds are thrown away on failure: skip the fsync after each unpack.\n\nforce-unsafe-io\n',
  ],
  [
    '/etc/apt/apt.conf.d/docker-autoremove-suggests',
    0o644,
    '# Let "apt-get purge --auto-remove" also remove what was pulled in only as a suggestion.\n\n' +
      'Apt::AutoRemove::SuggestsImportant "false";\n',
  ],
  [
    '/etc/apt/apt.conf.d/docker-clean',
    0o644,
    '# Every RUN becomes a layer: never leave downloaded packages or apt caches behind in one.\n' +
      'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n' +
      'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n\n' +
      'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n',
  ],
  [
    '/etc/apt/apt.conf.d/docker-gzip-indexes',
    0o644,
    '# Keep package lists compressed on disk: a layer with "apt-get update" in it stays small.\n\n' +
      'Acquire::GzipIndexes "true";\n',
  ],
  [
    '/etc/apt/apt.conf.d/docker-no-languages',
    0o644,
    '# Containers rarely need translated package descriptions.\n\nAcquire::Languages "none";\n',
  ],
];

function dpkgOwners(root: string, pattern: string): string[] {
  const info = join(root, 'var/lib/dpkg/info');
  const owners = new Set<string>();
  for (const f of readdirSync(info)) {
    if (!f.endsWith('.list')) continue;
    const lines = readFileSync(join(info, f), 'utf8').split('\n');
    if (lines.some((l) => l && fnmatch(pattern, l)))
      owners.add(f.slice(0, -'.list'.length).replace(/:.*$/, ''));
  }
  return [...owners].sort();
}

/** `fold -w 76 -s` of a space-separated list. */
function fold(words: string[]): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + w).length > 76) {
      lines.push(cur);
      cur = '';
    }
    cur += w + ' ';
  }
  if (cur) lines.push(cur.trimEnd());
  return lines;
}

function slimConfig(root: string): string {
  let out =
    '# This is the "slim" variant of the Debian base image.\n' +
    '# Many files which are normally unnecessary in containers are excluded,\n' +
    '# and this configuration file keeps them that way.\n';
  for (const ex of [...SLIM_EXCLUDES].sort()) {
    out += `\n# dpkg -S '${ex}'\n`;
    const owners = dpkgOwners(root, ex);
    out += fold(owners.length ? owners : [`dpkg-query: no path found matching pattern ${ex}`])
      .map((l) => `#  ${l}\n`)
      .join('');
    out += `path-exclude ${ex}\n`;
  }
  out += '\n' + SLIM_INCLUDES.map((i) => `path-include ${i}\n`).join('');
  return out;
}

/** debuerreotype-slimify on a tree: delete excluded files, then empty dirs/files and dangling links. */
export function slimify(tree: Tree): void {
  const included = (p: string) => SLIM_INCLUDES.some((i) => fnmatch(i, p));
  for (const ex of [...SLIM_EXCLUDES].sort()) {
    const base = parentOf(ex);
    if (tree.get(base)?.type !== 'dir') continue;
    const under = () => [...tree.nodes.keys()].filter((p) => p.startsWith(base + '/'));
    for (const p of under()) {
      const n = tree.get(p)!;
      if (n.type !== 'dir' && n.type !== 'symlink' && !included(p)) tree.remove(p);
    }
    for (;;) {
      let removed = 0;
      for (const p of under().sort().reverse()) {
        const n = tree.get(p);
        if (!n) continue;
        const empty =
          (n.type === 'dir' && tree.children(p).length === 0) ||
          (n.type === 'file' && n.size === 0) ||
          (n.type === 'symlink' && tree.resolve(p) === undefined);
        if (empty) {
          tree.remove(p);
          removed++;
        }
      }
      if (removed === 0) break;
    }
  }
}

export function buildDebianBase(): DebianBase {
  const root = ensureRootfs();
  const epoch = releaseEpoch(root);
  const tree = readRootfs(root, {
    skipContents: (p) => SKIP_CONTENTS.has(p),
    wantText: teachingText,
    rev: 'debootstrap',
    clampMtime: epoch,
  });
  for (const p of REMOVED) tree.remove(p);
  if (tree.children('/run/mount').length === 0) tree.remove('/run/mount');

  const meta = (mode: number): Meta => ({ mode, uid: 0, gid: 0, mtime: epoch });
  const put = (p: string, mode: number, text: string) =>
    tree.set(p, textNode(text, meta(mode), 'debuerreotype'));
  put('/etc/hostname', 0o644, 'debuerreotype\n');
  put(
    '/etc/resolv.conf',
    0o644,
    '# https://1.1.1.1 (privacy-focused, highly-available DNS service)\nnameserver 1.1.1.1\nnameserver 1.0.0.1\n',
  );
  put('/etc/apt/sources.list.d/debian.sources', 0o644, snapshotSources(epoch));
  for (const [p, mode, text] of MINIMIZING) put(p, mode, text);

  // debuerreotype-init: password "last changed" days never later than the epoch.
  const day = Math.floor(epoch / 86400);
  for (const p of ['/etc/shadow', '/etc/shadow-']) {
    const n = tree.get(p);
    if (n?.type !== 'file' || n.text === undefined) continue;
    const text = n.text
      .split('\n')
      .map((l) => {
        const f = l.split(':');
        if (f.length > 2 && Number(f[2]) > day) f[2] = String(day);
        return f.join(':');
      })
      .join('\n');
    tree.set(p, { ...textNode(text, n, n.rev) });
  }

  const slim = tree.clone();
  slimify(slim);
  slim.set('/etc/dpkg/dpkg.cfg.d/docker', textNode(slimConfig(root), meta(0o644), 'debuerreotype'));

  const statusFile = join(root, 'var/lib/dpkg/status');
  const release = readFileSync(join(root, 'etc/debian_version'), 'utf8').trim();
  return {
    full: tree,
    slim,
    epoch,
    statusStanzas: stanzaSizes(readFileSync(statusFile, 'utf8')),
    statusFile,
    release,
  };
}
