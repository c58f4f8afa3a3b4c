// Runs a lesson's setup commands on the host without showing them: the lesson starts from its own
// clean state, made through the same CLI a learner types into.

import { hostSession } from '../cli/session';
import type { Stdio } from '../cli/types';
import type { Engine } from '../engine/engine';

/** Runs `lines` one by one on a fresh host shell; returns the first failure's output, or null. */
export async function runSilently(engine: Engine, lines: readonly string[]): Promise<string | null> {
  const session = hostSession(engine);
  for (const line of lines) {
    let output = '';
    const io: Stdio = {
      stdin: null,
      out: (t) => (output += t),
      err: (t) => (output += t),
      tty: false,
      columns: 80,
    };
    const result = await session.run(line, io);
    if (result.code !== 0) return `${line}: ${output.trim()}`;
  }
  return null;
}
