// `docker exec`: the container is looked up first (so "No such container" wins over "not running"),
// the program is looked for in the container's PATH as runc does, then either an interactive shell
// session (-it with a shell) or the command runs and its output is printed.

import type { ContainerRec } from '../../engine/state';
import type { View } from '../../engine/fs/view';
import { flagBool, flagList, flagString } from '../flags';
import type { ProgramResult, Stdio } from '../types';
import type { DockerCommand } from './command';
import { daemonCall } from './container-common';
// Static: the program registry loads the docker dispatcher lazily, so this makes no import cycle.
import * as sessions from '../session';

const SHELLS = new Set(['bash', 'sh', 'ash', 'dash', 'zsh']);
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function isFile(view: View, path: string): boolean {
  try {
    return view.fileOf(view.resolve(path, true)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Where runc finds `prog` (exec.LookPath in the container), or the error text the runtime reports,
 * e.g. `exec: "bash": executable file not found in $PATH`.
 */
export function lookPath(
  view: View,
  prog: string,
  env: readonly string[],
  cwd: string,
): string | { error: string } {
  if (prog.includes('/')) {
    const abs = prog.startsWith('/') ? prog : `${cwd.replace(/\/$/, '')}/${prog}`;
    return isFile(view, abs)
      ? abs
      : { error: `exec: ${JSON.stringify(prog)}: stat ${prog}: no such file or directory` };
  }
  const pathVar =
    [...env]
      .reverse()
      .find((e) => e.startsWith('PATH='))
      ?.slice(5) ?? DEFAULT_PATH;
  for (const dir of pathVar.split(':')) {
    const candidate = `${dir === '' ? '.' : dir}/${prog}`.replace(/\/+/g, '/');
    if (candidate.startsWith('/') && isFile(view, candidate)) return candidate;
  }
  return { error: `exec: ${JSON.stringify(prog)}: executable file not found in $PATH` };
}

/** The text the daemon writes into the attached stream when the exec cannot start. */
export function ociExecFailed(detail: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`;
}

const silent: Stdio = { stdin: null, out() {}, err() {}, tty: false, columns: 80 };

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'exec [OPTIONS] CONTAINER COMMAND [ARG...]',
    short: 'Execute a command in a running container',
    aliases: ['docker container exec', 'docker exec'],
    interspersed: false,
    args: { kind: 'min', n: 2 },
    flags: [
      { name: 'detach', short: 'd', type: 'bool', usage: 'Detached mode: run the command in the background' },
      { name: 'env', short: 'e', type: 'stringArray', typeName: 'list', usage: 'Set environment variables' },
      { name: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open even if not attached' },
      { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
      {
        name: 'user',
        short: 'u',
        type: 'string',
        usage: 'User name or UID (format: "<name|uid>[:<group|gid>]")',
      },
      { name: 'workdir', short: 'w', type: 'string', usage: 'Working directory inside the container' },
    ],
  },
  async run(parsed, ctx): Promise<number | ProgramResult> {
    const [ref, ...argv] = parsed.args as [string, ...string[]];
    let ctr: ContainerRec | undefined;
    const code = await daemonCall(ctx, async () => {
      ctr = ctx.engine.execTarget(ref);
      return 0;
    });
    if (!ctr) return code;
    const env = [...(ctr.config.Env ?? []), ...flagList(parsed, 'env')];
    const workdir = flagString(parsed, 'workdir') || ctr.config.WorkingDir || '/';
    const user = flagString(parsed, 'user') || undefined;
    const prog = argv[0] as string;
    const found = lookPath(ctr.upper.view(), prog, env, workdir);
    if (typeof found !== 'string') {
      if (flagBool(parsed, 'detach')) {
        ctx.io.err(`Error response from daemon: ${ociExecFailed(found.error)}\n`);
        return 1;
      }
      // Not a daemon error: the daemon writes it into the attached stream, and the exec's status is 126.
      ctx.io.out(ociExecFailed(found.error) + '\n');
      return 126;
    }
    const base = prog.slice(prog.lastIndexOf('/') + 1);
    const interactive = flagBool(parsed, 'interactive') && flagBool(parsed, 'tty');
    const extra = flagList(parsed, 'env');
    const opts = { user, workdir, env: extra.length ? [...extra] : undefined };
    if (interactive && SHELLS.has(base) && argv.length === 1) {
      const entered = sessions.containerSession(ctx.engine, ctr, { shell: base, ...opts });
      return { code: 0, enter: entered };
    }
    if (flagBool(parsed, 'detach')) {
      await sessions.runInContainer(ctx.engine, ctr, argv, silent, opts);
      return 0;
    }
    return sessions.runInContainer(ctx.engine, ctr, argv, ctx.io, opts);
  },
};
