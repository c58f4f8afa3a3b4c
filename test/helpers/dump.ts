// A canonical picture of a host's whole state, for comparing "before" and "after" in tests.

import { createHash } from 'node:crypto';
import type { Engine } from '../../src/engine/engine';
import type { Entry } from '../../src/engine/fs/entry';

function entryText(e: Entry): string {
  const meta = `${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.mtime}`;
  switch (e.type) {
    case 'file':
      // A fill is fully described by its size and seed; hashing its bytes would only cost time.
      return e.content.kind === 'fill'
        ? `file ${meta} fill:${e.content.size}:${e.content.seed}`
        : `file ${meta} ${createHash('sha256').update(e.content.bytes).digest('hex').slice(0, 16)}`;
    case 'dir':
      return `dir ${meta}${e.opaque ? ' opaque' : ''}`;
    case 'symlink':
    case 'hardlink':
      return `${e.type} ${meta} -> ${e.target}`;
    default:
      return `${e.type} ${meta}`;
  }
}

export function dumpEntries(entries: Iterable<[string, Entry]>): string[] {
  return [...entries].map(([p, e]) => `${p} ${entryText(e)}`).sort();
}

export function dumpHost(engine: Engine): unknown {
  const s = engine.state;
  return {
    tags: [...s.tags].sort(),
    images: [...s.images.values()]
      .map((i) => ({
        id: i.id,
        diffIds: i.diffIds,
        parent: i.parent,
        repoDigests: i.repoDigests,
        origin: i.origin,
        lastTagTime: i.lastTagTime,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    layers: [...s.layers.values()]
      .map((l) => ({
        chainId: l.chainId,
        diffId: l.diffId,
        parent: l.parent,
        size: l.size,
        cacheId: l.cacheId,
        entries: dumpEntries(l.layer.entries),
      }))
      .sort((a, b) => a.chainId.localeCompare(b.chainId)),
    blobs: [...s.blobs.keys()].sort(),
    containers: [...s.containers.values()]
      .map((c) => ({
        id: c.id,
        name: c.name,
        imageId: c.imageId,
        state: c.state,
        ports: c.boundPorts,
        logs: c.logs.length,
        upper: dumpEntries(c.upper.entries),
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}
