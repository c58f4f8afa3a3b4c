// The shapes every part of the command language shares: how a program reads and writes, what it is
// given, and the sessions (host shell, container shell) a terminal or the Node runner talks to.

import type { Engine } from '../engine/engine';
import type { Upper } from '../engine/fs/upper';
import type { View } from '../engine/fs/view';

/** A program's standard streams. Output is text; a terminal turns '\n' into '\r\n' itself. */
export interface Stdio {
  /** Text piped or redirected in; null when stdin is the terminal (nothing to read). */
  readonly stdin: string | null;
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal: `docker pull` redraws lines in place, `ls` colours, tables fit. */
  readonly tty: boolean;
  readonly columns: number;
  /** Ctrl-C: a long program (a pull, `logs -f`) stops cleanly when this aborts. */
  readonly signal?: AbortSignal;
  /**
   * A full-screen editor the terminal can open (the browser's editor panel): resolves to the new
   * text when saved, null when left without saving. Absent where there is none (the Node runner).
   */
  readonly editor?: (path: string, text: string) => Promise<string | null>;
}

/**
 * A filesystem a shell works on: a container's merged view, or the host's home. Reads go to `view()`;
 * every change goes through `change`, which runs inside the command's transaction and animates.
 */
export interface ShellFs {
  view(): View;
  change<T>(fn: (upper: Upper) => T): Promise<T>;
  /** Whole seconds, for mtimes. */
  now(): number;
}

/** The mutable state of one shell: where it is and what it knows. */
export interface ShellState {
  cwd: string;
  readonly env: Map<string, string>;
  /** `$?` */
  lastStatus: number;
  readonly history: string[];
  readonly user: { name: string; uid: number; gid: number; home: string };
  readonly hostname: string;
}

/** A file on the learner's real computer: a file dropped on the page, or a real file for the Node runner. */
export interface OutsideFile {
  readonly name: string;
  /** Bytes, when known (a browser File always knows). */
  readonly size: number | null;
  /** The content, read in chunks: an archive is never held as one string. */
  stream(): AsyncIterable<Uint8Array>;
}

/**
 * The world outside the simulated host. `docker save -o`/`export -o` also hand their archive here
 * (the browser downloads it; the Node runner writes a real file), and `docker load -i NAME` reads a
 * file from here when the host's home has none by that name.
 */
export interface OutsideFiles {
  /** Delivers an archive; resolves to a short note of where it went ("downloaded", a real path). */
  save(name: string, chunks: readonly Uint8Array[]): Promise<string>;
  /** The file called `name`, or undefined. */
  open(name: string): Promise<OutsideFile | undefined>;
}

/** What a program is given besides its argv. */
export interface ProgramContext {
  readonly engine: Engine;
  readonly io: Stdio;
  readonly fs: ShellFs;
  readonly shell: ShellState;
  /** 'host' for the learner's own shell, otherwise the container's 64-hex id. */
  readonly where: 'host' | string;
  /** Runs a command line in this same shell (for `sh -c`, `bash -c`); returns its exit status. */
  runLine(line: string, io: Stdio): Promise<number>;
  /** The learner's real computer, on the host shell only (absent in containers and in bare tests). */
  readonly outside?: OutsideFiles;
}

/** A program may ask the terminal to open an interactive session (`docker exec -it c bash`). */
export interface ProgramResult {
  code: number;
  enter?: Session;
  /** `exit` in a session: leave it (back to the one below), with this status. */
  leave?: boolean;
}

export type Program = (argv: string[], ctx: ProgramContext) => Promise<number | ProgramResult>;

/** One interactive shell the user types into. The terminal keeps a stack of them. */
export interface Session {
  readonly kind: 'host' | 'container';
  /** `learner@layerlab:~$ ` or `root@1a2b3c4d5e6f:/usr/share/nginx/html# ` */
  prompt(): string;
  /** Runs one line; `incomplete` asks for more lines (an open quote, a here-doc): show `> `. */
  run(
    line: string,
    io: Stdio,
  ): Promise<{ code: number; enter?: Session; leave?: boolean; incomplete?: boolean }>;
  /** Tab completion candidates for the word at the end of `line`. */
  complete?(line: string): Promise<string[]>;
}
