// `docker container prune`: removes every stopped container after a [y/N] confirmation (or -f).

import { flagBool } from '../flags';
import { humanSize } from '../format/units';
import type { DockerCommand } from './command';

export const command: DockerCommand = {
  spec: {
    parent: 'docker container',
    use: 'prune [OPTIONS]',
    short: 'Remove all stopped containers',
    args: { kind: 'none' },
    flags: [
      {
        name: 'filter',
        type: 'stringArray',
        typeName: 'filter',
        usage: 'Provide filter values (e.g. "until=<timestamp>")',
      },
      { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
    ],
  },
  async run(parsed, ctx) {
    if (!flagBool(parsed, 'force')) {
      ctx.io.out(
        'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ',
      );
      // The answer is the first line of stdin; a terminal with nothing typed ahead counts as "no".
      const answer = (ctx.io.stdin ?? '').split('\n')[0]?.trim().toLowerCase() ?? '';
      if (answer !== 'y' && answer !== 'yes') {
        // v27 treats "no" as a cancelled command: nothing more is printed and the status is 0.
        if (ctx.io.stdin === null) ctx.io.out('\n');
        return 0;
      }
    }
    const { removed, reclaimed } = await ctx.engine.pruneContainers();
    let out = '';
    if (removed.length) out = 'Deleted Containers:\n' + removed.map((id) => id + '\n').join('') + '\n';
    ctx.io.out(`${out}Total reclaimed space: ${humanSize(removed.length ? reclaimed : 0)}\n`);
    return 0;
  },
};
