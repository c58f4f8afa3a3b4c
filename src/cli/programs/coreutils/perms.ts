// chmod and chown: metadata changes, which copy a lower file up whole just as a write does.

import { FsError } from '../../../engine/errors';
import type { FsEvent } from '../../../engine/fs/upper';
import type { Program, ProgramContext } from '../../types';
import { tryChange } from './change';
import { abs, getopt, idOf, qa, say, statPath, tryStat, usageError } from './util';

const UMASK = 0o022;

/** Applies an octal or symbolic mode (`755`, `u+x,go-w`, `a=r`, `+x`) to `mode`; null when invalid. */
export function applyMode(spec: string, mode: number, isDir: boolean): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8);
  let m = mode;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxXst]*|[ugo])$/.exec(clause);
    if (!c) return null;
    const [, who = '', op, perms = ''] = c;
    const mask = who === '' ? 0o7777 & ~UMASK : who.split('').reduce((a, w) => a | whoMask(w), 0);
    let bits = 0;
    if (/^[ugo]$/.test(perms)) {
      const shift = perms === 'u' ? 6 : perms === 'g' ? 3 : 0;
      const p = (m >> shift) & 7;
      bits = (p << 6) | (p << 3) | p;
    } else {
      for (const ch of perms) {
        if (ch === 'r') bits |= 0o444;
        if (ch === 'w') bits |= 0o222;
        if (ch === 'x') bits |= 0o111;
        if (ch === 'X' && (isDir || m & 0o111)) bits |= 0o111;
        if (ch === 's') bits |= 0o6000;
        if (ch === 't') bits |= 0o1000;
      }
    }
    const target = bits & mask;
    if (op === '+') m |= target;
    else if (op === '-') m &= ~target;
    else {
      const clear = who === '' ? 0o7777 : who.split('').reduce((a, w) => a | whoMask(w), 0);
      m = (m & ~clear) | target;
    }
  }
  return m;
}

function whoMask(w: string): number {
  if (w === 'u') return 0o4700;
  if (w === 'g') return 0o2070;
  if (w === 'o') return 0o1007;
  return 0o7777;
}

/** The paths to change: the operand, and everything below it with -R. */
function expand(ctx: ProgramContext, path: string, recursive: boolean): string[] {
  if (!recursive) return [path];
  const view = ctx.fs.view();
  const s = statPath(view, path, true);
  if (s.entry.type !== 'dir') return [path];
  return [path, ...[...view.walk(s.path)].map(([p]) => p)];
}

export const chmod: Program = async (argv, ctx) => {
  // A mode like `-w` looks like an option: take the first non-path-looking operand as the mode.
  const recursive = argv.includes('-R') || argv.includes('--recursive');
  const rest = argv.filter((a) => a !== '-R' && a !== '--recursive' && a !== '-v' && a !== '-f');
  const [spec, ...names] = rest[0] === '--' ? rest.slice(1) : rest;
  if (spec === undefined) return usageError(ctx, 'chmod', 'missing operand');
  if (!names.length) return usageError(ctx, 'chmod', `missing operand after ${qa(spec)}`);
  if (applyMode(spec, 0, false) === null) return usageError(ctx, 'chmod', `invalid mode: ${qa(spec)}`);
  let code = 0;
  for (const name of names) {
    const p = abs(ctx, name);
    const s = tryStat(ctx.fs.view(), p, true);
    if (s instanceof FsError) {
      say(ctx, 'chmod', `cannot access ${qa(name)}: ${s.text}`);
      code = 1;
      continue;
    }
    const r = await tryChange(ctx, (u) => {
      const events: FsEvent[] = [];
      for (const q of expand(ctx, p, recursive)) {
        const e = statPath(u.view(), q, true).entry;
        events.push(...u.chmod(q, applyMode(spec, e.mode, e.type === 'dir') as number));
      }
      return events;
    });
    if (r instanceof FsError) {
      say(ctx, 'chmod', `changing permissions of ${qa(name)}: ${r.text}`);
      code = 1;
    }
  }
  return code;
};

export const chown: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'chown', argv, 'Rvfh', { recursive: 'R', verbose: 'v' });
  if (typeof o === 'number') return o;
  const [spec, ...names] = o.operands;
  if (spec === undefined) return usageError(ctx, 'chown', 'missing operand');
  if (!names.length) return usageError(ctx, 'chown', `missing operand after ${qa(spec)}`);
  const view = ctx.fs.view();
  const [user = '', group] = spec.split(/[:.](.*)/s) as [string, string | undefined];
  const id = (file: '/etc/passwd' | '/etc/group', s: string) =>
    /^\d+$/.test(s) ? Number(s) : idOf(view, file, s);
  const uid = user === '' ? undefined : id('/etc/passwd', user);
  if (user !== '' && uid === undefined) {
    say(ctx, 'chown', `invalid user: ${qa(spec)}`);
    return 1;
  }
  const gid = group === undefined || group === '' ? undefined : id('/etc/group', group);
  if (group !== undefined && group !== '' && gid === undefined) {
    say(ctx, 'chown', `invalid group: ${qa(spec)}`);
    return 1;
  }
  let code = 0;
  for (const name of names) {
    const p = abs(ctx, name);
    const s = tryStat(ctx.fs.view(), p, true);
    if (s instanceof FsError) {
      say(ctx, 'chown', `cannot access ${qa(name)}: ${s.text}`);
      code = 1;
      continue;
    }
    const r = await tryChange(ctx, (u) => {
      const events: FsEvent[] = [];
      for (const q of expand(ctx, p, o.flags.has('R'))) {
        const e = statPath(u.view(), q, true).entry;
        events.push(...u.chown(q, uid ?? e.uid, gid ?? e.gid));
      }
      return events;
    });
    if (r instanceof FsError) {
      say(ctx, 'chown', `changing ownership of ${qa(name)}: ${r.text}`);
      code = 1;
    }
  }
  return code;
};
