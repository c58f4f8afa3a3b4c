// The packages `apt-get install` can add inside a container: for curl, vim, less, procps and
// iputils-ping, what apt would install on debian:bookworm-slim (recommends included, as apt does by
// default) and each package's real file list through the slim image's dpkg filters.
// Run: `npx tsx scripts/catalog/packages.ts` (downloads into .cache/, writes static/catalog/packages.json.gz).

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { CACHE_DIR, OUT_DIR, ensureRootfs, log, run } from './cache';
import { readDeb, type PackageRef } from './deb';
import { dpkgSkips } from './dpkg';
import { existsSync } from 'node:fs';

export const TOP = ['curl', 'vim', 'less', 'procps', 'iputils-ping'];

interface Planned extends PackageRef {
  /** Where apt gets it from: `http://deb.debian.org/debian bookworm/main`. */
  source: string;
}

/** apt's plan for `apt-get install names` on the rootfs's dpkg status, with recommends. */
function plan(status: string, names: string[]): Planned[] {
  const key = join(CACHE_DIR, `packages-plan-${names.join('+')}.json`);
  if (existsSync(key)) return JSON.parse(readFileSync(key, 'utf8')) as Planned[];
  const out = run('apt-get', [
    '-s',
    '-o',
    `Dir::State::status=${status}`,
    '-o',
    'APT::Install-Recommends=true',
    'install',
    ...names,
  ]).toString();
  const refs: Planned[] = [];
  for (const line of out.split('\n')) {
    // Inst curl (7.88.1-10+deb12u15 Debian-Security:12/stable-security [amd64])
    const m = /^Inst (\S+) (?:\[[^\]]*\] )?\((\S+) (.*) \[(\S+)\]\)/.exec(line);
    if (!m) continue;
    const label = m[3]!;
    const source = label.includes('Security')
      ? 'http://deb.debian.org/debian-security bookworm-security/main'
      : label.includes('updates')
        ? 'http://deb.debian.org/debian bookworm-updates/main'
        : 'http://deb.debian.org/debian bookworm/main';
    refs.push({ name: m[1]!, version: m[2]!, arch: m[4]!, source });
  }
  writeFileSync(key, JSON.stringify(refs, null, 1) + '\n');
  return refs;
}

/** The first alternative of each entry of a Depends-like field. */
function field(control: string, name: string): string[] {
  const m = new RegExp(`^${name}: (.*(?:\\n .*)*)`, 'm').exec(control);
  if (!m) return [];
  return m[1]!
    .split(',')
    .map(
      (s) =>
        s
          .split('|')[0]!
          .trim()
          .split(/[\s(:]/)[0]!,
    )
    .filter(Boolean);
}

/**
 * update-alternatives --install calls of the postinst scripts, as [link, name, path, announced]
 * (less's runs with --quiet); in the order update-alternatives reports them.
 */
const ALTERNATIVES: Record<string, [string, string, string, boolean][]> = {
  vim: ['editor', 'ex', 'rview', 'rvim', 'vi', 'view', 'vim', 'vimdiff'].map((n) => [
    `/usr/bin/${n}`,
    n,
    '/usr/bin/vim.basic',
    true,
  ]),
  less: [['/usr/bin/pager', 'pager', '/usr/bin/less', false]],
};

/** Suggests as apt lists them: each group with its `|` choices kept. */
function groups(control: string, name: string): string[] {
  const m = new RegExp(`^${name}: (.*(?:\\n .*)*)`, 'm').exec(control);
  if (!m) return [];
  return m[1]!
    .split(',')
    .map((g) =>
      g
        .split('|')
        .map((x) => x.trim().split(/[\s(:]/)[0]!)
        .join(' | '),
    )
    .filter(Boolean);
}

async function main(): Promise<void> {
  const rootfs = ensureRootfs();
  const status = join(rootfs, 'var/lib/dpkg/status');
  const libcBin = /Package: libc-bin\n(?:.*\n)*?Version: (\S+)/.exec(readFileSync(status, 'utf8'))?.[1] ?? '';
  const closures: Record<string, string[]> = {};
  const all = new Map<string, Planned>();
  for (const top of TOP) {
    const refs = plan(status, [top]);
    closures[top] = refs.map((r) => r.name);
    for (const r of refs) all.set(r.name, r);
  }
  const packages = [];
  for (const ref of [...all.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const deb = await readDeb(ref);
    const file = join(CACHE_DIR, 'debs', `${ref.name}_${ref.version.replace(/:/g, '%3a')}_${ref.arch}.deb`);
    const members = deb.members
      .filter((m) => !dpkgSkips(m.path, m.type === 'dir'))
      .map((m) =>
        m.type === 'symlink' || m.type === 'hardlink'
          ? [m.path, m.type, m.mode, m.uid, m.gid, m.mtime, m.target]
          : [m.path, m.type, m.mode, m.uid, m.gid, m.mtime, m.size],
      );
    packages.push({
      name: ref.name,
      version: ref.version,
      arch: ref.arch,
      source: ref.source,
      debSize: statSync(file).size,
      installedSize: Number(/^Installed-Size: (\d+)$/m.exec(deb.control)?.[1] ?? 0),
      multiArchSame: deb.multiArchSame,
      depends: [...new Set([...field(deb.control, 'Pre-Depends'), ...field(deb.control, 'Depends')])],
      recommends: field(deb.control, 'Recommends'),
      suggests: groups(deb.control, 'Suggests'),
      controlFiles: [...deb.controlFiles].map(([n, b]) => [n, b.length]),
      controlSize: Buffer.byteLength(deb.control),
      alternatives: ALTERNATIVES[ref.name] ?? [],
      members,
    });
    log(`${ref.name} ${ref.version}: ${members.length} members`);
  }
  const json = JSON.stringify({ format: 1, suite: 'bookworm', libcBin, closures, packages });
  writeFileSync(
    join(OUT_DIR, 'packages.json.gz'),
    gzipSync(new TextEncoder().encode(json), { level: 9, mtime: 0 }),
  );
  log(`wrote packages.json.gz (${packages.length} packages)`);
}

await main();
