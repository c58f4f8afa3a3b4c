// A container's filesystem as the processes inside see it: every change goes through the Upper (so
// copy-up and whiteouts happen), is recorded in the command's transaction, and is announced as events.

import type { Core } from '../core';
import type { FsEvent } from '../fs/upper';
import type { Upper } from '../fs/upper';
import type { FsChange } from '../events';
import type { ContainerRec } from '../state';
import { BIND_MOUNTS } from './init-layer';

const MUTATORS = new Set([
  'writeFile',
  'mkdir',
  'unlink',
  'rmdir',
  'remove',
  'rename',
  'copy',
  'symlink',
  'link',
  'chmod',
  'chown',
  'utimes',
]);

/** The upper, with every change it makes announced as an `fs` event (copy-up, whiteout, opaque…). */
function announcing(core: Core, ctr: ContainerRec, upper: Upper): Upper {
  return new Proxy(upper, {
    get(target, prop, _receiver) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (typeof prop !== 'string' || !MUTATORS.has(prop)) return v.bind(target);
      return (...args: unknown[]) => {
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        if (Array.isArray(out)) announce(core, ctr, out as FsEvent[]);
        return out;
      };
    },
  });
}

/**
 * Runs `fn` on the container's upper inside the command under way: the upper is restored if the
 * command rolls back, and every change is announced as it happens.
 */
export function changeFs<T>(core: Core, ctr: ContainerRec, fn: (upper: Upper) => T): T {
  const tx = core.tx();
  const snapshot = ctr.upper.clone();
  tx.touch(ctr, 'containers', ctr.id, () => ({ upper: snapshot }));
  return fn(announcing(core, ctr, ctr.upper));
}

/** Announces what an Upper operation did, in the event vocabulary of the screen. */
export function announce(core: Core, ctr: ContainerRec, events: readonly FsEvent[]): void {
  for (const e of events) core.events.emit({ type: 'fs', id: ctr.id, change: e as FsChange });
}

/** Whether a path is a bind mount (its writes go to the host's file, never to the writable layer). */
export function isBindMount(path: string): boolean {
  return BIND_MOUNTS.has(path);
}
