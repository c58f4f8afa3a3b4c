// `docker commit`: freezes the container's writable layer into a new image layer; prints the image id.

import { DockerError } from '../../engine/errors';
import { parseReference } from '../../engine/reference';
import { flagList, flagString } from '../flags';
import type { DockerCommand } from './command';
import { daemonCall } from './container-common';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
    short: "Create a new image from a container's changes",
    aliases: ['docker container commit', 'docker commit'],
    args: { kind: 'range', min: 1, max: 2 },
    flags: [
      {
        name: 'author',
        short: 'a',
        type: 'string',
        usage: 'Author (e.g. "John Hannibal Smith <hannibal@a-team.com>")',
      },
      {
        name: 'change',
        short: 'c',
        type: 'stringArray',
        typeName: 'list',
        usage: 'Apply a Dockerfile instruction to the new image',
      },
      { name: 'message', short: 'm', type: 'string', usage: 'Commit message' },
      {
        name: 'pause',
        short: 'p',
        type: 'bool',
        default: true,
        usage: 'Pause the container while committing',
      },
    ],
  },
  async run(parsed, ctx) {
    const [container, reference] = parsed.args as [string, string | undefined];
    if (reference !== undefined) {
      // The client checks the reference before asking the daemon.
      try {
        parseReference(reference);
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        ctx.io.err(e.message + '\n');
        return 1;
      }
    }
    return daemonCall(ctx, async () => {
      const r = await ctx.engine.commit({
        container,
        reference,
        author: flagString(parsed, 'author') || undefined,
        message: flagString(parsed, 'message') || undefined,
        changes: [...flagList(parsed, 'change')],
      });
      ctx.io.out(r.imageId + '\n');
      return 0;
    });
  },
};
