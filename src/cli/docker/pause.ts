// `docker pause`: freezes every process of each container; each argument echoed as typed.

import type { DockerCommand } from './command';
import { eachContainer } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'pause CONTAINER [CONTAINER...]',
    short: 'Pause all processes within one or more containers',
    aliases: ['docker container pause', 'docker pause'],
    args: { kind: 'min', n: 1 },
    flags: [],
  },
  run: (parsed, ctx) => eachContainer(ctx, parsed.args, (ref) => ctx.engine.pause(ref, true)),
};
