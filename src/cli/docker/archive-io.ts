// Where save/export write and load reads: a file in the shell's filesystem (the learner's home on the
// host), so an archive made with `docker save -o x.tar` can be loaded back with `docker load -i x.tar`.

import { normalize } from '../../engine/fs/path';
import { contentBytes } from '../../engine/fs/content';
import type { ProgramContext } from '../types';
import { reportError } from './pull-progress';

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function writeArchive(
  ctx: ProgramContext,
  name: string,
  chunks: readonly Uint8Array[],
): Promise<void> {
  const path = normalize(name, ctx.shell.cwd);
  const bytes = concat(chunks);
  await ctx.fs.change((u) =>
    u.writeFile(
      path,
      { kind: 'bytes', bytes },
      { mtime: ctx.fs.now(), uid: ctx.shell.user.uid, gid: ctx.shell.user.gid },
    ),
  );
}

/** The file's bytes, or a message as `open NAME: no such file or directory`. */
export function readArchive(ctx: ProgramContext, name: string): Uint8Array | string {
  const path = normalize(name, ctx.shell.cwd);
  const f = ctx.fs.view().fileOf(path);
  if (!f) return `open ${name}: no such file or directory`;
  return contentBytes(f.content);
}

export const COWARDLY = 'cowardly refusing to save to a terminal. Use the -o flag or redirect';

/** The shared body of `docker save` and `docker export`: refuse a terminal, produce, write the file. */
export async function writeArchiveTo(
  ctx: ProgramContext,
  output: string,
  verb: 'save' | 'export',
  produce: () => Promise<Uint8Array[]>,
): Promise<number> {
  if (!output) {
    // On a terminal this is Docker's own refusal. Redirected or piped, real Docker would stream the
    // tar; this host's pipes carry text only, so it says plainly what to do instead of pretending.
    ctx.io.err(
      ctx.io.tty
        ? `${COWARDLY.replace('save', verb)}\n`
        : `docker ${verb}: this simulated host cannot stream an archive through a pipe or a redirect: use -o FILE\n`,
    );
    return 1;
  }
  let chunks: Uint8Array[];
  try {
    chunks = await produce();
  } catch (e) {
    return reportError(ctx, e);
  }
  await writeArchive(ctx, output, chunks);
  return 0;
}
