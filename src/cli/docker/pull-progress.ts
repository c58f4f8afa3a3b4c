// Prints a pull the way the docker CLI renders the daemon's JSON message stream (moby's
// jsonmessage.DisplayJSONMessagesStream): on a terminal every layer owns a line redrawn in place,
// otherwise each state change is its own line and progress bars are dropped.

import { DockerError } from '../../engine/errors';
import type { EngineEvent } from '../../engine/events';
import type { PullResult } from '../../engine/pull';
import { parseReference, withDefaultTag } from '../../engine/reference';
import type { Reference } from '../../engine/reference';
import { progressText } from '../format/progress';
import type { ProgramContext } from '../types';

export interface PullOptions {
  /** The pull inside `docker run`/`create`: output on stderr, no `Using default tag`, no final reference. */
  implicit: boolean;
  /** `-q`: print only the final reference (nothing at all when implicit). */
  quiet?: boolean;
  /** Which command an implicit pull's error names in `See 'docker <command> --help'.` (default `run`). */
  command?: string;
}

const ESC = '\x1b[';

/**
 * Pulls `ref` and prints it as docker does. Returns null after printing the error (the caller exits 1,
 * or 125 when implicit). A Ctrl-C through ctx.io.signal returns the result with `cancelled: true`
 * (completed layers are kept, nothing more is printed; docker exits 130). `Unable to find image … locally`
 * is the caller's line, not printed here.
 */
export async function pullWithProgress(
  ctx: ProgramContext,
  ref: string,
  opts: PullOptions,
): Promise<PullResult | null> {
  const io = ctx.io;
  const write = (text: string) => {
    if (opts.quiet) return;
    if (opts.implicit) io.err(text);
    else io.out(text);
  };
  const fail = (e: unknown): null => {
    if (!(e instanceof DockerError)) throw e;
    const msg = e.daemon ? `Error response from daemon: ${e.message}` : e.message;
    if (opts.implicit) {
      io.err(`docker: ${msg.replace(/\.$/, '')}.\nSee 'docker ${opts.command ?? 'run'} --help'.\n`);
    } else io.err(`${msg}\n`);
    return null;
  };

  let parsed: Reference;
  try {
    parsed = parseReference(ref);
  } catch (e) {
    if (e instanceof DockerError) return fail(new DockerError(e.message, e.kind, false));
    throw e;
  }
  const typedTag = !parsed.tag && !parsed.digest;
  const full = withDefaultTag(parsed);
  if (typedTag && !opts.implicit) write('Using default tag: latest\n');
  const pullingFrom = `${full.digest ?? full.tag}: Pulling from ${full.path}\n`;

  const screen = new LayerLines(io.tty, io.columns, write);
  let started = false;
  const off = ctx.engine.on((e: EngineEvent) => {
    if (e.type === 'pull-start') {
      started = true;
      screen.plain(pullingFrom);
    } else if (e.type === 'pull-progress') {
      screen.layer(e.id, e.status, e.current ?? 0, e.total ?? 0);
    }
  });
  let result: PullResult;
  try {
    result = await ctx.engine.pull(ref, io.signal);
  } catch (e) {
    return fail(e);
  } finally {
    off();
  }
  if (result.cancelled) return result;
  if (!started) screen.plain(pullingFrom);
  screen.plain(`Digest: ${result.digest}\n`);
  screen.plain(
    result.upToDate
      ? `Status: Image is up to date for ${result.tag}\n`
      : `Status: Downloaded newer image for ${result.tag}\n`,
  );
  if (!opts.implicit) {
    if (opts.quiet) io.out(`${result.fullRef}\n`);
    else write(`${result.fullRef}\n`);
  }
  return result;
}

/** The per-layer lines: jsonmessage keeps an index per id and moves the cursor to it on a terminal. */
class LayerLines {
  private ids = new Map<string, number>();

  constructor(
    private readonly tty: boolean,
    private readonly columns: number,
    private readonly write: (text: string) => void,
  ) {}

  /** A message that is not progress: printed as is, and the layer lines are forgotten. */
  plain(text: string): void {
    this.ids.clear();
    this.write(text);
  }

  layer(id: string, status: string, current: number, total: number): void {
    const bar = progressText({ current, total, width: this.tty ? this.columns : 200 });
    if (!this.tty) {
      // Without a terminal a message carrying a bar is dropped; the others print as lines.
      if (bar === '') this.write(`${id}: ${status}\n`);
      return;
    }
    let line = this.ids.get(id);
    let text = '';
    if (line === undefined) {
      line = this.ids.size;
      this.ids.set(id, line);
      text += '\n';
    }
    const diff = this.ids.size - line;
    text += `${ESC}${diff}A${ESC}2K\r${id}: ${status} ${bar}\r${ESC}${diff}B`;
    this.write(text);
  }
}

/** Prints an engine error as the CLI does (`Error response from daemon: ` for the daemon's); exit 1. */
export function reportError(ctx: ProgramContext, e: unknown): number {
  if (!(e instanceof DockerError)) throw e;
  ctx.io.err(`${errorText(e)}\n`);
  return 1;
}

/** The error's text as the CLI shows it. */
export function errorText(e: DockerError): string {
  return e.daemon ? `Error response from daemon: ${e.message}` : e.message;
}
