// A ProgramContext over a real engine for the service programs' tests: the host's home or a
// container's filesystem, output captured.

import type { Engine } from '../../src/engine/engine';
import type { ProgramContext, ShellFs, Stdio } from '../../src/cli/types';
import { SERVICES } from '../../src/cli/programs/services';

export interface Run {
  code: number;
  out: string;
  err: string;
}

export function makeCtx(
  engine: Engine,
  where: 'host' | string,
  opts: { tty?: boolean; uid?: number; cwd?: string } = {},
): { ctx: ProgramContext; take(): { out: string; err: string } } {
  let out = '';
  let err = '';
  const io: Stdio = {
    stdin: null,
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    tty: opts.tty ?? false,
    columns: 80,
  };
  const now = () => Math.floor(engine.platform.clock.now() / 1000);
  const fs: ShellFs =
    where === 'host'
      ? { view: () => engine.state.home.view(), change: (fn) => engine.changeHome(fn), now }
      : { view: () => engine.container(where).upper.view(), change: (fn) => engine.changeFs(where, fn), now };
  const uid = opts.uid ?? (where === 'host' ? 1000 : 0);
  const ctx: ProgramContext = {
    engine,
    io,
    fs,
    shell: {
      cwd: opts.cwd ?? (where === 'host' ? '/home/learner' : '/'),
      env: new Map(),
      lastStatus: 0,
      history: [],
      user: { name: uid ? 'learner' : 'root', uid, gid: uid, home: uid ? '/home/learner' : '/root' },
      hostname: 'layerlab',
    },
    where,
    runLine: async () => 0,
  };
  return {
    ctx,
    take() {
      const r = { out, err };
      out = '';
      err = '';
      return r;
    },
  };
}

/** Runs one service program with argv; `where` is 'host' or a container id. */
export async function run(
  engine: Engine,
  where: 'host' | string,
  argv: string[],
  opts: { tty?: boolean; uid?: number; cwd?: string } = {},
): Promise<Run> {
  const program = SERVICES[argv[0]!];
  if (!program) throw new Error(`no program ${argv[0]}`);
  const { ctx, take } = makeCtx(engine, where, opts);
  const r = await program(argv, ctx);
  const code = typeof r === 'number' ? r : r.code;
  return { code, ...take() };
}
