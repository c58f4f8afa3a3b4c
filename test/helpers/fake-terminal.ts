// A TerminalApi without xterm for component tests: lines run through the real shells (host and
// container sessions, as the page's terminal does), and every call is recorded.

import { hostSession } from '../../src/cli/session';
import type { OutsideFiles, Session, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import type { CommandRecord, TerminalApi } from '../../src/ui/terminal/api';

export class FakeTerminal implements TerminalApi {
  typed: { line: string; cps?: number }[] = [];
  restarts: (string | undefined)[] = [];
  focused = 0;
  running = false;
  private stack: Session[];
  private listeners = new Set<(rec: CommandRecord) => void>();

  /** `outside`: the learner's computer the page hands the shell (downloads, dropped files). */
  constructor(
    private readonly engine: Engine,
    private readonly outside?: OutsideFiles,
  ) {
    this.stack = [this.host()];
  }

  private host(): Session {
    return hostSession(this.engine, this.outside ? { outside: this.outside } : {});
  }

  async type(line: string, opts: { cps?: number } = {}): Promise<CommandRecord> {
    this.typed.push({ line, cps: opts.cps });
    this.running = true;
    try {
      const session = this.stack.at(-1)!;
      let output = '';
      const io: Stdio = {
        stdin: null,
        out: (t) => (output += t),
        err: (t) => (output += t),
        tty: false,
        columns: 80,
      };
      const r = await session.run(line, io);
      if (r.leave) this.stack.pop();
      if (r.enter) this.stack.push(r.enter);
      const rec: CommandRecord = {
        line,
        output,
        exitCode: r.code,
        shell: session.kind,
        depth: this.stack.length,
      };
      for (const fn of this.listeners) fn(rec);
      return rec;
    } finally {
      this.running = false;
    }
  }
  onCommand(fn: (rec: CommandRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  busy(): boolean {
    return this.running;
  }
  restart(notice?: string): void {
    this.restarts.push(notice);
    this.stack = [this.host()];
  }
  focus(): void {
    this.focused += 1;
  }
  /** Which shell the next line goes to. */
  get depth(): number {
    return this.stack.length;
  }
}
