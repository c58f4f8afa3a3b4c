// `docker stop`: SIGTERM to each container's main process; each argument echoed as typed.

import type { DockerCommand } from './command';
import { eachContainer } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'stop [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Stop one or more running containers',
    aliases: ['docker container stop', 'docker stop'],
    args: { kind: 'min', n: 1 },
    flags: [
      { name: 'signal', short: 's', type: 'string', usage: 'Signal to send to the container' },
      { name: 'time', type: 'int', usage: 'Seconds to wait before killing the container', hidden: true },
      { name: 'timeout', short: 't', type: 'int', usage: 'Seconds to wait before killing the container' },
    ],
  },
  run: (parsed, ctx) => eachContainer(ctx, parsed.args, (ref) => ctx.engine.stop(ref)),
};
