// `docker start`: starts each container and echoes it; with -a, attaches to the one container
// (its output, then its exit status); with -ai on a shell, opens that shell.

import { DockerError } from '../../engine/errors';
import { classify } from '../../engine/runtime/processes';
import { flagBool } from '../flags';
import type { DockerCommand } from './command';
import { errorText, printLogs, shellOf } from './container-common';
// Static: the program registry loads the docker dispatcher lazily, so this makes no import cycle.
import * as sessions from '../session';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'start [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Start one or more stopped containers',
    aliases: ['docker container start', 'docker start'],
    args: { kind: 'min', n: 1 },
    flags: [
      {
        name: 'attach',
        short: 'a',
        type: 'bool',
        usage: "Attach to the container's STDOUT/STDERR and forward signals",
      },
      { name: 'interactive', short: 'i', type: 'bool', usage: "Attach the container's STDIN" },
    ],
  },
  async run(parsed, ctx) {
    const attach = flagBool(parsed, 'attach') || flagBool(parsed, 'interactive');
    if (attach) {
      if (parsed.args.length > 1) {
        ctx.io.err('Error: you cannot start and attach multiple containers at once\n');
        return 1;
      }
      const ref = parsed.args[0] as string;
      try {
        const ctr = ctx.engine.container(ref);
        const before = ctr.logs.length;
        await ctx.engine.start(ref);
        const interactive = flagBool(parsed, 'interactive') && ctr.config.Tty;
        if (interactive && classify(ctr) === 'shell' && ctr.state.status === 'running')
          return {
            code: 0,
            enter: sessions.containerSession(ctx.engine, ctr, {
              shell: shellOf(ctr),
              main: true,
            }),
          };
        printLogs(ctx, ctr, { from: before });
        return ctr.state.status === 'exited' ? ctr.state.exitCode : 0;
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        ctx.io.err(errorText(e) + '\n');
        return 1;
      }
    }
    // Without attaching, errors are printed as they happen and summed up at the end (docker/cli start.go).
    const failed: string[] = [];
    for (const ref of parsed.args) {
      try {
        await ctx.engine.start(ref);
        ctx.io.out(ref + '\n');
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        ctx.io.err(errorText(e) + '\n');
        failed.push(ref);
      }
    }
    if (failed.length) ctx.io.err(`Error: failed to start containers: ${failed.join(', ')}\n`);
    return failed.length ? 1 : 0;
  },
};
