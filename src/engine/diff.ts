// docker diff: what a container changed, less the init layer's bind mounts (/etc/hosts and the like),
// which are the container's own and never part of a commit. Kept apart from ./commit.ts, whose tar and
// digest code is loaded only when a container is committed.

import type { Core } from './core';
import { findContainer } from './containers';
import type { Layer } from './fs/layer';
import { isBindMount } from './runtime/container-fs';
import type { ContainerRec } from './state';

/** The container's changes as `docker diff` lists them, bind mounts left out. */
export function containerDiff(core: Core, text: string): { kind: 'A' | 'C' | 'D'; path: string }[] {
  const ctr = findContainer(core, text);
  return ctr.upper.diff().filter((d) => !isBindMount(d.path));
}

/** The writable layer as a layer: what commit and `docker diff` see (no bind-mounted files). */
export function upperLayer(ctr: ContainerRec): Layer {
  return ctr.upper.toLayer((path) => !isBindMount(path));
}
