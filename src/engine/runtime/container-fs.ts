// A container's filesystem as the processes inside see it: every change goes through the Upper (so
// copy-up and whiteouts happen), is recorded in the command's transaction, and is announced as events.

import type { Core } from '../core';
import type { FsEvent } from '../fs/upper';
import { Upper } from '../fs/upper';
import type { FsChange } from '../events';
import type { ContainerRec } from '../state';
import { BIND_MOUNTS } from './init-layer';

/** Runs `fn` on the container's upper; the upper is restored if the command later rolls back. */
export function changeFs<T>(core: Core, ctr: ContainerRec, fn: (upper: Upper) => T): T {
  const tx = core.tx();
  const before = ctr.upper;
  const snapshot = before.clone();
  tx.touch(ctr, 'containers', ctr.id, () => ({ upper: snapshot }));
  const out = fn(before);
  return out;
}

/** Announces what an Upper operation did, in the event vocabulary of the screen. */
export function announce(core: Core, ctr: ContainerRec, events: readonly FsEvent[]): void {
  for (const e of events) core.events.emit({ type: 'fs', id: ctr.id, change: e as FsChange });
}

/** Whether a path is a bind mount (its writes go to the host's file, never to the writable layer). */
export function isBindMount(path: string): boolean {
  return BIND_MOUNTS.has(path);
}
