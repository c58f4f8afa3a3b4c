// A learner at the CLI for the lesson tests: lines go to the innermost shell (a `docker exec -it`
// opens one, `exit` leaves it) and each finished line becomes the record a terminal would report.

import { hostSession } from '../../src/cli/session';
import type { Session, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import type { Lesson, RanCommand, Step } from '../../src/lessons';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

export class Learner {
  private readonly stack: Session[];
  /** Every record since the step began (what a check's history is). */
  history: RanCommand[] = [];

  constructor(readonly engine: Engine) {
    this.stack = [hostSession(engine)];
  }

  get depth(): number {
    return this.stack.length;
  }

  async type(line: string): Promise<RanCommand> {
    const session = this.stack[this.stack.length - 1] as Session;
    let output = '';
    const io: Stdio = {
      stdin: null,
      out: (t) => (output += t),
      err: (t) => (output += t),
      tty: true,
      columns: 80,
    };
    const shell = this.stack.length > 1 ? 'container' : 'host';
    const r = await session.run(line, io);
    if (r.leave) this.stack.pop();
    if (r.enter) this.stack.push(r.enter);
    const rec: RanCommand = { line, output, exitCode: r.code, shell };
    this.history.push(rec);
    return rec;
  }

  check(step: Step): boolean {
    return step.check({ engine: this.engine, last: this.history.at(-1) ?? null, history: this.history });
  }

  beginStep(): void {
    this.history = [];
  }
}

/** A fresh seeded host with the lesson's setup run silently; every setup line must succeed. */
export async function setUp(lesson: Lesson, seed = 1): Promise<Learner> {
  const { engine } = await openHost({ seed, time: GOLDEN_TIME });
  const learner = new Learner(engine);
  for (const line of lesson.setup) {
    const r = await learner.type(line);
    if (r.exitCode !== 0) throw new Error(`setup of ${lesson.id}: ${line} failed:\n${r.output}`);
  }
  learner.beginStep();
  return learner;
}
