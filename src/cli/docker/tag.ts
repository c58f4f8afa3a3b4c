// docker tag SOURCE TARGET: the client checks both references before the daemon looks the source up.

import { DockerError } from '../../engine/errors';
import { parseReference } from '../../engine/reference';
import { goQuote } from '../format/strconv';
import type { DockerCommand } from './command';
import { reportError } from './pull-progress';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
    short: 'Give an image another name (a tag pointing to it)',
    aliases: ['docker image tag', 'docker tag'],
    args: { kind: 'exact', n: 2 },
    flags: [],
  },
  async run(parsed, ctx) {
    const [source = '', target = ''] = parsed.args;
    for (const ref of [source, target]) {
      try {
        const r = parseReference(ref);
        if (ref === target && r.digest) {
          return reportError(
            ctx,
            new DockerError('refusing to create a tag with a digest reference', 'invalid', false),
          );
        }
      } catch (e) {
        if (!(e instanceof DockerError)) throw e;
        // a source may also be an image id (ParseAnyReference accepts one)
        if (ref === source && /^(sha256:)?[0-9a-f]{1,64}$/.test(ref)) continue;
        const msg = `Error parsing reference: ${goQuote(ref)} is not a valid repository/tag: ${e.message}`;
        return reportError(ctx, new DockerError(msg, 'invalid', false));
      }
    }
    try {
      await ctx.engine.tag(source, target);
    } catch (e) {
      return reportError(ctx, e);
    }
    return 0;
  },
};
