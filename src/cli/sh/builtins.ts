// The shell's builtins: cd, pwd, export, unset, exit, true/false, history, clear, help, type. They run
// in the shell itself (so `cd` moves it), never as programs of the image.

import { FsError } from '../../engine/errors';
import { join, normalize } from '../../engine/fs/path';
import type { ShellState, Stdio } from '../types';
import type { ShellHost } from './interp';
import { historyNumber } from './history';

export const BUILTINS = [
  'cd',
  'pwd',
  'export',
  'unset',
  'exit',
  'true',
  'false',
  ':',
  'history',
  'clear',
  'help',
  'type',
];

/** Thrown by `exit` to unwind every list and pipeline of the line. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

export async function runBuiltin(
  host: ShellHost,
  sh: ShellState,
  name: string,
  args: string[],
  io: Stdio,
): Promise<number> {
  const p = host.name;
  switch (name) {
    case 'true':
    case ':':
      return 0;
    case 'false':
      return 1;
    case 'pwd':
      io.out(sh.cwd + '\n');
      return 0;
    case 'cd': {
      if (args.length > 1) {
        io.err(`${p}: cd: too many arguments\n`);
        return 1;
      }
      let target = args[0] ?? sh.env.get('HOME') ?? '';
      if (args[0] === undefined && !sh.env.has('HOME')) {
        io.err(`${p}: cd: HOME not set\n`);
        return 1;
      }
      if (target === '-') {
        target = sh.env.get('OLDPWD') ?? '';
        if (!target) {
          io.err(`${p}: cd: OLDPWD not set\n`);
          return 1;
        }
        io.out(target + '\n');
      }
      if (target === '') return 0;
      // Logical cd, as bash: `..` drops the last component of the path as typed.
      const dest = normalize(target.startsWith('/') ? target : join(sh.cwd, target));
      const view = host.fs.view();
      try {
        const real = view.resolve(dest, true);
        const e =
          real === '/' ? { type: 'dir' } : view.lookup(real) && view.resolvedEntry(real, view.lookup(real)!);
        if (!e) throw new FsError('ENOENT', dest);
        if (e.type !== 'dir') throw new FsError('ENOTDIR', dest);
      } catch (e) {
        if (!(e instanceof FsError)) throw e;
        io.err(`${p}: cd: ${args[0] ?? target}: ${e.text}\n`);
        return 1;
      }
      sh.env.set('OLDPWD', sh.cwd);
      sh.cwd = dest;
      sh.env.set('PWD', dest);
      return 0;
    }
    case 'export':
      if (args.length === 0 || args[0] === '-p') {
        for (const [k, v] of [...sh.env].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
          io.out(`declare -x ${k}="${v.replace(/(["\\$`])/g, '\\$1')}"\n`);
        return 0;
      }
      for (const a of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
        if (!m) {
          io.err(`${p}: export: \`${a}': not a valid identifier\n`);
          return 1;
        }
        if (m[2] !== undefined) sh.env.set(m[1] as string, m[2]);
        else if (!sh.env.has(m[1] as string)) sh.env.set(m[1] as string, '');
      }
      return 0;
    case 'unset':
      for (const a of args) if (a !== '-v' && a !== '-f') sh.env.delete(a);
      return 0;
    case 'exit': {
      const a = args[0];
      if (a === undefined) throw new ExitSignal(sh.lastStatus);
      if (!/^[+-]?\d+$/.test(a)) {
        io.err(`${p}: exit: ${a}: numeric argument required\n`);
        throw new ExitSignal(2);
      }
      if (args.length > 1) {
        io.err(`${p}: exit: too many arguments\n`);
        return 1;
      }
      throw new ExitSignal(((Number(a) % 256) + 256) % 256);
    }
    case 'history':
      sh.history.forEach((h, i) => io.out(`${String(historyNumber(sh.history, i)).padStart(5)}  ${h}\n`));
      return 0;
    case 'clear':
      if (io.tty) io.out('\x1b[H\x1b[2J\x1b[3J');
      return 0;
    case 'help':
      io.out(helpText(host));
      return 0;
    case 'type': {
      let status = 0;
      for (const a of args) {
        if (BUILTINS.includes(a)) io.out(`${a} is a shell builtin\n`);
        else if ('program' in host.find(a, sh))
          io.out(`${a} is ${a.includes('/') ? a : whichPath(host, sh, a)}\n`);
        else {
          io.err(`${p}: type: ${a}: not found\n`);
          status = 1;
        }
      }
      return status;
    }
  }
  return 0;
}

function whichPath(host: ShellHost, sh: ShellState, name: string): string {
  if (host.where === 'host') return `/usr/bin/${name}`;
  const view = host.fs.view();
  for (const d of (sh.env.get('PATH') ?? '').split(':')) {
    if (d && view.lookup(join(d, name))) return join(d, name);
  }
  return name;
}

function helpText(host: ShellHost): string {
  const names = host.programs().sort();
  return (
    (host.where === 'host'
      ? 'Layer Lab host shell. Commands you can run here:\n'
      : 'Commands available in this container:\n') +
    `  builtins: ${BUILTINS.filter((b) => b !== ':').join(' ')}\n` +
    `  programs: ${names.join(' ')}\n` +
    (host.where === 'host' ? "Start with 'docker --help', or 'docker run -it ubuntu bash'.\n" : '')
  );
}
