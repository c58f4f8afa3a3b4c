// The shell a `RUN` step runs in: BuildKit's sandbox (hostname `buildkitsandbox`, no terminal, no
// stdin) on the step's writable layer. The engine hands the step over (BuildRunJob); the programs are
// the ones the stage's image has, found as in a container.

import type { Engine } from '../engine/engine';
import type { BuildRunJob } from '../engine/build/executor';
import { DockerError, FsError } from '../engine/errors';
import { containerLookup, containerNames, DEFAULT_PATH, type ShellProgram } from './programs/registry';
import type { Interpreter, ShellHost } from './sh/interp';
import { userIn } from './session';
import type { Program, ShellFs, ShellState, Stdio } from './types';

const COLUMNS = 80;

function sandboxState(job: BuildRunJob): ShellState {
  const user = userIn(job.upper.view(), job.user);
  const env = new Map<string, string>([['PATH', DEFAULT_PATH]]);
  for (const kv of job.env) {
    const i = kv.indexOf('=');
    if (i > 0) env.set(kv.slice(0, i), kv.slice(i + 1));
  }
  env.set('HOSTNAME', job.hostname);
  if (!env.has('HOME')) env.set('HOME', user.home);
  env.set('PWD', job.workdir);
  return { cwd: job.workdir, env, lastStatus: 0, history: [], user, hostname: job.hostname };
}

function sandboxHost(engine: Engine, job: BuildRunJob, shell: ShellState, shellName: string): ShellHost {
  const fs: ShellFs = {
    view: () => job.upper.view(),
    // The step's layer is its own: nothing to announce or roll back apart from the build itself.
    change: (fn) => Promise.resolve().then(() => fn(job.upper)),
    now: () => Math.floor(engine.platform.clock.now() / 1000),
  };
  const shells: ShellProgram = (name) => sandboxShell(engine, job, name);
  return {
    engine,
    fs,
    where: 'buildkitsandbox',
    name: shellName,
    find: (name, sh) => containerLookup(fs.view(), name, sh, shellName, shells),
    programs: () => containerNames(fs.view(), shell),
  };
}

async function interpreter(
  engine: Engine,
  job: BuildRunJob,
  shell: ShellState,
  name: string,
): Promise<Interpreter> {
  const { Interpreter } = await import('./sh/interp');
  return new Interpreter(sandboxHost(engine, job, shell, name), shell);
}

/** `sh -c script` inside the sandbox (a shell without -c and without stdin just ends). */
function sandboxShell(engine: Engine, job: BuildRunJob, name: string): Program {
  return async (argv, ctx) => {
    // The shell calls itself what it was started as: `/bin/sh: foo: not found`.
    const first = job.argv[0] ?? '';
    const shellName = first === name || first.endsWith(`/${name}`) ? first : name === 'bash' ? 'bash' : 'sh';
    const c = argv.indexOf('-c');
    if (c < 0 && ctx.io.stdin === null) return 0;
    const script = c >= 0 ? argv[c + 1] : (ctx.io.stdin ?? '');
    if (script === undefined) {
      ctx.io.err(`${shellName}: -c: option requires an argument\n`);
      return 2;
    }
    const child = await interpreter(engine, job, { ...ctx.shell, env: new Map(ctx.shell.env) }, shellName);
    const r = await child.runLine(script, ctx.io, {
      final: true,
      lineNo: shellName.endsWith('bash') ? '-c: line 1: ' : '1: ',
    });
    return r.code;
  };
}

/** Runs a RUN step's argv to its end; output goes to the step's log. */
export async function runBuildStep(engine: Engine, job: BuildRunJob): Promise<number> {
  const shell = sandboxState(job);
  const io: Stdio = {
    stdin: null,
    out: (t) => job.log(1, t),
    err: (t) => job.log(2, t),
    tty: false,
    columns: COLUMNS,
    ...(job.signal ? { signal: job.signal } : {}),
  };
  const first = job.argv[0] ?? '';
  const interp = await interpreter(engine, job, shell, first.endsWith('bash') ? 'bash' : first || 'sh');
  try {
    const r = await interp.runArgv([...job.argv], io);
    return r.code;
  } catch (e) {
    // What a program could not do is its own failure, as a process's error is in a real build.
    if (e instanceof FsError) {
      io.err(`${first}: ${e.path}: ${e.text}\n`);
      return 1;
    }
    if (e instanceof DockerError) {
      io.err(`${first}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
