// cat, touch, mkdir, rm, rmdir: reading and the simple writes, with GNU's messages.

import { FsError } from '../../../engine/errors';
import { textContent } from '../../../engine/fs/content';
import type { Program, ProgramContext } from '../../types';
import { owner, tryChange } from './change';
import { abs, getopt, inputs, qa, qf, say, tryStat, usageError } from './util';

export const cat: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'cat', argv, 'nE', { number: 'n', 'show-ends': 'E' });
  if (typeof o === 'number') return o;
  let code = 0;
  const parts = inputs(ctx, 'cat', o.operands, (name, e) => {
    say(ctx, 'cat', `${qf(name)}: ${e.text}`);
    code = 1;
  });
  let text = parts.map((p) => p.text).join('');
  if (o.flags.has('E')) text = text.replace(/\n/g, '$\n');
  if (o.flags.has('n')) {
    const lines = text.split('\n');
    const last = lines.pop();
    text = lines.map((l, i) => `${String(i + 1).padStart(6)}\t${l}\n`).join('');
    if (last) text += `${String(lines.length + 1).padStart(6)}\t${last}`;
  }
  ctx.io.out(text);
  return code;
};

export const touch: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'touch', argv, 'cm', { 'no-create': 'c' });
  if (typeof o === 'number') return o;
  if (!o.operands.length) return usageError(ctx, 'touch', 'missing file operand');
  let code = 0;
  for (const name of o.operands) {
    const p = abs(ctx, name);
    const now = ctx.fs.now();
    const exists = !(tryStat(ctx.fs.view(), p, true) instanceof FsError);
    if (!exists && o.flags.has('c')) continue;
    const r = await tryChange(
      ctx,
      (u) =>
        exists
          ? u.utimes(p, now)
          : u.writeFile(p, textContent(''), { mtime: now, mode: 0o644, ...owner(ctx) }),
      p,
    );
    if (r instanceof FsError) {
      say(ctx, 'touch', `cannot touch ${qa(name)}: ${r.text}`);
      code = 1;
    }
  }
  return code;
};

/** The first prefix of `name` that exists and is not a directory. */
function blocker(ctx: ProgramContext, name: string): string {
  const parts = name.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join('/');
    if (!prefix) continue;
    const s = tryStat(ctx.fs.view(), abs(ctx, prefix), true);
    if (!(s instanceof FsError) && s.entry.type !== 'dir') return prefix;
  }
  return name;
}

export const mkdir: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'mkdir', argv, 'pvm', { parents: 'p', verbose: 'v', mode: 'm' }, 'm');
  if (typeof o === 'number') return o;
  if (!o.operands.length) return usageError(ctx, 'mkdir', 'missing operand');
  const mode = o.values.has('m') ? parseInt(o.values.get('m') as string, 8) : 0o755;
  if (Number.isNaN(mode)) {
    say(ctx, 'mkdir', 'invalid mode');
    return 1;
  }
  let code = 0;
  for (const name of o.operands) {
    const p = abs(ctx, name);
    const parents = o.flags.has('p');
    const r = await tryChange(
      ctx,
      (u) => u.mkdir(p, { mtime: ctx.fs.now(), mode, parents, ...owner(ctx) }),
      p,
    );
    if (r instanceof FsError) {
      // With -p, GNU names the component that is in the way, as far as it was typed.
      const at = parents && r.code === 'ENOTDIR' ? blocker(ctx, name) : name;
      say(ctx, 'mkdir', `cannot create directory ${qa(at)}: ${r.text}`);
      code = 1;
    } else if (o.flags.has('v')) {
      // GNU names the operand; with -p, each directory it had to make.
      const made = r.filter((e) => e.type === 'create').map((e) => e.path);
      const shown = parents
        ? made.map((m) => name.slice(0, name.length - (p.length - m.length)) || m)
        : [name];
      for (const m of shown) ctx.io.out(`mkdir: created directory ${qa(m)}\n`);
    }
  }
  return code;
};

/** rm's refusals that never reach the filesystem: '/', '.', '..'. */
function refuses(ctx: ProgramContext, name: string, recursive: boolean): boolean {
  const last = name.replace(/\/+$/, '').split('/').pop();
  if (
    recursive &&
    abs(ctx, name)
      .split('/')
      .every((s) => s === '' || s === '.' || s === '..')
  ) {
    if (ctx.fs.view().resolve(abs(ctx, name)) === '/') {
      say(ctx, 'rm', `it is dangerous to operate recursively on ${qa(name === '/' ? '/' : name)}`);
      say(ctx, 'rm', 'use --no-preserve-root to override this failsafe');
      return true;
    }
  }
  if (last === '.' || last === '..') {
    say(ctx, 'rm', `refusing to remove '.' or '..' directory: skipping ${qa(name)}`);
    return true;
  }
  return false;
}

export const rm: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'rm', argv, 'rRfiv', { recursive: 'r', force: 'f', verbose: 'v' });
  if (typeof o === 'number') return o;
  const force = o.flags.has('f');
  const recursive = o.flags.has('r') || o.flags.has('R');
  if (!o.operands.length) return force ? 0 : usageError(ctx, 'rm', 'missing operand');
  let code = 0;
  for (const name of o.operands) {
    if (refuses(ctx, name, recursive)) {
      code = 1;
      continue;
    }
    const p = abs(ctx, name);
    const s = tryStat(ctx.fs.view(), p, false);
    if (s instanceof FsError) {
      if (!(force && s.code === 'ENOENT')) {
        say(ctx, 'rm', `cannot remove ${qa(name)}: ${s.text}`);
        code = 1;
      }
      continue;
    }
    if (s.entry.type === 'dir' && !recursive) {
      say(ctx, 'rm', `cannot remove ${qa(name)}: Is a directory`);
      code = 1;
      continue;
    }
    const r = await tryChange(ctx, (u) => (s.entry.type === 'dir' ? u.remove(p) : u.unlink(p)));
    if (r instanceof FsError) {
      say(ctx, 'rm', `cannot remove ${qa(name)}: ${r.text}`);
      code = 1;
    } else if (o.flags.has('v')) {
      ctx.io.out(s.entry.type === 'dir' ? `removed directory ${qa(name)}\n` : `removed ${qa(name)}\n`);
    }
  }
  return code;
};

export const rmdir: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'rmdir', argv, 'pv', { parents: 'p', verbose: 'v' });
  if (typeof o === 'number') return o;
  if (!o.operands.length) return usageError(ctx, 'rmdir', 'missing operand');
  let code = 0;
  for (const name of o.operands) {
    const todo = [name];
    if (o.flags.has('p')) {
      let d = name.replace(/\/+$/, '');
      while (d.includes('/') && (d = d.slice(0, d.lastIndexOf('/'))) !== '') todo.push(d);
    }
    for (const n of todo) {
      const p = abs(ctx, n);
      const r = await tryChange(ctx, (u) => u.rmdir(p), p);
      if (r instanceof FsError) {
        say(ctx, 'rmdir', `failed to remove ${qa(n)}: ${r.text}`);
        code = 1;
        break;
      }
    }
  }
  return code;
};
