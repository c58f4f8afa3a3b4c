// `docker rename OLD NEW`: prints nothing when it works.

import type { DockerCommand } from './command';
import { daemonCall } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'rename CONTAINER NEW_NAME',
    short: 'Rename a container',
    aliases: ['docker container rename', 'docker rename'],
    args: { kind: 'exact', n: 2 },
    flags: [],
  },
  async run(parsed, ctx) {
    const [from, to] = parsed.args.map((a) => a.trim()) as [string, string];
    if (from === '' || to === '') {
      ctx.io.err('Error: Neither old nor new names may be empty\n');
      return 1;
    }
    return daemonCall(ctx, async () => {
      await ctx.engine.rename(from, to);
      return 0;
    });
  },
};
