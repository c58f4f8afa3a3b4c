// `docker top`: the container's processes as the host's `ps -ef` sees them.

import { DockerError } from '../../engine/errors';
import { classify } from '../../engine/runtime/processes';
import type { ContainerRec } from '../../engine/state';
import { tabwrite } from '../format/tabwriter';
import type { DockerCommand } from './command';
import { daemonCall } from './container-common';

/** Rows of `ps -ef` for the container: the main process (nginx: master and workers), then execs. */
export function topRows(ctr: ContainerRec): string[][] {
  const s = ctr.state;
  const stime = new Date(s.startedAt ?? ctr.created).toISOString().slice(11, 16);
  const tty = ctr.config.Tty ? 'pts/0' : '?';
  const shim = Math.max(1, s.pid - 21);
  const row = (uid: string, pid: number, ppid: number, cmd: string) => [
    uid,
    String(pid),
    String(ppid),
    '0',
    stime,
    tty,
    '00:00:00',
    cmd,
  ];
  const rows: string[][] = [];
  const argv = [ctr.path, ...ctr.args].join(' ');
  if (classify(ctr) === 'nginx') {
    rows.push(row('root', s.pid, shim, `nginx: master process ${ctr.args.join(' ')}`.trimEnd()));
    rows.push(row('101', s.pid + 1, s.pid, 'nginx: worker process'));
    rows.push(row('101', s.pid + 2, s.pid, 'nginx: worker process'));
  } else rows.push(row(ctr.config.User || 'root', s.pid, shim, argv));
  for (const e of ctr.execs) rows.push(row('root', e.pid, shim, e.argv.join(' ')));
  return rows;
}

export const command: DockerCommand = {
  spec: {
    parent: 'docker',
    use: 'top CONTAINER [ps OPTIONS]',
    short: 'Display the running processes of a container',
    aliases: ['docker container top', 'docker top'],
    interspersed: false,
    args: { kind: 'min', n: 1 },
    flags: [],
  },
  run: (parsed, ctx) =>
    daemonCall(ctx, async () => {
      const ctr = ctx.engine.container(parsed.args[0] as string);
      const st = ctr.state.status;
      if (st !== 'running' && st !== 'paused')
        throw new DockerError(`container ${ctr.id} is not running`, 'conflict');
      const lines = [['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], ...topRows(ctr)];
      // docker/cli top.go: tabwriter.NewWriter(out, 20, 1, 3, ' ', 0)
      const text = lines.map((l) => l.join('\t') + '\n').join('');
      ctx.io.out(tabwrite(text, { minwidth: 20, tabwidth: 1, padding: 3, padchar: ' ' }));
      return 0;
    }),
};
