// `docker restart`: stop then start each container; each argument echoed as typed.

import type { DockerCommand } from './command';
import { eachContainer } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'restart [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Restart one or more containers',
    aliases: ['docker container restart', 'docker restart'],
    args: { kind: 'min', n: 1 },
    flags: [
      { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
      { name: 'time', type: 'int', usage: 'Seconds to wait before killing the container', hidden: true },
      { name: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
    ],
  },
  run: (parsed, ctx) => eachContainer(ctx, parsed.args, (ref) => ctx.engine.restart(ref)),
};
