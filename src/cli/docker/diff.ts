// `docker diff`: the container's writable layer against its image, as A/C/D lines.

import type { DockerCommand } from './command';
import { daemonCall } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'diff CONTAINER',
    short: "Inspect changes to files or directories on a container's filesystem",
    aliases: ['docker container diff', 'docker diff'],
    args: { kind: 'exact', n: 1 },
    flags: [],
  },
  run: (parsed, ctx) =>
    daemonCall(ctx, async () => {
      const changes = ctx.engine.diff(parsed.args[0] as string);
      ctx.io.out(changes.map((c) => `${c.kind} ${c.path}\n`).join(''));
      return 0;
    }),
};
