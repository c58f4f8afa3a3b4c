// A seeded host and a captured ProgramContext for the container commands' golden tests; `docker()`
// parses argv with the command's spec and prints a thrown DockerError as the dispatcher does.
import type { DockerCommand } from '../../src/cli/docker/command';
import { parseCommandLine } from '../../src/cli/flags';
import type { ProgramContext, ProgramResult, ShellFs, ShellState, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import { DockerError } from '../../src/engine/errors';
import type { FixedClock } from '../../src/engine/platform';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

export interface IoOptions {
  tty?: boolean;
  signal?: AbortSignal;
  stdin?: string | null;
  env?: Record<string, string>;
}

export function context(engine: Engine, opts: IoOptions = {}) {
  let out = '';
  let err = '';
  const io: Stdio = {
    stdin: opts.stdin ?? null,
    out: (t) => (out += t),
    err: (t) => (err += t),
    tty: opts.tty ?? false,
    columns: 80,
    signal: opts.signal,
  };
  const fs: ShellFs = {
    view: () => engine.state.home.view(),
    change: (fn) => engine.changeHome(fn),
    now: () => Math.floor(engine.platform.clock.now() / 1000),
  };
  const shell: ShellState = {
    cwd: '/home/learner',
    env: new Map(Object.entries(opts.env ?? {})),
    lastStatus: 0,
    history: [],
    user: { name: 'learner', uid: 1000, gid: 1000, home: '/home/learner' },
    hostname: 'layerlab',
  };
  const ctx: ProgramContext = { engine, io, fs, shell, where: 'host', runLine: async () => 0 };
  return { ctx, out: () => out, err: () => err };
}

export interface Outcome {
  code: number;
  out: string;
  err: string;
  result?: ProgramResult;
}

export async function docker(
  engine: Engine,
  command: DockerCommand,
  argv: string[],
  opts: IoOptions = {},
): Promise<Outcome> {
  const c = context(engine, opts);
  const line = parseCommandLine(command.spec, argv, 80);
  if (line.kind === 'help') return { code: 0, out: line.stdout, err: '' };
  if (line.kind === 'error') return { code: line.exitCode, out: '', err: line.stderr };
  try {
    const r = await command.run(line.parsed, c.ctx);
    if (typeof r === 'number') return { code: r, out: c.out(), err: c.err() };
    return { code: r.code, out: c.out(), err: c.err(), result: r };
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    return { code: 1, out: c.out(), err: c.err() + `Error response from daemon: ${e.message}\n` };
  }
}

/** A seeded host on the golden clock with the given images already pulled. */
export async function host(images: string[] = []): Promise<{ engine: Engine; clock: FixedClock }> {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  if (!clock) throw new Error('golden hosts have a fixed clock');
  for (const ref of images) await engine.pull(ref);
  return { engine, clock };
}

export const HEX64 = /^[0-9a-f]{64}$/;
