// docker load -i FILE: registers the images of a docker-archive, checking every layer's diffID first.

import type { DockerCommand } from './command';
import { flagBool, flagString } from '../flags';
import { reportError } from './pull-progress';
import { readArchive } from './archive-io';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'load [OPTIONS]',
    short: 'Load images from a tar archive made by docker save',
    aliases: ['docker image load', 'docker load'],
    args: { kind: 'none' },
    flags: [
      {
        name: 'input',
        short: 'i',
        type: 'string',
        default: '',
        usage: 'Read from tar archive file, instead of STDIN',
      },
      { name: 'quiet', short: 'q', type: 'bool', default: false, usage: 'Suppress the load output' },
    ],
  },
  async run(parsed, ctx) {
    const input = flagString(parsed, 'input');
    if (!input) {
      ctx.io.err('requested load from stdin, but stdin is empty\n');
      return 1;
    }
    const bytes = readArchive(ctx, input);
    if (typeof bytes === 'string') {
      ctx.io.err(`${bytes}\n`);
      return 1;
    }
    try {
      const r = await ctx.engine.load([bytes]);
      if (!flagBool(parsed, 'quiet')) for (const line of r.loaded) ctx.io.out(`${line}\n`);
      return 0;
    } catch (e) {
      return reportError(ctx, e);
    }
  },
};
