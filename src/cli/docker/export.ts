// docker export -o FILE CONTAINER: the container's filesystem flattened into one tar (no layers left).

import type { DockerCommand } from './command';
import { flagString } from '../flags';
import { reportError } from './pull-progress';
import { COWARDLY, writeArchive } from './archive-io';

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
  async run(parsed, ctx) {
    const output = flagString(parsed, 'output');
    if (!output) {
      ctx.io.err(`${COWARDLY.replace('save', 'export')}\n`);
      return 1;
    }
    let chunks: Uint8Array[];
    try {
      chunks = ctx.engine.exportContainer(parsed.args[0] as string);
    } catch (e) {
      return reportError(ctx, e);
    }
    await writeArchive(ctx, output, chunks);
    return 0;
  },
};
