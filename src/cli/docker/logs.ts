// `docker logs`: what the container's main process wrote (stdout and stderr kept apart), with
// --tail, -t timestamps, and -f following until Ctrl-C or the container stops.

import type { ContainerRec } from '../../engine/state';
import { flagBool, flagString } from '../flags';
import type { DockerCommand } from './command';
import { daemonCall, printLogs } from './container-common';
import { followLogs } from './run';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'logs [OPTIONS] CONTAINER',
    short: 'Fetch the logs of a container',
    aliases: ['docker container logs', 'docker logs'],
    args: { kind: 'exact', n: 1 },
    flags: [
      { name: 'details', type: 'bool', usage: 'Show extra details provided to logs' },
      { name: 'follow', short: 'f', type: 'bool', usage: 'Keep printing new output' },
      { name: 'since', type: 'string', usage: 'Show logs since a timestamp or a relative time (e.g. 42m)' },
      {
        name: 'tail',
        short: 'n',
        type: 'string',
        default: 'all',
        usage: 'Number of lines to show from the end of the logs',
      },
      { name: 'timestamps', short: 't', type: 'bool', usage: 'Show timestamps' },
      { name: 'until', type: 'string', usage: 'Show logs before a timestamp or a relative time (e.g. 42m)' },
    ],
  },
  async run(parsed, ctx) {
    let ctr: ContainerRec | undefined;
    const code = await daemonCall(ctx, async () => {
      ctr = ctx.engine.container(parsed.args[0] as string);
      return 0;
    });
    if (!ctr) return code;
    const tailText = flagString(parsed, 'tail');
    // The daemon reads anything that is not a whole number as "all".
    const tail = /^\d+$/.test(tailText) ? Number(tailText) : undefined;
    const timestamps = flagBool(parsed, 'timestamps');
    const seen = printLogs(ctx, ctr, { tail, timestamps });
    const s = ctr.state.status;
    if (flagBool(parsed, 'follow') && (s === 'running' || s === 'paused' || s === 'restarting'))
      await followLogs(ctx, ctr, seen, timestamps);
    return 0;
  },
};
