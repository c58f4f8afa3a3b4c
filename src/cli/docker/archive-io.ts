// Where save/export write and load reads: a file in the shell's filesystem (the learner's home on the
// host), so an archive made with `docker save -o x.tar` can be loaded back with `docker load -i x.tar`;
// and the learner's real computer beside it (a download in the browser, a real file for the Node
// runner), where load also looks when the home has no such file.

import { normalize } from '../../engine/fs/path';
import { contentChunks } from '../../engine/fs/content';
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

/** An archive to read: its chunks (streamed) and size, or a message as `open NAME: no such file…`. */
export async function openArchive(
  ctx: ProgramContext,
  name: string,
): Promise<{ chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>; size: number | null } | string> {
  const path = normalize(name, ctx.shell.cwd);
  const view = ctx.fs.view();
  const f = view.fileOf(path);
  if (f) {
    const content = f.content;
    const size = content.kind === 'bytes' ? content.bytes.length : content.size;
    return { chunks: contentChunks(content), size };
  }
  if (view.lookup(path)?.entry.type === 'dir') return `read ${name}: is a directory`;
  const outside = await ctx.outside?.open(name);
  if (outside) return { chunks: outside.stream(), size: outside.size };
  return `open ${name}: no such file or directory`;
}

function isDir(ctx: ProgramContext, path: string): boolean {
  const view = ctx.fs.view();
  try {
    return view.lookup(view.resolve(path))?.entry.type === 'dir';
  } catch {
    return false; // a missing or looping component
  }
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
  // docker/cli's ValidateOutputPath: the directory must exist before anything is asked of the daemon.
  const dir = normalize(output, ctx.shell.cwd).replace(/\/[^/]*$/, '') || '/';
  const what = verb === 'save' ? 'failed to save image' : 'failed to export container';
  const shown = output.replace(/\/+$/, '').replace(/\/[^/]*$/, '');
  if (output.includes('/') && !isDir(ctx, dir)) {
    ctx.io.err(`${what}: invalid output path: directory ${JSON.stringify(shown || '/')} does not exist\n`);
    return 1;
  }
  if (isDir(ctx, normalize(output, ctx.shell.cwd))) {
    ctx.io.err(`${what}: open ${output}: is a directory\n`);
    return 1;
  }
  let chunks: Uint8Array[];
  try {
    chunks = await produce();
  } catch (e) {
    return reportError(ctx, e);
  }
  await writeArchive(ctx, output, chunks);
  // And a copy on the learner's own computer: a download in the browser, a file for the Node runner.
  await ctx.outside?.save(output.slice(output.lastIndexOf('/') + 1), chunks);
  return 0;
}
