// Sessions over a seeded host for the shell tests: each line runs as the terminal would run it, and
// its stdout, stderr and status are captured.

import { containerSession, hostSession } from '../../src/cli/session';
import type { Session, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import type { ContainerRec } from '../../src/engine/state';
import { GOLDEN_TIME, openHost, type FixedClock } from '../../src/node/host';

export interface LineResult {
  out: string;
  err: string;
  code: number;
  enter?: Session;
  leave?: boolean;
  incomplete?: boolean;
}

export async function runLine(
  session: Session,
  line: string,
  opts: { tty?: boolean } = {},
): Promise<LineResult> {
  let out = '';
  let err = '';
  const io: Stdio = {
    stdin: null,
    out: (t) => (out += t),
    err: (t) => (err += t),
    tty: opts.tty ?? false,
    columns: 80,
  };
  const r = await session.run(line, io);
  return { out, err, ...r };
}

export async function host(): Promise<{ engine: Engine; clock: FixedClock; session: Session }> {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  return { engine, clock: clock as FixedClock, session: hostSession(engine) };
}

/** A running container of `image` (pulled first) and a bash session inside it. */
export async function inContainer(
  image = 'nginx',
  shell = 'bash',
  cmd?: string[],
): Promise<{ engine: Engine; clock: FixedClock; ctr: ContainerRec; session: Session }> {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  await engine.pull(image);
  const { container: ctr } = await engine.run({ image, name: 'web', cmd });
  return { engine, clock: clock as FixedClock, ctr, session: containerSession(engine, ctr, { shell }) };
}
