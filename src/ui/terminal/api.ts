// What the rest of the page may ask of the terminal: type a command as a person would (lessons'
// "show me", the presenter's demo scripts), hear about every command that finished (lesson goal
// checks, the undo stack), and start over after the host was reset or restored.

/** One line the terminal ran, typed by hand or by `type()`. */
export interface CommandRecord {
  /** The command as entered (several lines joined with '\n' when it continued). */
  readonly line: string;
  /** Everything it printed, stdout and stderr together, without colour codes. */
  readonly output: string;
  readonly exitCode: number;
  /** Which shell ran it: the host's, or one inside a container (`docker exec -it`). */
  readonly shell: 'host' | 'container';
  /** How deep the shell stack was when it ran (1 = the host shell). */
  readonly depth: number;
}

export interface TerminalApi {
  /**
   * Types `line` into the terminal key by key at `cps` characters per second (0 or undefined: all at
   * once) and presses Enter; resolves with the record once the command has finished. Rejects if the
   * signal aborts before Enter (nothing half-typed is left on the prompt).
   */
  type(line: string, opts?: { cps?: number; signal?: AbortSignal }): Promise<CommandRecord>;
  /** Calls `fn` after every command; returns the unsubscribe function. */
  onCommand(fn: (rec: CommandRecord) => void): () => void;
  /** A command is running or keys wait to be handled. */
  busy(): boolean;
  /** Back to a fresh host shell on a cleared screen (after a reset, an undo or an import). */
  restart(notice?: string): void;
  /** Gives the keyboard to the terminal. */
  focus(): void;
}
