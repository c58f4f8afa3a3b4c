// docker load -i FILE: registers the images of an image archive, checking every layer's diffID first.
// The file is read from the host's home, or else from the learner's real computer (a file dropped on
// the page, a real file for the Node runner), as a stream.

import type { DockerCommand } from './command';
import { flagBool, flagString } from '../flags';
import { reportError } from './pull-progress';
import { openArchive } from './archive-io';
import { progressText } from '../format/progress';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'load [OPTIONS]',
    short: 'Load an image from a tar archive or STDIN',
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
    const file = await openArchive(ctx, input);
    if (typeof file === 'string') {
      ctx.io.err(`${file}\n`);
      return 1;
    }
    // Docker's CLI asks for a quiet load when its output is not a terminal: then only the result lines.
    const quiet = flagBool(parsed, 'quiet') || !ctx.io.tty;
    try {
      const r = await ctx.engine.load(file.chunks, { size: file.size });
      if (!quiet)
        for (const l of r.layers) {
          const bar = progressText({ current: l.size, total: l.size, width: ctx.io.columns });
          ctx.io.out(`${l.diffId.slice(7, 19)}: Loading layer ${bar}\n`);
        }
      for (const line of r.loaded) ctx.io.out(`${line}\n`);
      return 0;
    } catch (e) {
      return reportError(ctx, e);
    }
  },
};
