// `docker rm`: removes each container (-f stops a running one first); each argument echoed as typed.
// With -f a container that does not exist is reported but does not fail the command (docker/cli rm.go).

import { DockerError } from '../../engine/errors';
import { flagBool } from '../flags';
import type { DockerCommand } from './command';
import { errorText } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'rm [OPTIONS] CONTAINER [CONTAINER...]',
    short: 'Remove one or more containers',
    aliases: ['docker container rm', 'docker container remove', 'docker rm'],
    args: { kind: 'min', n: 1 },
    flags: [
      {
        name: 'force',
        short: 'f',
        type: 'bool',
        usage: 'Force the removal of a running container (uses SIGKILL)',
      },
      { name: 'link', short: 'l', type: 'bool', usage: 'Remove the specified link' },
      {
        name: 'volumes',
        short: 'v',
        type: 'bool',
        usage: 'Remove anonymous volumes associated with the container',
      },
    ],
  },
  async run(parsed, ctx) {
    const force = flagBool(parsed, 'force');
    const errors: string[] = [];
    for (const ref of parsed.args) {
      try {
        await ctx.engine.rm(ref, force);
        ctx.io.out(ref + '\n');
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        if (force && e.kind === 'notFound') ctx.io.err(errorText(e) + '\n');
        else errors.push(errorText(e));
      }
    }
    if (errors.length) ctx.io.err(errors.join('\n') + '\n');
    return errors.length ? 1 : 0;
  },
};
