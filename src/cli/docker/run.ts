// `docker run`: create (pulling a missing image first), start, then either print the id (-d), open
// the container's shell (-it with a shell), or attach: print what the main process wrote and exit
// with its status.

import { DockerError } from '../../engine/errors';
import { classify } from '../../engine/runtime/processes';
import type { ContainerRec } from '../../engine/state';
import { flagBool } from '../flags';
import type { FlagSpec } from '../flags';
import type { ProgramContext, ProgramResult, Stdio } from '../types';
import type { DockerCommand } from './command';
import { errorText, printLogs, reportError, shellOf, startErrorStatus } from './container-common';
import { CONTAINER_FLAGS, createOptionsFrom, createWithPull } from './create';
import { lookPath } from './exec';
// Static: the program registry loads the docker dispatcher lazily, so this makes no import cycle.
import * as sessions from '../session';

const DETACH: FlagSpec = {
  name: 'detach',
  short: 'd',
  type: 'bool',
  usage: "Run in the background and print the container's ID",
};

const basename = (s: string) => s.slice(s.lastIndexOf('/') + 1);
const SHELLS = new Set(['bash', 'sh', 'ash', 'dash', 'zsh']);
const WRAPPERS = new Set(['docker-entrypoint.sh', 'tini', '--']);

/** Waits until Ctrl-C, printing whatever the container logs meanwhile; resolves at once without a signal. */
export function followLogs(
  ctx: ProgramContext,
  ctr: ContainerRec,
  from: number,
  timestamps = false,
): Promise<void> {
  const signal = ctx.io.signal;
  if (!signal || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = from;
    const off = ctx.engine.on(() => {
      if (ctr.logs.length > seen) seen = printLogs(ctx, ctr, { from: seen, timestamps });
      const s = ctr.state.status;
      if (s !== 'running' && s !== 'paused' && s !== 'restarting') done();
    });
    const done = () => {
      off();
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done);
  });
}

const silent: Stdio = { stdin: null, out() {}, err() {}, tty: false, columns: 80 };

async function oneShot(ctx: ProgramContext, ctr: ContainerRec, detach: boolean): Promise<number> {
  // Entrypoint wrappers end by exec'ing their arguments: run those directly.
  let argv = [ctr.path, ...ctr.args];
  while (argv.length > 1 && WRAPPERS.has(basename(argv[0] as string))) argv = argv.slice(1);
  // A shell with nothing to read (no -i, no script) exits at once, as `docker run ubuntu` does.
  if (SHELLS.has(basename(argv[0] as string)) && !argv.includes('-c')) return ctr.state.exitCode;
  try {
    return await sessions.runInContainer(ctx.engine, ctr, argv, detach ? silent : ctx.io, {
      workdir: ctr.config.WorkingDir || '/',
    });
  } catch (e) {
    // With --rm the container may already be gone when the program tries to write its files.
    if (e instanceof DockerError) return ctr.state.exitCode;
    throw e;
  }
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
    short: 'Create and run a new container from an image',
    aliases: ['docker container run', 'docker run'],
    interspersed: false,
    args: { kind: 'min', n: 1 },
    flags: [...CONTAINER_FLAGS, DETACH],
  },
  async run(parsed, ctx): Promise<number | ProgramResult> {
    const r = createOptionsFrom(parsed, ctx);
    if (!r.ok) {
      ctx.io.err(reportError('run', r.message, true));
      return 125;
    }
    const detach = flagBool(parsed, 'detach');
    const interactive = flagBool(parsed, 'interactive') && flagBool(parsed, 'tty');
    const ctr = await createWithPull(ctx, r.opts, 'run');
    if (typeof ctr === 'number') return ctr;
    if (detach) ctx.io.out(ctr.id + '\n');
    const found = lookPath(ctr.upper.view(), ctr.path, ctr.config.Env ?? [], ctr.config.WorkingDir || '/');
    if (typeof found !== 'string') {
      // runc cannot find the program: the task is never created and the container stays Created.
      const msg = `Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${found.error}: unknown`;
      ctx.io.err(reportError('run', msg, false));
      if (ctr.autoRemove) await ctx.engine.rm(ctr.id, true);
      return startErrorStatus(msg);
    }
    try {
      await ctx.engine.start(ctr.id);
    } catch (e) {
      if (!(e instanceof DockerError)) throw e;
      const msg = errorText(e);
      ctx.io.err(reportError('run', msg, false));
      return startErrorStatus(msg);
    }
    const kind = classify(ctr);
    if (kind === 'oneshot') {
      // The engine models only long-running programs; a one-shot command (`docker run alpine ls /`)
      // is run here so its output and its changes to the container's files are real.
      const code = await oneShot(ctx, ctr, detach);
      return detach ? 0 : code;
    }
    if (detach) return 0;
    if (interactive && kind === 'shell' && ctr.state.status === 'running') {
      const entered = sessions.containerSession(ctx.engine, ctr, {
        shell: shellOf(ctr),
        main: true,
      });
      return { code: 0, enter: entered };
    }
    // Attached: the main process's output, then its exit status (a server keeps running until Ctrl-C).
    const seen = printLogs(ctx, ctr);
    const running = () => ['running', 'paused', 'restarting'].includes(ctr.state.status);
    if (running()) {
      if (!ctx.io.signal) return 0;
      await followLogs(ctx, ctr, seen);
      if (!running()) return ctr.state.exitCode;
      // Ctrl-C is passed on to the main process (sig-proxy), which stops it.
      await ctx.engine.stop(ctr.id).catch(() => undefined);
      return ctr.state.exitCode;
    }
    return ctr.state.exitCode;
  },
};
