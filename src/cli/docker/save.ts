// docker save -o FILE IMAGE…: a Docker 25+ archive (OCI layout + manifest.json), layers under their diffIDs.

import type { DockerCommand } from './command';
import { flagString } from '../flags';
import { writeArchiveTo } from './archive-io';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'save [OPTIONS] IMAGE [IMAGE...]',
    short: 'Write one or more images to a tar archive (streamed to STDOUT by default)',
    aliases: ['docker image save', 'docker save'],
    args: { kind: 'min', n: 1 },
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
    return writeArchiveTo(ctx, flagString(parsed, 'output'), 'save', () => ctx.engine.save(parsed.args));
  },
};
