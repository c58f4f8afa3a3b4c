// The interactive shells a terminal (or the Node runner) talks to: the learner's host shell and a
// shell inside a container. A whole input line runs as one engine command (one transaction).

import type { Engine } from '../engine/engine';
import { DockerError, FsError } from '../engine/errors';
import { contentBytes } from '../engine/fs/content';
import { HOME, LEARNER } from '../engine/host-home';
import { exitContainer } from '../engine/containers';
import type { ContainerRec } from '../engine/state';
import {
  DEFAULT_PATH,
  containerLookup,
  containerNames,
  hostLookup,
  hostPrograms,
  isBusybox,
  preloadPrograms,
  type ShellProgram,
} from './programs/registry';
import { addHistory } from './sh/history';
import type { Interpreter, ShellHost } from './sh/interp';
import type { OutsideFiles, Program, Session, ShellFs, ShellState, Stdio } from './types';
import { dirname, join } from '../engine/fs/path';
import type { View } from '../engine/fs/view';

export const HOST_NAME = 'layerlab';

export interface ContainerSessionOptions {
  /** `bash` or `sh` (the program that was asked for). */
  shell: string;
  user?: string;
  workdir?: string;
  /** Extra `K=V` variables (`docker exec -e`). */
  env?: string[];
  /** The shell is the container's main process (`docker run -it`): its exit stops the container. */
  main?: boolean;
}

const seconds = (engine: Engine) => Math.floor(engine.platform.clock.now() / 1000);

/** Runs a line as one engine command; anything unexpected is reported, never thrown at the terminal. */
async function runGuarded(
  engine: Engine,
  io: Stdio,
  name: string,
  shell: ShellState,
  fn: () => Promise<{ code: number; enter?: Session; leave?: boolean; incomplete?: boolean }>,
): Promise<{ code: number; enter?: Session; leave?: boolean; incomplete?: boolean }> {
  try {
    return await engine.command(fn);
  } catch (e) {
    // The line's changes were rolled back; `$?` says it failed, as bash's does after an error.
    shell.lastStatus = 1;
    if (e instanceof DockerError) io.err(`Error response from daemon: ${e.message}\n`);
    else if (e instanceof FsError) io.err(`${name}: ${e.path}: ${e.text}\n`);
    else io.err(`${name}: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return { code: 1 };
  }
}

// The shell language (parser, expansion, interpreter, builtins) is loaded when a shell first runs a
// line or completes a word, so a page can show its terminal before that code arrives.
async function newInterpreter(host: ShellHost, shell: ShellState): Promise<Interpreter> {
  const { Interpreter } = await import('./sh/interp');
  return new Interpreter(host, shell);
}

/**
 * Fetches the shell language and every program group now (say once the terminal shows and the page
 * is idle), so the first command does not wait for its code. Optional: each loads on first use too.
 */
export async function preloadShell(): Promise<void> {
  await Promise.all([
    import('./sh/interp'),
    import('./sh/syntax'),
    import('./sh/builtins'),
    preloadPrograms(),
  ]);
}

/** A session's interpreter, made on first use. */
function lazyInterpreter(host: ShellHost, shell: ShellState): () => Promise<Interpreter> {
  let interp: Promise<Interpreter> | undefined;
  return () => (interp ??= newInterpreter(host, shell));
}

/** Bash adds a complete line to the history before running it (so `history` lists itself). */
async function remember(shell: ShellState, line: string): Promise<void> {
  const { tryParse } = await import('./sh/syntax');
  if (line.trim() !== '' && tryParse(line).kind !== 'incomplete') addHistory(shell.history, line);
}

function displayCwd(cwd: string, home: string): string {
  if (cwd === home) return '~';
  return cwd;
}

// ---- host ----

export function hostState(history: string[] = []): ShellState {
  return {
    cwd: HOME,
    env: new Map([
      ['HOME', HOME],
      ['USER', LEARNER.name],
      ['LOGNAME', LEARNER.name],
      ['PATH', '/usr/local/bin:/usr/bin:/bin'],
      ['PWD', HOME],
      ['SHELL', '/bin/bash'],
      ['TERM', 'xterm-256color'],
      ['HOSTNAME', HOST_NAME],
    ]),
    lastStatus: 0,
    history,
    user: LEARNER,
    hostname: HOST_NAME,
  };
}

function hostFs(engine: Engine): ShellFs {
  return {
    view: () => engine.state.home.view(),
    change: (fn) => engine.changeHome(fn),
    now: () => seconds(engine),
  };
}

/** The learner's own shell: `learner@layerlab:~$ `. */
export function hostSession(
  engine: Engine,
  opts: { history?: string[]; outside?: OutsideFiles } = {},
): Session {
  const shell = hostState(opts.history);
  const host: ShellHost = {
    engine,
    fs: hostFs(engine),
    where: 'host',
    ...(opts.outside ? { outside: opts.outside } : {}),
    name: 'bash',
    find: (name) =>
      name === 'bash' || name === 'sh' ? { program: hostShell(engine) } : hostLookup(name, 'bash'),
    programs: () => Object.keys(hostPrograms()),
  };
  const interpreter = lazyInterpreter(host, shell);
  return {
    kind: 'host',
    prompt: () =>
      `${shell.user.name}@${HOST_NAME}:${displayCwd(shell.cwd, HOME).replace(/^\/home\/learner\//, '~/')}$ `,
    async run(line, io) {
      const interp = await interpreter();
      await remember(shell, line);
      return runGuarded(engine, io, 'bash', shell, () => interp.runLine(line, io));
    },
    complete: (line) => completions(engine, line, host, shell),
  };
}

/** `bash -c '…'` on the host runs the script in a child shell; `bash` alone opens a nested one. */
function hostShell(engine: Engine): Program {
  return async (argv, ctx) => {
    const c = argv.indexOf('-c');
    if (c < 0)
      return {
        code: 0,
        enter: hostSession(engine, {
          history: ctx.shell.history,
          ...(ctx.outside ? { outside: ctx.outside } : {}),
        }),
      };
    const script = argv[c + 1];
    if (script === undefined) {
      ctx.io.err('bash: -c: option requires an argument\n');
      return 2;
    }
    return ctx.runLine(script, ctx.io);
  };
}

// ---- containers ----

interface User {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

const dec = new TextDecoder();

/** The user a `-u`/`USER` names, looked up in the container's /etc/passwd as runc does. */
function userOf(ctr: ContainerRec, spec: string | undefined): User {
  return userIn(ctr.upper.view(), spec ?? ctr.config.User ?? '');
}

/** A `USER` value (`nobody`, `1000`, `app:app`) looked up in a filesystem's /etc/passwd. */
export function userIn(view: View, spec: string): User {
  const want = spec.split(':')[0] ?? '';
  if (want === '' || want === 'root' || want === '0') return { name: 'root', uid: 0, gid: 0, home: '/root' };
  let passwd = '';
  try {
    const f = view.fileOf(view.resolve('/etc/passwd', true));
    if (f) passwd = dec.decode(contentBytes(f.content));
  } catch {
    passwd = '';
  }
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid, , home] = line.split(':');
    if (name && (name === want || uid === want))
      return { name, uid: Number(uid), gid: Number(gid), home: home || '/' };
  }
  const n = Number(want);
  return { name: want, uid: Number.isInteger(n) ? n : 0, gid: Number.isInteger(n) ? n : 0, home: '/' };
}

export function containerState(ctr: ContainerRec, opts: Partial<ContainerSessionOptions> = {}): ShellState {
  const user = userOf(ctr, opts.user);
  const hostname = ctr.config.Hostname || ctr.id.slice(0, 12);
  const cwd = opts.workdir || ctr.config.WorkingDir || '/';
  const env = new Map<string, string>([['PATH', DEFAULT_PATH]]);
  env.set('HOSTNAME', hostname);
  for (const kv of [...(ctr.config.Env ?? []), ...(opts.env ?? [])]) {
    const i = kv.indexOf('=');
    if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  env.set('HOME', user.home);
  if (ctr.config.Tty || opts.shell) env.set('TERM', 'xterm');
  env.set('PWD', cwd);
  return { cwd, env, lastStatus: 0, history: [], user, hostname };
}

/**
 * The container's record as the host holds it now: an undo, or another tab's changes read in, put a
 * fresh record in place of the one a shell was opened on.
 */
function current(engine: Engine, ctr: ContainerRec): ContainerRec {
  return engine.state.containers.get(ctr.id) ?? ctr;
}

function containerFs(engine: Engine, ctr: ContainerRec): ShellFs {
  return {
    view: () => current(engine, ctr).upper.view(),
    change: (fn) => engine.changeFs(ctr.id, (u) => fn(u)),
    now: () => seconds(engine),
  };
}

/** What a shell inside the container (named `bash` or `sh` in its messages) runs on. */
function containerHost(engine: Engine, ctr: ContainerRec, shell: ShellState, shellName: string): ShellHost {
  const fs = containerFs(engine, ctr);
  const shells: ShellProgram = (name) => shellProgram(engine, ctr, name);
  return {
    engine,
    fs,
    where: ctr.id,
    name: shellName,
    find: (name, sh) => containerLookup(fs.view(), name, sh, shellName, shells),
    programs: () => containerNames(fs.view(), shell),
  };
}

/** An interpreter for a shell inside the container. */
function containerInterp(
  engine: Engine,
  ctr: ContainerRec,
  shell: ShellState,
  shellName: string,
): Promise<Interpreter> {
  return newInterpreter(containerHost(engine, ctr, shell, shellName), shell);
}

/** `bash`/`sh` inside a container: `-c script` runs it; alone, a nested interactive shell. */
function shellProgram(engine: Engine, ctr: ContainerRec, name: string): Program {
  const shellName = name === 'bash' ? 'bash' : 'sh';
  return async (argv, ctx) => {
    const c = argv.indexOf('-c');
    if (c >= 0) {
      const script = argv[c + 1];
      if (script === undefined) {
        ctx.io.err(`${shellName}: -c: option requires an argument\n`);
        return 2;
      }
      const child = await containerInterp(
        engine,
        ctr,
        { ...ctx.shell, env: new Map(ctx.shell.env) },
        shellName,
      );
      const r = await child.runLine(script, ctx.io, {
        final: true,
        lineNo: shellName === 'sh' ? '1: ' : '-c: line 1: ',
      });
      return r.code;
    }
    if (argv.length > 0 && !argv[0]?.startsWith('-')) {
      ctx.io.err(`${shellName}: ${argv[0]}: No such file or directory\n`);
      return 127;
    }
    if (ctx.io.stdin !== null) {
      const child = await containerInterp(
        engine,
        ctr,
        { ...ctx.shell, env: new Map(ctx.shell.env) },
        shellName,
      );
      return (await child.runLine(ctx.io.stdin, ctx.io, { final: true })).code;
    }
    return { code: 0, enter: containerSession(engine, ctr, { shell: shellName }) };
  };
}

/** A shell inside a running container: `root@1a2b3c4d5e6f:/usr/share/nginx/html# `. */
export function containerSession(engine: Engine, ctr: ContainerRec, opts: ContainerSessionOptions): Session {
  const shellName = opts.shell === 'bash' ? 'bash' : opts.shell === 'sh' ? 'sh' : opts.shell;
  const shell = containerState(ctr, opts);
  const host = containerHost(engine, ctr, shell, shellName);
  const interpreter = lazyInterpreter(host, shell);
  return {
    kind: 'container',
    prompt: () => {
      const sign = shell.user.uid === 0 ? '#' : '$';
      // busybox's ash shows the directory (`/ # `); Debian's dash shows only `# `.
      if (shellName !== 'bash')
        return isBusybox(current(engine, ctr).upper.view())
          ? `${displayCwd(shell.cwd, shell.user.home)} ${sign} `
          : `${sign} `;
      return `${shell.user.name}@${shell.hostname}:${displayCwd(shell.cwd, shell.user.home)}${sign} `;
    },
    async run(line, io) {
      const interp = await interpreter();
      let gone = false;
      const r = await runGuarded(engine, io, shellName, shell, async () => {
        // Checked inside the command, after any other tab's changes were read in: the container was
        // stopped (or removed) under the shell, so the session is gone with it.
        const now = engine.state.containers.get(ctr.id);
        if (!now || (now.state.status !== 'running' && now.state.status !== 'paused')) {
          gone = true;
          return { code: now ? now.state.exitCode : 137, leave: true };
        }
        await remember(shell, line);
        const out = await interp.runLine(line, io);
        if (out.leave && opts.main) exitContainer(engine, current(engine, ctr), out.code);
        return out;
      });
      if (r.leave && io.tty && !gone) io.out('exit\n');
      return r;
    },
    complete: (line) => completions(engine, line, host, shell),
  };
}

/**
 * Tab completion for the word at the end of `line`: a command name first, then docker's subcommands,
 * flags, containers and images after `docker`, else paths of the shell's filesystem (dirs end in `/`).
 */
async function completions(
  engine: Engine,
  line: string,
  host: ShellHost,
  shell: ShellState,
): Promise<string[]> {
  const words = line.split(/\s+/).filter((w, i) => w !== '' || i > 0);
  const word = words.pop() ?? '';
  if (words.length === 0 && !word.includes('/')) {
    const { BUILTINS } = await import('./sh/builtins');
    return [...BUILTINS.filter((b) => b !== ':'), ...host.programs()];
  }
  if (words[0] === 'docker' && host.where === 'host') {
    const containers = [...engine.state.containers.values()].flatMap((c) => [c.name, c.id.slice(0, 12)]);
    // docker's command table comes with its code, loaded the first time it is needed.
    const { dockerCompletions } = await import('./docker/index');
    return dockerCompletions(words.slice(1), word, { containers, images: [...engine.state.tags.keys()] });
  }
  const view = host.fs.view();
  const dirPart = word.includes('/') ? word.slice(0, word.lastIndexOf('/') + 1) : '';
  const base = dirPart === '' ? shell.cwd : dirPart.startsWith('/') ? dirPart : join(shell.cwd, dirPart);
  const dir = dirPart === '/' ? '/' : dirPart === '' ? base : dirname(join(base, 'x'));
  try {
    const real = view.resolve(dir, true);
    return view.readdir(real).map(({ name, entry }) => {
      const isDir = entry.type === 'dir' || (entry.type === 'symlink' && isDirPath(view, join(real, name)));
      return dirPart + name + (isDir ? '/' : '');
    });
  } catch {
    return [];
  }
}

function isDirPath(view: ReturnType<ShellFs['view']>, path: string): boolean {
  try {
    const real = view.resolve(path, true);
    const f = real === '/' ? undefined : view.lookup(real);
    return real === '/' || (f !== undefined && view.resolvedEntry(real, f).type === 'dir');
  } catch {
    return false;
  }
}

/** `docker exec c cmd…` without a terminal: runs the argv in the container and returns its status. */
export async function runInContainer(
  engine: Engine,
  ctr: ContainerRec,
  argv: string[],
  io: Stdio,
  opts: Partial<ContainerSessionOptions> = {},
): Promise<number> {
  const shell = containerState(ctr, opts);
  const interp = await containerInterp(engine, ctr, shell, argv[0]?.endsWith('sh') ? 'sh' : 'bash');
  const r = await engine.command(() => interp.runArgv(argv, io));
  return r.code;
}
