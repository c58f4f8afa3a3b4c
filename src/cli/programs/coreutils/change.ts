// Writing through the shell's filesystem: each change runs inside the command's transaction and hands
// back the overlay events (copy-up, whiteout…) it caused; a refused operation changes nothing.

import { FsError } from '../../../engine/errors';
import type { FsEvent, Upper } from '../../../engine/fs/upper';
import type { ProgramContext } from '../../types';

/** Runs `fn` on the upper; an FsError comes back as a value (the Upper changed nothing then). */
export async function tryChange(
  ctx: ProgramContext,
  fn: (u: Upper) => FsEvent[],
  path?: string,
): Promise<FsEvent[] | FsError> {
  // The Upper would read '' as '/'; for the kernel the empty name is ENOENT.
  if (path === '') return new FsError('ENOENT', path);
  return ctx.fs.change((u) => {
    try {
      return fn(u);
    } catch (e) {
      if (e instanceof FsError) return e;
      throw e;
    }
  });
}

/** Owner of what the shell's user creates. */
export function owner(ctx: ProgramContext): { uid: number; gid: number } {
  return { uid: ctx.shell.user.uid, gid: ctx.shell.user.gid };
}
