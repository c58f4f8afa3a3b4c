// A shell over a real engine container for the coreutils tests: programs run through a ProgramContext
// whose ShellFs is the container's merged view, and every overlay event a change causes is recorded.

import type { Engine } from '../../src/engine/engine';
import type { FsEvent } from '../../src/engine/fs/upper';
import type { ContainerRec } from '../../src/engine/state';
import type { FixedClock } from '../../src/node/host';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { COREUTILS } from '../../src/cli/programs/coreutils';
import type { ProgramContext, ShellState } from '../../src/cli/types';

export interface Ran {
  out: string;
  err: string;
  code: number;
}

export interface Box {
  engine: Engine;
  clock: FixedClock;
  ctr: ContainerRec;
  shell: ShellState;
  events: FsEvent[];
  run(line: string | string[], opts?: { stdin?: string; tty?: boolean; columns?: number }): Promise<Ran>;
}

/** A created container of `image` (nginx by default) and a root shell in `cwd`. */
export async function box(image = 'nginx', cwd = '/'): Promise<Box> {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  await engine.pull(image);
  const ctr = await engine.create({ image, name: 'box' });
  const shell: ShellState = {
    cwd,
    env: new Map([
      ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      ['HOME', '/root'],
      ['HOSTNAME', ctr.id.slice(0, 12)],
    ]),
    lastStatus: 0,
    history: [],
    user: { name: 'root', uid: 0, gid: 0, home: '/root' },
    hostname: ctr.id.slice(0, 12),
  };
  const events: FsEvent[] = [];
  const b: Box = {
    engine,
    clock: clock as FixedClock,
    ctr,
    shell,
    events,
    async run(line, opts = {}) {
      const argv = typeof line === 'string' ? line.split(' ').filter(Boolean) : line;
      let out = '';
      let err = '';
      const ctx: ProgramContext = {
        engine,
        where: ctr.id,
        shell,
        io: {
          stdin: opts.stdin ?? null,
          out: (t) => (out += t),
          err: (t) => (err += t),
          tty: opts.tty ?? false,
          columns: opts.columns ?? 80,
        },
        fs: {
          view: () => engine.container(ctr.id).upper.view(),
          change: async (fn) => {
            const r = await engine.changeFs(ctr.id, (u) => fn(u));
            if (Array.isArray(r)) events.push(...(r as FsEvent[]));
            return r;
          },
          now: () => Math.floor(engine.platform.clock.now() / 1000),
        },
        runLine: async () => 0,
      };
      const prog = COREUTILS[argv[0] as string];
      if (!prog) throw new Error(`no program ${argv[0]}`);
      const r = await prog(argv.slice(1), ctx);
      return { out, err, code: typeof r === 'number' ? r : r.code };
    },
  };
  return b;
}

export { GOLDEN_TIME };
