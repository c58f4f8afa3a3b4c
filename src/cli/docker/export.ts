// docker export -o FILE CONTAINER: the container's filesystem flattened into one tar (no layers left).

import type { DockerCommand } from './command';
import { flagString } from '../flags';
import { writeArchiveTo } from './archive-io';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'export [OPTIONS] CONTAINER',
    short: "Write a container's filesystem, flattened, to a tar archive",
    aliases: ['docker container export', 'docker export'],
    args: { kind: 'exact', n: 1 },
    flags: [
      {
        name: 'output',
        short: 'o',
        type: 'string',
        default: '',
        usage: 'Write to a file, instead of STDOUT',
      },
    ],
  },
  run(parsed, ctx) {
    return writeArchiveTo(ctx, flagString(parsed, 'output'), 'export', () =>
      ctx.engine.exportContainer(parsed.args[0] as string),
    );
  },
};
