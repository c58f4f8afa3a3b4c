// docker builder prune: removes the build cache no image stands on (all of it with -a), asking first
// unless -f; then the layers nothing uses any more go too. Docker 27 hands `docker builder` to buildx,
// so the output is buildx prune's: a table of the removed records, then `Total:`.

import { flagBool } from '../flags';
import { tabwrite } from '../format/tabwriter';
import { humanDuration, humanSize } from '../format/units';
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
    const { removed, reclaimed } = await ctx.engine.pruneBuildCache(all);
    // buildx's tabwriter: minwidth 1, tabwidth 8, padding 1, padded with tabs.
    const opts = { minwidth: 1, tabwidth: 8, padding: 1, padchar: '\t' } as const;
    if (removed.length > 0) {
      const now = ctx.engine.platform.clock.now();
      let table = 'ID\tRECLAIMABLE\tSIZE\tLAST ACCESSED\n';
      for (const r of removed)
        table += `${r.id.padEnd(40)}\t${'true'.padEnd(5)}\t${humanSize(r.size).padEnd(10)}\t${humanDuration(now - r.created)} ago\n`;
      ctx.io.out(tabwrite(table, opts));
    }
    ctx.io.out(tabwrite(`Total:\t${humanSize(reclaimed)}\n`, opts));
    return 0;
  },
};
