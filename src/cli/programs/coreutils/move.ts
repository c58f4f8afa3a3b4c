// mv, cp, ln: the commands that name a destination. mv renames when overlayfs lets it and, like GNU
// mv, copies then removes when rename(2) says EXDEV (a directory that comes from an image layer).

import { FsError } from '../../../engine/errors';
import type { Entry } from '../../../engine/fs/entry';
import { basename, isWithin } from '../../../engine/fs/path';
import type { FsEvent, Upper } from '../../../engine/fs/upper';
import type { View } from '../../../engine/fs/view';
import type { Program, ProgramContext } from '../../types';
import { tryChange } from './change';
import type { Stat } from './util';
import { abs, getopt, qa, say, tryStat, usageError } from './util';

interface Target {
  /** The operand as typed, for messages. */
  name: string;
  path: string;
}

/** The destination of each source: `dst/basename(src)` when dst is a directory (or several sources). */
function targets(
  ctx: ProgramContext,
  prog: string,
  operands: string[],
  noTargetDir = false,
): { pairs: [string, Target][] } | number {
  if (!operands.length) return usageError(ctx, prog, 'missing file operand');
  if (operands.length === 1) {
    return usageError(ctx, prog, `missing destination file operand after ${qa(operands[0] as string)}`);
  }
  const dst = operands[operands.length - 1] as string;
  const srcs = operands.slice(0, -1);
  const d = tryStat(ctx.fs.view(), abs(ctx, dst), true);
  const isDir = !(d instanceof FsError) && d.entry.type === 'dir' && !noTargetDir;
  if (!isDir && srcs.length > 1) {
    say(ctx, prog, `target ${qa(dst)} is not a directory`);
    return 1;
  }
  const pairs: [string, Target][] = srcs.map((s) => {
    if (!isDir) return [s, { name: dst, path: abs(ctx, dst) }];
    const base = basename(s.replace(/\/+$/, '')) || s;
    const name = dst.endsWith('/') ? dst + base : `${dst}/${base}`;
    return [s, { name, path: abs(ctx, name) }];
  });
  return { pairs };
}

/**
 * Copies the tree at `src` (already stat'ed) onto `dst` through ordinary writes: missing directories
 * are made, existing ones merged into, files written. `preserve` keeps modes, owners and mtimes (`-a`).
 */
function copyTree(
  u: Upper,
  view: View,
  src: Stat,
  dst: string,
  preserve: boolean,
  now: number,
  who: { uid: number; gid: number },
): FsEvent[] {
  const events: FsEvent[] = [];
  const items: [string, Entry][] = [[src.path, src.entry]];
  if (src.entry.type === 'dir') {
    for (const [p, f] of view.walk(src.path)) items.push([p, view.resolvedEntry(p, f)]);
  }
  for (const [p, e] of items) {
    const q = dst + p.slice(src.path.length);
    const meta = preserve ? { uid: e.uid, gid: e.gid } : who;
    const mtime = preserve ? e.mtime : now;
    const here = view.lookup(q);
    if (e.type === 'dir') {
      if (!here) events.push(...u.mkdir(q, { mtime, mode: e.mode, ...meta }));
    } else if (e.type === 'symlink') {
      if (here) events.push(...u.unlink(q));
      events.push(...u.symlink(e.target, q, mtime));
    } else if (e.type === 'file') {
      events.push(...u.writeFile(q, e.content, { mtime, mode: e.mode, ...meta }));
    }
    if (preserve && e.type !== 'symlink') {
      events.push(...u.chown(q, e.uid, e.gid), ...u.chmod(q, e.mode), ...u.utimes(q, e.mtime));
    }
  }
  // A directory's mtime is set last: writing its children would have changed it.
  if (preserve && src.entry.type === 'dir') {
    for (const [p, e] of items.reverse())
      if (e.type === 'dir') events.push(...u.utimes(dst + p.slice(src.path.length), e.mtime));
  }
  return events;
}

export const mv: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'mv', argv, 'fivnT', { force: 'f', verbose: 'v', 'no-clobber': 'n' });
  if (typeof o === 'number') return o;
  const t = targets(ctx, 'mv', o.operands, o.flags.has('T'));
  if (typeof t === 'number') return t;
  let code = 0;
  for (const [name, dst] of t.pairs) {
    const view = ctx.fs.view();
    const s = tryStat(view, abs(ctx, name), false);
    if (s instanceof FsError) {
      say(ctx, 'mv', `cannot stat ${qa(name)}: ${s.text}`);
      code = 1;
      continue;
    }
    const d = tryStat(view, dst.path, false);
    const dExists = !(d instanceof FsError);
    if (dExists && d.path === s.path) {
      say(ctx, 'mv', `${qa(name)} and ${qa(dst.name)} are the same file`);
      code = 1;
      continue;
    }
    if (s.entry.type === 'dir' && isWithin(view.resolve(dst.path, false), s.path)) {
      say(ctx, 'mv', `cannot move ${qa(name)} to a subdirectory of itself, ${qa(dst.name)}`);
      code = 1;
      continue;
    }
    if (dExists && o.flags.has('n')) continue;
    if (dExists && d.entry.type === 'dir' && s.entry.type !== 'dir') {
      say(ctx, 'mv', `cannot overwrite directory ${qa(dst.name)} with non-directory`);
      code = 1;
      continue;
    }
    if (dExists && d.entry.type !== 'dir' && s.entry.type === 'dir') {
      say(ctx, 'mv', `cannot overwrite non-directory ${qa(dst.name)} with directory ${qa(name)}`);
      code = 1;
      continue;
    }
    const src = abs(ctx, name);
    const r = await tryChange(ctx, (u) => {
      try {
        return u.rename(src, dst.path);
      } catch (e) {
        if (!(e instanceof FsError) || e.code !== 'EXDEV') throw e;
        // GNU mv: rename failed across "devices", so copy everything (keeping attributes), then remove.
        if (dExists && d.entry.type === 'dir' && u.view().names(d.path).length)
          throw new FsError('ENOTEMPTY', dst.path);
        const events = dExists ? u.remove(dst.path) : [];
        events.push(...copyTree(u, u.view(), s, view.resolve(dst.path, false), true, ctx.fs.now(), s.entry));
        events.push(...u.remove(src));
        return events;
      }
    });
    if (r instanceof FsError) {
      say(ctx, 'mv', `cannot move ${qa(name)} to ${qa(dst.name)}: ${r.text}`);
      code = 1;
    } else if (o.flags.has('v')) ctx.io.out(`renamed ${qa(name)} -> ${qa(dst.name)}\n`);
  }
  return code;
};

export const cp: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'cp', argv, 'rRapfvdT', { recursive: 'r', archive: 'a', force: 'f', verbose: 'v' });
  if (typeof o === 'number') return o;
  const recursive = o.flags.has('r') || o.flags.has('R') || o.flags.has('a');
  const preserve = o.flags.has('a') || o.flags.has('p');
  const t = targets(ctx, 'cp', o.operands, o.flags.has('T'));
  if (typeof t === 'number') return t;
  let code = 0;
  for (const [name, dst] of t.pairs) {
    const view = ctx.fs.view();
    // -a copies symlinks as symlinks; otherwise the operand itself is followed.
    const s = tryStat(view, abs(ctx, name), !o.flags.has('a') && !o.flags.has('d'));
    if (s instanceof FsError) {
      say(ctx, 'cp', `cannot stat ${qa(name)}: ${s.text}`);
      code = 1;
      continue;
    }
    if (s.entry.type === 'dir' && !recursive) {
      say(ctx, 'cp', `-r not specified; omitting directory ${qa(name)}`);
      code = 1;
      continue;
    }
    const d = tryStat(view, dst.path, true);
    const dExists = !(d instanceof FsError);
    if (dExists && d.path === s.path) {
      say(ctx, 'cp', `${qa(name)} and ${qa(dst.name)} are the same file`);
      code = 1;
      continue;
    }
    let real: string;
    try {
      real = view.resolve(dst.path, true);
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      say(ctx, 'cp', `cannot create regular file ${qa(dst.name)}: ${e.text}`);
      code = 1;
      continue;
    }
    if (s.entry.type === 'dir' && isWithin(real, s.path)) {
      say(ctx, 'cp', `cannot copy a directory, ${qa(name)}, into itself, ${qa(dst.name)}`);
      code = 1;
      continue;
    }
    if (dExists && d.entry.type === 'dir' && s.entry.type !== 'dir') {
      say(ctx, 'cp', `cannot overwrite directory ${qa(dst.name)} with non-directory`);
      code = 1;
      continue;
    }
    if (dExists && d.entry.type !== 'dir' && s.entry.type === 'dir') {
      say(ctx, 'cp', `cannot overwrite non-directory ${qa(dst.name)} with directory ${qa(name)}`);
      code = 1;
      continue;
    }
    const who = { uid: ctx.shell.user.uid, gid: ctx.shell.user.gid };
    const r = await tryChange(ctx, (u) => copyTree(u, u.view(), s, real, preserve, ctx.fs.now(), who));
    if (r instanceof FsError) {
      say(ctx, 'cp', `cannot create regular file ${qa(dst.name)}: ${r.text}`);
      code = 1;
    } else if (o.flags.has('v')) ctx.io.out(`${qa(name)} -> ${qa(dst.name)}\n`);
  }
  return code;
};

export const ln: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'ln', argv, 'sfnvT', { symbolic: 's', force: 'f', verbose: 'v' });
  if (typeof o === 'number') return o;
  const symbolic = o.flags.has('s');
  if (!o.operands.length) return usageError(ctx, 'ln', 'missing file operand');
  // `ln -s target` alone links into the current directory.
  const ops = o.operands.length === 1 ? [...o.operands, '.'] : o.operands;
  const t = targets(ctx, 'ln', ops, o.flags.has('T') || o.flags.has('n'));
  if (typeof t === 'number') return t;
  let code = 0;
  for (const [target, link] of t.pairs) {
    const linkName = ops.length === 2 && o.operands.length === 1 ? basename(target) : link.name;
    const view = ctx.fs.view();
    if (!symbolic) {
      const s = tryStat(view, abs(ctx, target), false);
      if (s instanceof FsError) {
        say(ctx, 'ln', `failed to access ${qa(target)}: ${s.text}`);
        code = 1;
        continue;
      }
      if (s.entry.type === 'dir') {
        say(ctx, 'ln', `${target}: hard link not allowed for directory`);
        code = 1;
        continue;
      }
    }
    const force = o.flags.has('f');
    const r = await tryChange(
      ctx,
      (u) => {
        const events: FsEvent[] = [];
        if (force && !(tryStat(u.view(), link.path, false) instanceof FsError))
          events.push(...u.unlink(link.path));
        events.push(
          ...(symbolic ? u.symlink(target, link.path, ctx.fs.now()) : u.link(abs(ctx, target), link.path)),
        );
        return events;
      },
      link.path,
    );
    if (r instanceof FsError) {
      say(ctx, 'ln', `failed to create ${symbolic ? 'symbolic' : 'hard'} link ${qa(linkName)}: ${r.text}`);
      code = 1;
    } else if (o.flags.has('v')) ctx.io.out(`${qa(linkName)} -> ${qa(target)}\n`);
  }
  return code;
};
