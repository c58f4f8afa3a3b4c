// docker image prune: asks first unless -f; with no terminal to answer, the answer is read from stdin
// and an empty stdin means "no" (docker/cli's prompt reads one line; EOF declines, silently, exit 0).

import { flagBool } from '../flags';
import { humanSize } from '../format/units';
import type { DockerCommand } from './command';

const DANGLING_WARNING = 'WARNING! This will remove all dangling images.\nAre you sure you want to continue?';
const ALL_WARNING =
  'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue?';

export const command: DockerCommand = {
  spec: {
    parent: 'docker image',
    use: 'prune [OPTIONS]',
    short: 'Remove images nothing uses',
    args: { kind: 'none' },
    flags: [
      {
        name: 'all',
        short: 'a',
        type: 'bool',
        usage: 'Remove every image no container uses, not only untagged ones',
      },
      { name: 'force', short: 'f', type: 'bool', usage: 'Do not ask for confirmation' },
    ],
  },
  async run(parsed, ctx) {
    const all = flagBool(parsed, 'all');
    if (!flagBool(parsed, 'force')) {
      ctx.io.out(`${all ? ALL_WARNING : DANGLING_WARNING} [y/N] `);
      const answer = (ctx.io.stdin ?? '').split('\n')[0]?.trim() ?? '';
      if (answer.toLowerCase() !== 'y') return 0;
    }
    const { records, reclaimed } = await ctx.engine.pruneImages(all);
    if (records.length > 0) {
      let text = 'Deleted Images:\n';
      for (const r of records)
        text += 'untagged' in r ? `untagged: ${r.untagged}\n` : `deleted: ${r.deleted}\n`;
      ctx.io.out(`${text}\n`);
    }
    ctx.io.out(`Total reclaimed space: ${humanSize(records.length > 0 ? reclaimed : 0)}\n`);
    return 0;
  },
};
