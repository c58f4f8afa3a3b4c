// docker builder prune: removes the build cache no image stands on (all of it with -a), asking first
// unless -f, as docker/cli's builder prune does; then the layers nothing uses any more go too.

import { flagBool } from '../flags';
import { humanSize } from '../format/units';
import type { DockerCommand } from './command';

const WARNING = 'WARNING! This will remove all dangling build cache. Are you sure you want to continue?';
const ALL_WARNING = 'WARNING! This will remove all build cache. Are you sure you want to continue?';

export const command: DockerCommand = {
  spec: {
    parent: 'docker builder',
    use: 'prune',
    short: 'Remove build cache',
    args: { kind: 'none' },
    flags: [
      {
        name: 'all',
        short: 'a',
        type: 'bool',
        usage: 'Remove all unused build cache, not just dangling ones',
      },
      { name: 'force', short: 'f', type: 'bool', usage: 'Do not prompt for confirmation' },
    ],
  },
  async run(parsed, ctx) {
    const all = flagBool(parsed, 'all');
    if (!flagBool(parsed, 'force')) {
      ctx.io.out(`${all ? ALL_WARNING : WARNING} [y/N] `);
      const answer = (ctx.io.stdin ?? '').split('\n')[0]?.trim() ?? '';
      if (answer.toLowerCase() !== 'y') return 0;
    }
    const { ids, reclaimed } = await ctx.engine.pruneBuildCache(all);
    if (ids.length > 0) ctx.io.out(`Deleted build cache objects:\n${ids.map((i) => `${i}\n`).join('')}\n`);
    ctx.io.out(`Total reclaimed space: ${humanSize(reclaimed)}\n`);
    return 0;
  },
};
