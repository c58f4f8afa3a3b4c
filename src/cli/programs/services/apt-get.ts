// apt-get inside a Debian-based container: `update` fetches the package lists (files under
// /var/lib/apt/lists), `install` unpacks real bookworm file lists into the writable layer as virtual
// fills, so the layer visibly grows. Texts as apt 2.6 and dpkg 1.21 print them without a terminal.

import { FsError } from '../../../engine/errors';
import { contentBytes } from '../../../engine/fs/content';
import type { Upper } from '../../../engine/fs/upper';
import type { View } from '../../../engine/fs/view';
import type { Program, ProgramContext } from '../../types';
import type { Package, PackageCatalog } from './apt-catalog';
import { aptSize, closureOf, loadPackages } from './apt-catalog';

const LISTS = '/var/lib/apt/lists';

/** The three suites a bookworm image's debian.sources names: [InRelease name, Packages name, InRelease size, lz4 size, xz size]. */
const SUITES: [string, string, number, number, number][] = [
  ['deb.debian.org/debian bookworm', 'deb.debian.org/debian bookworm/main', 151_000, 13_564_093, 8_792_000],
  [
    'deb.debian.org/debian bookworm-updates',
    'deb.debian.org/debian bookworm-updates/main',
    55_400,
    14_012,
    6_924,
  ],
  [
    'deb.debian.org/debian-security bookworm-security',
    'deb.debian.org/debian-security bookworm-security/main',
    34_800,
    803_512,
    381_000,
  ],
];

/** The list file name apt derives from a URI: `deb.debian.org_debian_dists_bookworm_InRelease`. */
function listName(suite: string, file: string): string {
  const [host, rest] = suite.split(' ') as [string, string];
  const [dist, comp] = rest.split('/');
  return `${host.replace(/\//g, '_')}_dists_${dist}_${comp ? `${comp}_binary-amd64_` : ''}${file}`;
}

/** 32-bit FNV-1a: a stable fill seed per package file. */
function seedOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function hasLists(view: View): boolean {
  return view.lookup(LISTS) !== undefined && view.names(LISTS).some((n) => n.includes('Packages'));
}

function installed(view: View, pkg: Package): boolean {
  return (
    view.lookup(`/var/lib/dpkg/info/${pkg.name}.list`) !== undefined ||
    view.lookup(`/var/lib/dpkg/info/${pkg.name}:${pkg.arch}.list`) !== undefined
  );
}

/** apt's ShowList: names after two spaces, wrapped before 80 columns; `| b` choices stay whole. */
function showList(names: string[]): string {
  const words = names.flatMap((n) => n.split(' | ').map((w, i) => (i ? `| ${w}` : w)));
  const lines: string[] = [];
  let line = ' ';
  for (const n of words) {
    if (line.length + 1 + n.length > 79 && line.trim()) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${n}`;
  }
  lines.push(line);
  return lines.join('\n') + '\n';
}

/** The dpkg name of a package: `libssl3:amd64` when several architectures could hold it. */
const dpkgName = (p: Package) => (p.multiArchSame ? `${p.name}:${p.arch}` : p.name);
const debFile = (p: Package) => `${p.name}_${p.version.replace(/:/g, '%3a')}_${p.arch}.deb`;

function fileSize(view: View, path: string): number {
  const e = view.fileOf(path);
  return e ? (e.content.kind === 'fill' ? e.content.size : e.content.bytes.length) : 0;
}

/** Writes (or grows) a bookkeeping file as a fill of `size` bytes. */
function putFill(u: Upper, path: string, size: number, mtime: number, mode = 0o644): void {
  u.writeFile(path, { kind: 'fill', size, seed: seedOf(path + size) }, { mtime, mode });
}

function mkdirp(u: Upper, path: string, mtime: number, mode = 0o755, uid = 0, gid = 0): void {
  if (!u.view().lookup(path)) u.mkdir(path, { mtime, mode, uid, gid, parents: true });
}

/** Unpacks one package's files and keeps dpkg's books; returns how many shared libraries it added. */
function unpack(u: Upper, pkg: Package, mtime: number): number {
  let libs = 0;
  let listBytes = 2; // "/.\n"
  for (const [path, type, mode, uid, gid, mt, extra] of pkg.members) {
    listBytes += path.length + 1;
    const view = u.view();
    let real: string;
    try {
      real = view.resolve(path, type === 'dir');
    } catch {
      real = path;
    }
    const existing = view.lookup(real);
    if (type === 'dir') {
      if (!existing) u.mkdir(path, { mtime: mt, mode, uid, gid, parents: true });
      continue;
    }
    if (existing && existing.entry.type !== 'dir') u.unlink(path);
    if (type === 'file') {
      if (/\/lib\/x86_64-linux-gnu\/[^/]+\.so[.\d]*$/.test(path)) libs++;
      u.writeFile(
        path,
        { kind: 'fill', size: extra as number, seed: seedOf(`${pkg.name}${path}`) },
        { mtime: mt, mode, uid, gid },
      );
    } else if (type === 'symlink') u.symlink(extra as string, path, mt);
    else u.link(extra as string, path);
  }
  const info = `/var/lib/dpkg/info/${dpkgName(pkg)}`;
  putFill(u, `${info}.list`, listBytes, mtime);
  for (const [name, size] of pkg.controlFiles) {
    const script = ['preinst', 'postinst', 'prerm', 'postrm', 'config'].includes(name);
    putFill(u, `${info}.${name}`, size, mtime, script ? 0o755 : 0o644);
  }
  return libs;
}

/** update-alternatives --install: /usr/bin/vi → /etc/alternatives/vi → /usr/bin/vim.basic. */
function alternatives(u: Upper, pkg: Package, mtime: number, say: (s: string) => void): void {
  for (const [link, name, path, announced] of pkg.alternatives) {
    const alt = `/etc/alternatives/${name}`;
    const current = u.view().lookup(alt)?.entry;
    if (current?.type === 'symlink' && current.target === path) continue;
    // the packages modelled here all outrank what the base image offers (less 77 over more 50)
    if (current) u.unlink(alt);
    u.symlink(path, alt, mtime);
    if (!u.view().lookup(link)) u.symlink(alt, link, mtime);
    putFill(u, `/var/lib/dpkg/alternatives/${name}`, 40 + link.length + path.length, mtime);
    if (announced) say(`update-alternatives: using ${path} to provide ${link} (${name}) in auto mode\n`);
  }
}

function root(ctx: ProgramContext, what: string): boolean {
  if (ctx.shell.user.uid === 0) return true;
  ctx.io.err(
    `E: Could not open lock file ${what === 'update' ? '/var/lib/apt/lists/lock' : '/var/lib/dpkg/lock-frontend'} - open (13: Permission denied)\n` +
      (what === 'update'
        ? 'E: Unable to lock directory /var/lib/apt/lists/\n'
        : 'E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n'),
  );
  return false;
}

async function update(ctx: ProgramContext): Promise<number> {
  const { io } = ctx;
  if (!root(ctx, 'update')) return 100;
  const now = ctx.fs.now();
  let total = 0;
  let n = 0;
  const lines: string[] = [];
  for (const [suite, , size] of SUITES) {
    lines.push(`Get:${++n} http://${suite} InRelease [${aptSize(size)}B]`);
    total += size;
  }
  for (const [, comp, , , xz] of SUITES) {
    lines.push(`Get:${++n} http://${comp} amd64 Packages [${aptSize(xz)}B]`);
    total += xz;
  }
  io.out(lines.join('\n') + '\n');
  await ctx.fs.change((u) => {
    mkdirp(u, `${LISTS}/partial`, now, 0o700, 42, 0);
    mkdirp(u, `${LISTS}/auxfiles`, now);
    putFill(u, `${LISTS}/lock`, 0, now, 0o640);
    for (const [suite, comp, size, lz4] of SUITES) {
      putFill(u, `${LISTS}/${listName(suite, 'InRelease')}`, size + 117, now);
      putFill(u, `${LISTS}/${listName(comp, 'Packages.lz4')}`, lz4, now);
    }
  });
  io.out(`Fetched ${aptSize(total)}B in 1s (${aptSize(total)}B/s)\n${reading(ctx)}`);
  return 0;
}

const reading = (ctx: ProgramContext) => `Reading package lists...${ctx.io.tty ? ' Done' : ''}\n`;
/** apt reads its state file (which packages were installed as dependencies) only once it exists. */
const preamble = (ctx: ProgramContext) => {
  const done = ctx.io.tty ? ' Done' : '';
  const state = ctx.fs.view().lookup('/var/lib/apt/extended_states')
    ? `Reading state information...${done}\n`
    : '';
  return `${reading(ctx)}Building dependency tree...${done}\n${state}`;
};

async function install(ctx: ProgramContext, names: string[], yes: boolean): Promise<number> {
  const { io } = ctx;
  if (!root(ctx, 'install')) return 100;
  const view = ctx.fs.view();
  let cat: PackageCatalog;
  try {
    cat = await loadPackages(ctx.engine);
  } catch {
    io.out(preamble(ctx));
    io.err('E: The package catalog of this simulation could not be read.\n');
    return 100;
  }
  io.out(preamble(ctx));
  const unknown = names.find((n) => !hasLists(view) || !cat.packages.has(n));
  if (unknown !== undefined) {
    io.err(`E: Unable to locate package ${unknown}\n`);
    return 100;
  }
  const todo = closureOf(cat, names)
    .map((n) => cat.packages.get(n)!)
    .filter((p) => !installed(view, p));
  let out = '';
  for (const n of names) {
    const p = cat.packages.get(n)!;
    if (installed(view, p)) out += `${n} is already the newest version (${p.version}).\n`;
  }
  if (todo.length === 0) {
    io.out(`${out}0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n`);
    return 0;
  }
  const sorted = todo.map((p) => p.name).sort();
  const extra = sorted.filter((n) => !names.includes(n));
  const going = new Set(sorted);
  const suggests = [...new Set(todo.flatMap((p) => p.suggests))].filter(
    (s) => !going.has(s) && !(cat.packages.has(s) && installed(view, cat.packages.get(s)!)),
  );
  if (extra.length) out += `The following additional packages will be installed:\n${showList(extra)}`;
  if (suggests.length) out += `Suggested packages:\n${showList(suggests)}`;
  out += `The following NEW packages will be installed:\n${showList(sorted)}`;
  out += `0 upgraded, ${todo.length} newly installed, 0 to remove and 0 not upgraded.\n`;
  const download = todo.reduce((s, p) => s + p.debSize, 0);
  const disk = todo.reduce((s, p) => s + p.installedSize * 1024, 0);
  out += `Need to get ${aptSize(download)}B of archives.\n`;
  out += `After this operation, ${aptSize(disk)}B of additional disk space will be used.\n`;
  if (extra.length && !yes) {
    // apt asks when it adds packages; without a terminal to answer, it gives up as real apt does at EOF
    io.out(`${out}Do you want to continue? [Y/n] Abort.\n`);
    return 1;
  }
  todo.forEach((p, i) => {
    out += `Get:${i + 1} ${p.source} amd64 ${p.name} ${p.arch} ${p.version} [${aptSize(p.debSize)}B]\n`;
  });
  // debconf's apt hook runs for every install; without apt-utils it can only postpone the questions
  out += 'debconf: delaying package configuration, since apt-utils is not installed\n';
  const secs = Math.floor(download / 20_000_000);
  out += `Fetched ${aptSize(download)}B in ${secs}s (${aptSize(download / Math.max(1, download / 20_000_000))}B/s)\n`;
  const known = countEntries(view);
  // apt hands more than five archives to dpkg as a directory of numbered links, which dpkg shows
  const width = String(todo.length).length;
  todo.forEach((p, i) => {
    out += `Selecting previously unselected package ${dpkgName(p)}.\n`;
    if (i === 0) out += `(Reading database ... ${known} files and directories currently installed.)\n`;
    const prefix = todo.length > 5 ? `${String(i).padStart(width, '0')}-` : '';
    out += `Preparing to unpack .../${prefix}${debFile(p)} ...\n`;
    out += `Unpacking ${dpkgName(p)} (${p.version}) ...\n`;
  });
  const now = ctx.fs.now();
  let post = '';
  try {
    await ctx.fs.change((u) => {
      const statusBefore = fileSize(u.view(), '/var/lib/dpkg/status');
      let libs = 0;
      for (const p of todo) libs += unpack(u, p, now);
      for (const p of todo) {
        post += `Setting up ${dpkgName(p)} (${p.version}) ...\n`;
        alternatives(u, p, now, (s) => (post += s));
        if (p.name === 'ca-certificates') {
          const certs = p.members.filter(([path]) =>
            /^\/usr\/share\/ca-certificates\/mozilla\/.+\.crt$/.test(path),
          );
          const bundle = certs.reduce((s, m) => s + (m[6] as number), 0);
          putFill(u, '/etc/ssl/certs/ca-certificates.crt', bundle, now);
          post += `Updating certificates in /etc/ssl/certs...\n${certs.length} added, 0 removed; done.\n`;
        }
      }
      if (todo.some((p) => p.name === 'ca-certificates'))
        post +=
          'Processing triggers for ca-certificates (' +
          cat.packages.get('ca-certificates')!.version +
          ') ...\n' +
          'Updating certificates in /etc/ssl/certs...\n0 added, 0 removed; done.\nRunning hooks in /etc/ca-certificates/update.d...\ndone.\n';
      if (libs > 0) {
        post += `Processing triggers for libc-bin (${cat.libcBin}) ...\n`;
        putFill(u, '/etc/ld.so.cache', fileSize(u.view(), '/etc/ld.so.cache') + libs * 72, now);
      }
      const stanzas = todo.reduce((s, p) => s + p.controlSize + 30, 0);
      putFill(u, '/var/lib/dpkg/status-old', statusBefore, now);
      putFill(u, '/var/lib/dpkg/status', statusBefore + stanzas, now);
      const auto = todo.filter((p) => !names.includes(p.name));
      const ext = '/var/lib/apt/extended_states';
      putFill(
        u,
        ext,
        fileSize(u.view(), ext) + auto.reduce((s, p) => s + 48 + p.name.length + p.arch.length, 0),
        now,
      );
      for (const [log, per] of [
        ['/var/log/dpkg.log', 7 * 64],
        ['/var/log/apt/history.log', 48],
        ['/var/log/apt/term.log', 190],
      ] as const) {
        mkdirp(u, '/var/log/apt', now);
        putFill(
          u,
          log,
          fileSize(u.view(), log) + 160 + todo.length * per,
          now,
          log === '/var/log/apt/term.log' ? 0o640 : 0o644,
        );
      }
    });
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    io.out(out);
    io.err(
      `dpkg: error processing archive: ${e.message}\nE: Sub-process /usr/bin/dpkg returned an error code (1)\n`,
    );
    return 100;
  }
  io.out(out + post);
  return 0;
}

function countEntries(view: View): number {
  let n = 0;
  for (const _ of view.walk()) n++;
  return n;
}

/** Whether /etc/os-release names Debian (the package data is bookworm's). */
function isDebian(view: View): boolean {
  try {
    const f = view.fileOf(view.resolve('/etc/os-release'));
    if (!f) return false;
    const text = new TextDecoder().decode(contentBytes(f.content));
    return /^ID=debian$/m.test(text);
  } catch {
    return false;
  }
}

/** `apt`: apt-get's work with the warning apt gives when its output is not a terminal. */
export const apt: Program = async (argv, ctx) => {
  if (!ctx.io.tty)
    ctx.io.err('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n');
  return aptGet(argv, ctx);
};

const USAGE =
  'apt 2.6.1 (amd64)\nUsage: apt-get [options] command\n       apt-get [options] install|remove pkg1 [pkg2 ...]\n\n' +
  'Most used commands:\n  update - Retrieve new lists of packages\n  install - Install new packages (pkg is libc6 not libc6.deb)\n';

export const aptGet: Program = async (argv, ctx) => {
  const args = argv.slice(1);
  let yes = false;
  const words: string[] = [];
  for (const a of args) {
    if (a === '-y' || a === '--yes' || a === '--assume-yes') yes = true;
    else if (a === '-q' || a === '-qq' || a === '--no-install-recommends') continue;
    else if (a.startsWith('-')) {
      ctx.io.err(
        `E: Command line option '${a}' [from ${a}] is not understood in combination with the other options.\n`,
      );
      return 100;
    } else words.push(a);
  }
  const [cmd, ...names] = words;
  if ((cmd === 'update' || cmd === 'install') && !isDebian(ctx.fs.view())) {
    ctx.io.err(
      `apt-get: only Debian bookworm's package archive is modelled here; this image's is not.\n` +
        'Try it in a debian, nginx or redis container.\n',
    );
    return 100;
  }
  if (cmd === undefined) {
    ctx.io.out(USAGE);
    return 1;
  }
  if (cmd === 'update') return update(ctx);
  if (cmd === 'install') return install(ctx, names, yes);
  if (cmd === 'clean' || cmd === 'autoclean') return 0;
  ctx.io.err(`E: Invalid operation ${cmd}\n`);
  return 100;
};
