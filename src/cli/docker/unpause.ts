// `docker unpause`: thaws each paused container; each argument echoed as typed.

import type { DockerCommand } from './command';
import { eachContainer } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'unpause CONTAINER [CONTAINER...]',
    short: 'Unpause all processes within one or more containers',
    aliases: ['docker container unpause', 'docker unpause'],
    args: { kind: 'min', n: 1 },
    flags: [],
  },
  run: (parsed, ctx) => eachContainer(ctx, parsed.args, (ref) => ctx.engine.pause(ref, false)),
};
