// A ProgramContext over a seeded host for the docker image commands' tests: captured stdout/stderr.
import type { DockerCommand } from '../../src/cli/docker/command';
import { parseCommandLine } from '../../src/cli/flags';
import type { ProgramContext, ShellFs, ShellState, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';

export interface Captured {
  ctx: ProgramContext;
  out: () => string;
  err: () => string;
}

export function capture(
  engine: Engine,
  opts: { tty?: boolean; columns?: number; signal?: AbortSignal; stdin?: string | null } = {},
): Captured {
  let out = '';
  let err = '';
  const io: Stdio = {
    stdin: opts.stdin ?? null,
    out: (t) => (out += t),
    err: (t) => (err += t),
    tty: opts.tty ?? false,
    columns: opts.columns ?? 80,
    signal: opts.signal,
  };
  const fs: ShellFs = {
    view: () => engine.state.home.view(),
    change: (fn) => engine.changeHome(fn),
    now: () => Math.floor(engine.platform.clock.now() / 1000),
  };
  const shell: ShellState = {
    cwd: '/home/learner',
    env: new Map(),
    lastStatus: 0,
    history: [],
    user: { name: 'learner', uid: 1000, gid: 1000, home: '/home/learner' },
    hostname: 'layerlab',
  };
  const ctx: ProgramContext = {
    engine,
    io,
    fs,
    shell,
    where: 'host',
    runLine: async () => 0,
  };
  return { ctx, out: () => out, err: () => err };
}

/** Parses argv with the command's spec as the dispatcher does, then runs it. */
export async function docker(
  engine: Engine,
  command: DockerCommand,
  argv: string[],
  opts: Parameters<typeof capture>[1] = {},
): Promise<{ code: number; out: string; err: string }> {
  const c = capture(engine, opts);
  const line = parseCommandLine(command.spec, argv, c.ctx.io.columns);
  if (line.kind === 'help') return { code: 0, out: line.stdout, err: '' };
  if (line.kind === 'error') return { code: line.exitCode, out: '', err: line.stderr };
  const r = await command.run(line.parsed, c.ctx);
  return { code: typeof r === 'number' ? r : r.code, out: c.out(), err: c.err() };
}
