// What the terminal does between keys and shells: a stack of Sessions (the host shell at the bottom,
// `docker exec -it` shells above), one line editor at the top session's prompt, type-ahead queued
// while a command runs, Ctrl-C aborting it. Knows nothing of xterm: a TermPort is all it writes to.

import type { Session, Stdio } from '../../cli/types';
import type { CommandRecord } from './api';
import type { History } from './history';
import { parseKeys } from './keys';
import type { Key } from './keys';
import { LineEditor } from './line-editor';
import { safeTerminalOutput } from './safe-output';

export interface TermPort {
  write(data: string): void;
  columns(): number;
  /** Opens the editor panel on a file (vi, nano): the saved text, or null when left unsaved. */
  edit?(path: string, text: string): Promise<string | null>;
}

export const CONTINUATION_PROMPT = '> ';
const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** Program output for a terminal: every line ends '\r\n' (xterm does not add the carriage return). */
export function toTerminal(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class TerminalController {
  private readonly stack: Session[];
  private readonly editor: LineEditor;
  /** 'busy' while a line runs or a completion is looked up: keys wait in the queue. */
  private mode: 'idle' | 'reading' | 'busy' = 'idle';
  private readonly queue: Key[] = [];
  /** Lines of a command still open (a quote, a here-doc) waiting for the rest. */
  private pending: string[] | null = null;
  private abort: AbortController | null = null;
  private atLineStart = true;
  private tabbedAt: string | null = null;
  /** Lines run so far (tests wait on it). */
  finished = 0;
  /** What the command under way has printed, for its CommandRecord. */
  private captured: string[] = [];
  private readonly listeners = new Set<(rec: CommandRecord) => void>();

  private readonly port: TermPort;

  constructor(
    port: TermPort,
    first: Session,
    private readonly history: History,
  ) {
    // Everything shown goes through the filter: file contents, prompts (a cwd is a file name) and
    // echoed keys can hold escape sequences the terminal must show rather than act on.
    this.port = {
      write: (data) => port.write(safeTerminalOutput(data)),
      columns: () => port.columns(),
      ...(port.edit ? { edit: (path: string, text: string) => port.edit!(path, text) } : {}),
    };
    this.stack = [first];
    this.editor = new LineEditor(first.prompt(), () => port.columns());
  }

  get depth(): number {
    return this.stack.length;
  }

  /** True while a command runs or typed keys are still waiting to be handled. */
  busy(): boolean {
    return this.mode !== 'reading' || this.queue.length > 0;
  }

  /** A line of information before the first prompt (e.g. the host runs in memory only). */
  notice(text: string): void {
    this.print(`${YELLOW}${text}${RESET}\n`);
  }

  start(): void {
    this.prompt();
  }

  /** Data from the terminal: typed keys, escape sequences or a whole paste. */
  feed(data: string): void {
    for (const key of parseKeys(data)) {
      if (key.type === 'ctrl-c' && this.mode !== 'reading') {
        // As a tty's interrupt: the running program is signalled and type-ahead is thrown away.
        this.queue.length = 0;
        if (this.abort && !this.abort.signal.aborted) {
          this.abort.abort();
          this.print('^C');
        }
        continue;
      }
      this.queue.push(key);
    }
    this.pump();
  }

  private top(): Session {
    return this.stack[this.stack.length - 1] as Session;
  }

  private print(text: string): void {
    if (!text) return;
    if (this.mode === 'busy') this.captured.push(text);
    this.port.write(toTerminal(text));
    this.atLineStart = text.endsWith('\n');
  }

  private prompt(): void {
    // The editor draws from column 0: output that did not end its line gets one (as zsh does).
    if (!this.atLineStart) this.port.write('\r\n');
    this.editor.prompt = this.pending ? CONTINUATION_PROMPT : this.top().prompt();
    this.editor.set('');
    this.history.reset();
    this.tabbedAt = null;
    this.port.write(this.editor.drawFresh());
    this.mode = 'reading';
  }

  private pump(): void {
    while (this.mode === 'reading' && this.queue.length) this.handle(this.queue.shift() as Key);
  }

  private handle(key: Key): void {
    const ed = this.editor;
    if (key.type !== 'tab') this.tabbedAt = null;
    switch (key.type) {
      case 'text':
        ed.insert(key.text);
        break;
      case 'enter':
        this.submit();
        return;
      case 'backspace':
        ed.backspace();
        break;
      case 'delete':
        ed.deleteForward();
        break;
      case 'left':
        ed.left();
        break;
      case 'right':
        ed.right();
        break;
      case 'word-left':
        ed.wordLeft();
        break;
      case 'word-right':
        ed.wordRight();
        break;
      case 'home':
        ed.cursor = 0;
        break;
      case 'end':
        ed.cursor = ed.text.length;
        break;
      case 'up': {
        const line = this.history.previous(ed.text);
        if (line === undefined) return;
        ed.set(line);
        break;
      }
      case 'down': {
        const line = this.history.next();
        if (line === undefined) return;
        ed.set(line);
        break;
      }
      case 'ctrl-u':
        ed.killBefore();
        break;
      case 'ctrl-k':
        ed.killAfter();
        break;
      case 'ctrl-w':
        ed.killWord();
        break;
      case 'ctrl-c':
        this.port.write(`${ed.moveToEnd()}^C\r\n`);
        this.atLineStart = true;
        this.pending = null;
        this.prompt();
        return;
      case 'ctrl-l':
        this.port.write(`\x1b[H\x1b[2J${ed.drawFresh()}`);
        return;
      case 'ctrl-d':
        // As bash: on an empty line it ends the shell; otherwise it deletes forward.
        if (ed.text === '' && !this.pending && this.stack.length > 1) {
          ed.set('exit');
          this.port.write(ed.redraw());
          this.submit();
          return;
        }
        ed.deleteForward();
        break;
      case 'tab':
        this.complete();
        return;
      case 'ignored':
        return;
    }
    this.port.write(ed.redraw());
  }

  private submit(): void {
    const line = this.editor.text;
    this.port.write(`${this.editor.moveToEnd()}\r\n`);
    this.atLineStart = true;
    this.history.add(line);
    const source = this.pending ? [...this.pending, line].join('\n') : line;
    const lines = this.pending ? [...this.pending, line] : [line];
    this.mode = 'busy';
    void this.run(source, lines);
  }

  private async run(source: string, lines: string[]): Promise<void> {
    const session = this.top();
    const abort = new AbortController();
    this.abort = abort;
    const io: Stdio = {
      stdin: null,
      out: (t) => this.print(t),
      err: (t) => this.print(t),
      tty: true,
      columns: Math.max(1, this.port.columns()),
      signal: abort.signal,
      ...(this.port.edit ? { editor: (path: string, text: string) => this.port.edit!(path, text) } : {}),
    };
    this.pending = null;
    this.captured = [];
    const depth = this.stack.length;
    let exitCode = 1;
    let incomplete = false;
    try {
      const result = await session.run(source, io);
      exitCode = result.code;
      incomplete = result.incomplete === true;
      if (result.incomplete) this.pending = lines;
      if (result.enter) this.stack.push(result.enter);
      else if (result.leave && this.stack.length > 1 && this.top() === session) this.stack.pop();
    } catch (error) {
      // A bug in a program must not take the terminal down with it.
      this.print(
        `${RED}layerlab: internal error: ${error instanceof Error ? error.message : String(error)}${RESET}\n`,
      );
    } finally {
      this.abort = null;
      this.finished++;
    }
    if (!incomplete) {
      const rec: CommandRecord = {
        line: source,
        output: stripAnsi(this.captured.join('')),
        exitCode,
        shell: session.kind,
        depth,
      };
      this.captured = [];
      for (const fn of this.listeners) {
        try {
          fn(rec);
        } catch {
          // a broken listener must not break the terminal
        }
      }
    }
    this.prompt();
    this.pump();
  }

  /** Calls `fn` after every complete command; returns the unsubscribe function. */
  onCommand(fn: (rec: CommandRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Types `line` as a person would, `cps` characters a second (0: at once), then Enter; resolves with
   * the command's record. Waits for a running command to finish first.
   */
  async type(
    line: string,
    opts: { cps?: number; signal?: AbortSignal; sleep?: (ms: number) => Promise<void> } = {},
  ): Promise<CommandRecord> {
    const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const aborted = () => {
      if (opts.signal?.aborted) throw new DOMException('typing was stopped', 'AbortError');
    };
    while (this.busy()) {
      aborted();
      await sleep(20);
    }
    const cps = opts.cps ?? 0;
    const chars = line.replace(/\n/g, ' ');
    try {
      if (cps <= 0) this.feed(chars);
      else
        for (const ch of chars) {
          aborted();
          this.feed(ch);
          await sleep(1000 / cps);
        }
      aborted();
    } catch (error) {
      // Nothing half-typed stays on the prompt.
      if (this.mode === 'reading') {
        this.editor.set('');
        this.port.write(this.editor.redraw());
      }
      throw error;
    }
    const done = new Promise<CommandRecord>((resolve) => {
      const off = this.onCommand((rec) => {
        off();
        resolve(rec);
      });
    });
    this.feed('\r');
    return done;
  }

  /**
   * Starts over with `first` as the only shell on a cleared screen: after the host was reset, restored
   * or replaced, no container shell of the old state may stay open.
   */
  restart(first: Session, notice?: string): void {
    this.abort?.abort();
    this.queue.length = 0;
    this.stack.length = 0;
    this.stack.push(first);
    this.pending = null;
    this.port.write('\x1b[H\x1b[2J');
    this.atLineStart = true;
    if (notice) this.notice(notice);
    if (this.mode !== 'busy') this.prompt();
  }

  private complete(): void {
    const session = this.top();
    const ed = this.editor;
    const before = ed.text.slice(0, ed.cursor);
    if (!session.complete) return;
    const word = /\S*$/.exec(before)?.[0] ?? '';
    const second = this.tabbedAt === ed.text;
    this.mode = 'busy';
    void session
      .complete(before)
      .catch(() => [] as string[])
      .then((candidates) => {
        const matching = [...new Set(candidates)].filter((c) => c.startsWith(word)).sort();
        if (matching.length === 1) {
          const only = matching[0] as string;
          ed.insert(only.slice(word.length) + (only.endsWith('/') ? '' : ' '));
          this.port.write(ed.redraw());
        } else if (matching.length > 1) {
          const common = commonPrefix(matching);
          if (common.length > word.length) {
            ed.insert(common.slice(word.length));
            this.port.write(ed.redraw());
          } else if (second) {
            // Second Tab with nothing more to add: list the candidates, as bash does.
            this.port.write(`${ed.moveToEnd()}\r\n${matching.join('  ')}\r\n${ed.drawFresh()}`);
          }
        }
        this.tabbedAt = ed.text;
        this.mode = 'reading';
        this.pump();
      });
  }
}

function commonPrefix(words: string[]): string {
  let prefix = words[0] ?? '';
  for (const w of words) while (!w.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** Output as text: colour and cursor sequences dropped. */
export function stripAnsi(text: string): string {
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '').replace(/\r\n/g, '\n');
}
