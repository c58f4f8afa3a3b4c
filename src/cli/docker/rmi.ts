// docker rmi IMAGE…: each argument on its own; the errors come last, together (docker/cli image/remove.go).

import { flagBool } from '../flags';
import type { DockerCommand } from './command';
import { errorText } from './pull-progress';

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'rmi [OPTIONS] IMAGE [IMAGE...]',
    short: 'Remove images (their tags, then the layers no other image uses)',
    aliases: ['docker image rm', 'docker image remove', 'docker rmi'],
    args: { kind: 'min', n: 1 },
    flags: [
      {
        name: 'force',
        short: 'f',
        type: 'bool',
        usage: 'Remove even when a tag or a stopped container holds it',
      },
      { name: 'no-prune', type: 'bool', usage: 'Keep the untagged parent images' },
    ],
  },
  async run(parsed, ctx) {
    const force = flagBool(parsed, 'force');
    const results = await ctx.engine.rmi(parsed.args, force, !flagBool(parsed, 'no-prune'));
    const errors: string[] = [];
    let fatal = false;
    for (const r of results) {
      if (r.error) {
        // with -f, a missing image is only reported; anything else still fails the command
        if (r.error.kind !== 'notFound') fatal = true;
        errors.push(errorText(r.error));
        continue;
      }
      for (const rec of r.records ?? []) {
        ctx.io.out('deleted' in rec ? `Deleted: ${rec.deleted}\n` : `Untagged: ${rec.untagged}\n`);
      }
    }
    if (errors.length === 0) return 0;
    ctx.io.err(`${errors.join('\n')}\n`);
    return !force || fatal ? 1 : 0;
  },
};
