// env, hostname, whoami, id, uname, ps, which, sleep, date: what the shell knows about its machine,
// its user and its processes (PID 1 is the container's main process, as in its own PID namespace).

import { FsError } from '../../../engine/errors';
import { contentBytes } from '../../../engine/fs/content';
import { join } from '../../../engine/fs/path';
import { classify } from '../../../engine/runtime/processes';
import type { ContainerRec } from '../../../engine/state';
import type { Program, ProgramContext } from '../../types';
import { getopt, idNames, qa, say, tryStat, usageError } from './util';

export const env: Program = async (argv, ctx) => {
  let i = 0;
  const clear = argv[0] === '-i' || argv[0] === '-';
  if (clear) i++;
  const vars = new Map(clear ? [] : ctx.shell.env);
  for (; i < argv.length && /^[^=]+=/.test(argv[i] as string); i++) {
    const a = argv[i] as string;
    vars.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
  }
  const cmd = argv.slice(i);
  if (!cmd.length) {
    ctx.io.out([...vars].map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  // Run the command with the assignments in front, as the shell would for `VAR=x cmd`.
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const assigns = [...vars].filter(([k, v]) => ctx.shell.env.get(k) !== v).map(([k, v]) => `${k}=${q(v)}`);
  return ctx.runLine([...assigns, ...cmd.map(q)].join(' '), ctx.io);
};

export const hostname: Program = async (_argv, ctx) => {
  ctx.io.out(`${ctx.shell.hostname}\n`);
  return 0;
};

export const whoami: Program = async (argv, ctx) => {
  if (argv.length) {
    ctx.io.err(`whoami: extra operand ${qa(argv[0] as string)}\nTry 'whoami --help' for more information.\n`);
    return 1;
  }
  ctx.io.out(`${ctx.shell.user.name}\n`);
  return 0;
};

export const id: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'id', argv, 'ugGn', { user: 'u', group: 'g', groups: 'G', name: 'n' });
  if (typeof o === 'number') return o;
  const view = ctx.fs.view();
  const users = idNames(view, '/etc/passwd', ctx.shell.user);
  const groupNames = idNames(view, '/etc/group', ctx.shell.user);
  let uid = ctx.shell.user.uid;
  let gid = ctx.shell.user.gid;
  let name = ctx.shell.user.name;
  const who = o.operands[0];
  if (who !== undefined) {
    const f = view.fileOf('/etc/passwd');
    const line =
      f &&
      new TextDecoder()
        .decode(contentBytes(f.content))
        .split('\n')
        .find((l) => l.split(':')[0] === who);
    if (!line) {
      say(ctx, 'id', `${qa(who)}: no such user`);
      return 1;
    }
    const parts = line.split(':');
    [name, uid, gid] = [who, Number(parts[2]), Number(parts[3])];
  }
  // Supplementary groups: those listing the user in /etc/group's fourth field.
  const groups = [gid];
  const g = view.fileOf('/etc/group');
  if (g) {
    for (const l of new TextDecoder().decode(contentBytes(g.content)).split('\n')) {
      const p = l.split(':');
      if ((p[3] ?? '').split(',').includes(name) && !groups.includes(Number(p[2]))) groups.push(Number(p[2]));
    }
  }
  const named = (n: number, m: Map<number, string>) => (m.has(n) ? `${n}(${m.get(n)})` : String(n));
  const f = o.flags;
  if (f.has('u')) ctx.io.out(`${f.has('n') ? (users.get(uid) ?? uid) : uid}\n`);
  else if (f.has('g')) ctx.io.out(`${f.has('n') ? (groupNames.get(gid) ?? gid) : gid}\n`);
  else if (f.has('G'))
    ctx.io.out(groups.map((x) => (f.has('n') ? (groupNames.get(x) ?? x) : x)).join(' ') + '\n');
  else {
    ctx.io.out(
      `uid=${named(uid, users)} gid=${named(gid, groupNames)} groups=${groups.map((x) => named(x, groupNames)).join(',')}\n`,
    );
  }
  return 0;
};

export const uname: Program = async (argv, ctx) => {
  const o = getopt(ctx, 'uname', argv, 'asnrvmpio', {
    all: 'a',
    'kernel-name': 's',
    nodename: 'n',
    'kernel-release': 'r',
    'kernel-version': 'v',
    machine: 'm',
    'operating-system': 'o',
  });
  if (typeof o === 'number') return o;
  if (o.operands.length) return usageError(ctx, 'uname', `extra operand ${qa(o.operands[0] as string)}`);
  const f = o.flags;
  const all = f.has('a');
  const parts: string[] = [];
  const want = (k: string) => all || f.has(k);
  if (want('s') || f.size === 0) parts.push('Linux');
  if (want('n')) parts.push(ctx.shell.hostname);
  if (want('r')) parts.push(ctx.engine.settings.kernel);
  if (want('v')) parts.push('#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)');
  if (want('m')) parts.push('x86_64');
  if (f.has('p')) parts.push('unknown');
  if (f.has('i')) parts.push('unknown');
  if (want('o')) parts.push('GNU/Linux');
  ctx.io.out(parts.join(' ') + '\n');
  return 0;
};

interface Proc {
  pid: number;
  ppid: number;
  tty: string;
  argv: string[];
  start: number;
}

/** The processes a shell in this place can see: the main one as PID 1, the exec'd ones, then ps. */
function processes(ctx: ProgramContext): Proc[] {
  const now = Math.floor(ctx.engine.platform.clock.now() / 1000);
  const mine = ctx.io.tty ? 'pts/0' : '?';
  if (ctx.where === 'host') {
    return [
      { pid: 1, ppid: 0, tty: '?', argv: ['/sbin/init'], start: now },
      { pid: 1000, ppid: 1, tty: mine, argv: ['-bash'], start: now },
      { pid: 1001, ppid: 1000, tty: mine, argv: ['ps'], start: now },
    ];
  }
  const c: ContainerRec = ctx.engine.container(ctx.where);
  const started = Math.floor((c.state.startedAt ?? c.created) / 1000);
  const kind = classify(c);
  const main = [c.path, ...c.args].filter((a) => !/(^|\/)docker-entrypoint\.sh$/.test(a));
  const out: Proc[] = [];
  if (c.state.status === 'running' || c.state.status === 'paused') {
    const argv =
      kind === 'nginx' ? ['nginx: master process nginx -g daemon off;'] : main.length ? main : [c.path];
    out.push({ pid: 1, ppid: 0, tty: c.config.Tty ? 'pts/0' : '?', argv, start: started });
  }
  for (const e of c.execs) out.push({ pid: e.pid, ppid: 0, tty: mine, argv: e.argv, start: now });
  const last = Math.max(1, ...out.map((p) => p.pid));
  out.push({ pid: last + 1, ppid: out[out.length - 1]?.pid ?? 0, tty: mine, argv: ['ps'], start: now });
  return out;
}

/** `comm`: the program's own name, at most 15 characters, as the kernel keeps it. */
function comm(argv: string[]): string {
  const first = (argv[0] ?? '').split(' ')[0] as string;
  const name = first.startsWith('nginx:')
    ? 'nginx'
    : first.slice(first.lastIndexOf('/') + 1).replace(/^-/, '');
  return name.slice(0, 15);
}

function hhmm(t: number): string {
  return new Date(t * 1000).toISOString().slice(11, 16);
}

export const ps: Program = async (argv, ctx) => {
  const flags = argv.join('');
  const procs = processes(ctx);
  const last = procs[procs.length - 1] as Proc;
  last.argv = ['ps', ...argv];
  const user = ctx.where === 'host' ? ctx.shell.user.name : 'root';
  let out: string;
  if (/^-?(aux|axu|ef|eF|f)$/.test(flags) || argv.includes('-ef') || argv.includes('aux')) {
    if (flags.includes('u')) {
      out = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
      for (const p of procs) {
        out += `${user.padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.0   ${String(p === last ? 8096 : 11560).padStart(4)}  ${String(p === last ? 4096 : 7360).padStart(4)} ${p.tty.padEnd(8)} ${p === last ? 'R+' : 'Ss'}   ${hhmm(p.start)}   0:00 ${p.argv.join(' ')}\n`;
      }
    } else {
      out = 'UID          PID    PPID  C STIME TTY          TIME CMD\n';
      for (const p of procs) {
        out += `${user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 ${hhmm(p.start)} ${p.tty.padEnd(8)} 00:00:00 ${p.argv.join(' ')}\n`;
      }
    }
  } else {
    out = '    PID TTY          TIME CMD\n';
    for (const p of procs)
      out += `${String(p.pid).padStart(7)} ${p.tty.padEnd(8)} 00:00:00 ${comm(p.argv)}\n`;
  }
  ctx.io.out(out);
  return 0;
};

export const which: Program = async (argv, ctx) => {
  const all = argv.includes('-a');
  const names = argv.filter((a) => a !== '-a');
  const view = ctx.fs.view();
  const path = (ctx.shell.env.get('PATH') ?? '').split(':').filter(Boolean);
  let code = 0;
  for (const name of names) {
    const candidates = name.includes('/') ? [name] : path.map((d) => join(d, name));
    let found = false;
    for (const c of candidates) {
      const s = tryStat(view, c.startsWith('/') ? c : join(ctx.shell.cwd, c), true);
      if (s instanceof FsError || s.entry.type === 'dir' || !(s.entry.mode & 0o111)) continue;
      ctx.io.out(`${c}\n`);
      found = true;
      if (!all) break;
    }
    if (!found) code = 1;
  }
  return code;
};

const UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

export const sleep: Program = async (argv, ctx) => {
  if (!argv.length) return usageError(ctx, 'sleep', 'missing operand');
  let seconds = 0;
  for (const a of argv) {
    const m = /^(\d+\.?\d*|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return usageError(ctx, 'sleep', `invalid time interval ${qa(a)}`);
    seconds += Number(m[1]) * (UNITS[m[2] as string] as number);
  }
  const clock = ctx.engine.platform.clock as { advance?: (ms: number) => void };
  // A fixed (test or transcript) clock just moves; a real one waits, and Ctrl-C cuts the wait short.
  if (typeof clock.advance === 'function') {
    clock.advance(seconds * 1000);
    return 0;
  }
  const signal = ctx.io.signal;
  const aborted = await new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), seconds * 1000);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
  return aborted ? 130 : 0;
};

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime for the conversions people type, in UTC (containers have no TZ set). */
export function strftime(fmt: string, ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const conv: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => p2(d.getUTCFullYear() % 100),
    m: () => p2(d.getUTCMonth() + 1),
    d: () => p2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2, ' '),
    H: () => p2(d.getUTCHours()),
    M: () => p2(d.getUTCMinutes()),
    S: () => p2(d.getUTCSeconds()),
    s: () => String(Math.floor(ms / 1000)),
    N: () => String((ms % 1000) * 1_000_000).padStart(9, '0'),
    a: () => DAYS[d.getUTCDay()] as string,
    A: () =>
      ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()] as string,
    b: () => MONTHS[d.getUTCMonth()] as string,
    h: () => MONTHS[d.getUTCMonth()] as string,
    Z: () => 'UTC',
    z: () => '+0000',
    T: () => `${conv.H?.()}:${conv.M?.()}:${conv.S?.()}`,
    F: () => `${conv.Y?.()}-${conv.m?.()}-${conv.d?.()}`,
    D: () => `${conv.m?.()}/${conv.d?.()}/${conv.y?.()}`,
    R: () => `${conv.H?.()}:${conv.M?.()}`,
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  };
  return fmt.replace(/%(.)/g, (m, k: string) => conv[k]?.() ?? m);
}

export const date: Program = async (argv, ctx) => {
  const ms = ctx.engine.platform.clock.now();
  const fmt = argv.find((a) => a.startsWith('+'));
  const bad = argv.find((a) => !a.startsWith('+') && a !== '-u' && a !== '--utc' && a !== '-R');
  if (bad !== undefined) {
    say(ctx, 'date', `invalid date ${qa(bad)}`);
    return 1;
  }
  if (argv.includes('-R')) ctx.io.out(strftime('%a, %d %b %Y %H:%M:%S +0000', ms) + '\n');
  else ctx.io.out(strftime(fmt ? fmt.slice(1) : '%a %b %e %H:%M:%S %Z %Y', ms) + '\n');
  return 0;
};
