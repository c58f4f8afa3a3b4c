// ls: one name a line when piped; columns sized like GNU ls (and coloured as its built-in defaults)
// on a terminal; -l with modes, link counts, owner names from the filesystem's own /etc/passwd.

import { FsError } from '../../../engine/errors';
import type { Entry } from '../../../engine/fs/entry';
import { compareNames, join } from '../../../engine/fs/path';
import type { View } from '../../../engine/fs/view';
import { coreutilsHumanSize } from '../../format/units';
import { displayWidth } from '../../format/width';
import type { Program, ProgramContext } from '../../types';
import {
  abs,
  blocks512,
  getopt,
  idNames,
  modeString,
  qa,
  say,
  statPath,
  statSize,
  tryStat,
  withRoot,
} from './util';

interface Item {
  /** The name shown. */
  name: string;
  /** The real path (for a symlink, the link itself). */
  path: string;
  entry: Entry;
}

interface Opts {
  long: boolean;
  all: boolean;
  almost: boolean;
  human: boolean;
  recursive: boolean;
  one: boolean;
  dirs: boolean;
  color: boolean;
  classify: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS = (365.2425 / 2) * 24 * 3600;

/** `Nov 27 09:00`, or `Nov 27  2025` for a time more than six months away (ls's rule), in UTC. */
export function lsDate(mtime: number, now: number): string {
  const d = new Date(mtime * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const mon = MONTHS[d.getUTCMonth()] as string;
  const recent = mtime > now - SIX_MONTHS && mtime <= now + 3600;
  if (recent) {
    const hh = String(d.getUTCHours()).padStart(2, '0');
    const mm = String(d.getUTCMinutes()).padStart(2, '0');
    return `${mon} ${day} ${hh}:${mm}`;
  }
  return `${mon} ${day}  ${d.getUTCFullYear()}`;
}

/** GNU ls's built-in colours (no LS_COLORS set). */
function colorOf(view: View, it: Item): string | null {
  const e = it.entry;
  if (e.type === 'symlink') return '01;36';
  if (e.type === 'dir') {
    const sticky = e.mode & 0o1000;
    const other = e.mode & 0o002;
    if (sticky && other) return '30;42';
    if (other) return '34;42';
    if (sticky) return '37;44';
    return '01;34';
  }
  if (e.type === 'whiteout') return '01;33';
  if (e.mode & 0o4000) return '37;41';
  if (e.mode & 0o2000) return '30;43';
  if (e.mode & 0o111) return '01;32';
  void view;
  return null;
}

class Painter {
  private started = false;
  constructor(private readonly on: boolean) {}
  paint(view: View, it: Item, text = it.name): string {
    if (!this.on) return text;
    const c = colorOf(view, it);
    if (!c) return text;
    // GNU ls resets the terminal once, before its first coloured name.
    const reset = this.started ? '' : '\x1b[0m';
    this.started = true;
    return `${reset}\x1b[${c}m${text}\x1b[0m`;
  }
}

function suffix(o: Opts, e: Entry): string {
  if (!o.classify) return '';
  if (e.type === 'dir') return '/';
  if (e.type === 'symlink') return '@';
  if (e.type === 'file' && e.mode & 0o111) return '*';
  return '';
}

/** Link count: 2 + subdirectories for a directory, 1 otherwise (hard links live in one layer). */
function nlink(view: View, it: Item): number {
  if (it.entry.type !== 'dir') return 1;
  let n = 2;
  for (const name of view.names(it.path)) {
    if (view.lookup(join(it.path, name))?.entry.type === 'dir') n++;
  }
  return n;
}

/**
 * GNU's column layout: the most columns whose total width stays under the line width, filled down
 * each column. Returns, per line, the cells as [item index, spaces after it].
 */
export function columns(widths: readonly number[], lineWidth: number): [number, number][][] {
  const n = widths.length;
  const colWidths = (cols: number): number[] => {
    const rows = Math.ceil(n / cols);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = Math.floor(i / rows);
      out[c] = Math.max(out[c] ?? 0, widths[i] as number);
    }
    return out;
  };
  let best = 1;
  for (let cols = Math.max(1, Math.min(n, Math.floor(lineWidth / 3))); cols > 1; cols--) {
    const w = colWidths(cols);
    const total = w.reduce((a, x, c) => a + x + (c === cols - 1 ? 0 : 2), 0);
    if (total < lineWidth) {
      best = cols;
      break;
    }
  }
  const rows = Math.ceil(n / best);
  const w = colWidths(best);
  const out: [number, number][][] = [];
  for (let r = 0; r < rows; r++) {
    const line: [number, number][] = [];
    for (let i = r; i < n; i += rows) {
      const pad = i + rows < n ? (w[Math.floor(i / rows)] as number) - (widths[i] as number) + 2 : 0;
      line.push([i, pad]);
    }
    out.push(line);
  }
  return out;
}

function block(
  ctx: ProgramContext,
  o: Opts,
  view: View,
  items: Item[],
  painter: Painter,
  withTotal: boolean,
): string {
  if (o.long) {
    const users = idNames(view, '/etc/passwd', ctx.shell.user);
    const groups = idNames(view, '/etc/group', ctx.shell.user);
    const now = ctx.fs.now();
    const rows = items.map((it) => {
      const e = it.entry;
      const size = statSize(e);
      return {
        mode: modeString(e),
        links: String(nlink(view, it)),
        user: users.get(e.uid) ?? String(e.uid),
        group: groups.get(e.gid) ?? String(e.gid),
        size: o.human ? coreutilsHumanSize(size) : String(size),
        date: lsDate(e.mtime, now),
        name: painter.paint(view, it) + (e.type === 'symlink' ? ` -> ${e.target}` : suffix(o, e)),
      };
    });
    const w = (k: 'links' | 'user' | 'group' | 'size') => Math.max(0, ...rows.map((r) => r[k].length));
    const [wl, wu, wg, ws] = [w('links'), w('user'), w('group'), w('size')];
    let text = '';
    if (withTotal) {
      const kib = items.reduce((a, it) => a + blocks512(it.entry), 0) / 2;
      text += `total ${o.human ? coreutilsHumanSize(kib * 1024) : kib}\n`;
    }
    for (const r of rows) {
      text += `${r.mode} ${r.links.padStart(wl)} ${r.user.padEnd(wu)} ${r.group.padEnd(wg)} ${r.size.padStart(ws)} ${r.date} ${r.name}\n`;
    }
    return text;
  }
  const shown = items.map((it) => it.name + suffix(o, it.entry));
  if (!ctx.io.tty || o.one) return items.map((it, i) => painter.paint(view, it, shown[i]) + '\n').join('');
  if (!items.length) return '';
  const widths = shown.map(displayWidth);
  // Padding is computed on the plain names; colour codes take no room on screen.
  return columns(widths, ctx.io.columns)
    .map(
      (line) =>
        line.map(([i, pad]) => painter.paint(view, items[i] as Item, shown[i]) + ' '.repeat(pad)).join('') +
        '\n',
    )
    .join('');
}

function listing(ctx: ProgramContext, view: View, dir: string, o: Opts): Item[] {
  const out: Item[] = [];
  if (o.all) {
    out.push({ name: '.', path: dir, entry: withRoot(ctx, statPath(view, dir, true)).entry });
    const parent = dir === '/' ? '/' : dir.slice(0, dir.lastIndexOf('/')) || '/';
    out.push({ name: '..', path: parent, entry: withRoot(ctx, statPath(view, parent, true)).entry });
  }
  for (const name of view.names(dir)) {
    if (name.startsWith('.') && !o.all && !o.almost) continue;
    const p = join(dir, name);
    const f = view.lookup(p);
    if (f) out.push({ name, path: p, entry: view.resolvedEntry(p, f) });
  }
  return out;
}

export const ls: Program = async (argv, ctx) => {
  const g = getopt(
    ctx,
    'ls',
    argv.filter((a) => !a.startsWith('--color')),
    'laAhR1dFC',
    { all: 'a', 'almost-all': 'A', 'human-readable': 'h', recursive: 'R', directory: 'd', classify: 'F' },
  );
  if (typeof g === 'number') return g === 1 ? 2 : g;
  const color = argv.find((a) => a.startsWith('--color'));
  const f = g.flags;
  const o: Opts = {
    long: f.has('l'),
    all: f.has('a'),
    almost: f.has('A'),
    human: f.has('h'),
    recursive: f.has('R') && !f.has('d'),
    one: f.has('1'),
    dirs: f.has('d'),
    color: color === undefined ? ctx.io.tty : !/=(never|no|none)$/.test(color),
    classify: f.has('F'),
  };
  const view = ctx.fs.view();
  const painter = new Painter(o.color);
  const operands = g.operands.length ? g.operands : ['.'];
  let code = 0;
  const files: Item[] = [];
  const dirs: Item[] = [];
  for (const name of operands) {
    const p = abs(ctx, name);
    let s = tryStat(view, p, false);
    if (s instanceof FsError) {
      say(ctx, 'ls', `cannot access ${qa(name)}: ${s.text}`);
      code = 2;
      continue;
    }
    // A symlink named on the command line is followed unless -l or -d asks about the link itself.
    if (s.entry.type === 'symlink' && !o.long && !o.dirs) {
      const t = tryStat(view, p, true);
      if (!(t instanceof FsError)) s = t;
    } else if (s.entry.type === 'symlink' && name.endsWith('/')) {
      const t = tryStat(view, p, true);
      if (!(t instanceof FsError)) s = t;
    }
    s = withRoot(ctx, s);
    const item = { name, path: s.path, entry: s.entry };
    if (s.entry.type === 'dir' && !o.dirs) dirs.push(item);
    else files.push(item);
  }
  files.sort((a, b) => compareNames(a.name, b.name));
  dirs.sort((a, b) => compareNames(a.name, b.name));
  const chunks: string[] = [];
  if (files.length) chunks.push(block(ctx, o, view, files, painter, false));
  const header = operands.length > 1 || o.recursive;
  const visit = (d: Item) => {
    const items = listing(ctx, view, d.path, o);
    chunks.push((header ? `${d.name}:\n` : '') + block(ctx, o, view, items, painter, true));
    if (!o.recursive) return;
    for (const it of items) {
      if (it.entry.type !== 'dir' || it.name === '.' || it.name === '..') continue;
      visit({ ...it, name: d.name.endsWith('/') ? d.name + it.name : `${d.name}/${it.name}` });
    }
  };
  for (const d of dirs) visit(d);
  ctx.io.out(chunks.join('\n'));
  return code;
};
