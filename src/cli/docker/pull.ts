// docker pull NAME[:TAG|@DIGEST]: the progress itself is pull-progress.ts.

import { DockerError } from '../../engine/errors';
import { parseReference } from '../../engine/reference';
import { flagBool } from '../flags';
import type { DockerCommand } from './command';
import { pullWithProgress, reportError } from './pull-progress';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'pull [OPTIONS] NAME[:TAG|@DIGEST]',
    short: 'Download an image from a registry',
    aliases: ['docker image pull', 'docker pull'],
    args: { kind: 'exact', n: 1 },
    flags: [
      { name: 'all-tags', short: 'a', type: 'bool', usage: 'Download every tag of the repository' },
      {
        name: 'disable-content-trust',
        type: 'bool',
        default: true,
        usage: 'Skip verifying the image signature',
      },
      { name: 'platform', type: 'string', usage: 'Set the platform when the server serves several' },
      { name: 'quiet', short: 'q', type: 'bool', usage: 'Print only the image reference' },
    ],
  },
  async run(parsed, ctx) {
    const ref = parsed.args[0] ?? '';
    if (flagBool(parsed, 'all-tags')) {
      try {
        const r = parseReference(ref);
        if (r.tag || r.digest) {
          ctx.io.err("tag can't be used with --all-tags/-a\n");
          return 1;
        }
      } catch (e) {
        if (e instanceof DockerError) return reportError(ctx, new DockerError(e.message, e.kind, false));
        throw e;
      }
      // Pulling every tag is not simulated: say so rather than pretend.
      ctx.io.err('Layer Lab: pulling every tag (-a) is not simulated; name a tag instead.\n');
      return 1;
    }
    const result = await pullWithProgress(ctx, ref, { implicit: false, quiet: flagBool(parsed, 'quiet') });
    if (!result) return 1;
    return result.cancelled ? 130 : 0;
  },
};
