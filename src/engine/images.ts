// Images: lookup by reference or id prefix, tag, rmi with Docker's conflict rules, prune, history.

import type { Core } from './core';
import { DockerError } from './errors';
import type { ImageId } from './ids';
import { shortId } from './ids';
import { releaseLayers, usedChainIds } from './layers';
import { familiarTagged, parseReference } from './reference';
import type { ImageRec } from './state';

/** Points a tag at an image; the image it left keeps its other tags or becomes dangling. */
export function setTag(core: Core, tag: string, imageId: ImageId): void {
  const { state } = core;
  const tx = core.tx();
  const before = state.tags.get(tag);
  if (before === imageId) return;
  if (before) core.events.emit({ type: 'image-untagged', imageId: before, tag });
  tx.set(state.tags, tag, imageId, 'tags');
  const img = state.images.get(imageId);
  if (img) {
    tx.touch(img, 'images', imageId, () => ({ lastTagTime: img.lastTagTime }));
    img.lastTagTime = core.platform.clock.now();
  }
  core.events.emit({ type: 'image-tagged', imageId, tag });
}

export function notFoundImage(ref: string): DockerError {
  return new DockerError(`No such image: ${ref}`, 'notFound');
}

const HEX_PREFIX = /^(sha256:)?[0-9a-f]{1,64}$/;

/** Finds an image the way the daemon does: by reference (`:latest` added), then by id or id prefix. */
export function findImage(core: Core, text: string): ImageRec {
  const { state } = core;
  const byId = /^sha256:[0-9a-f]{64}$/.test(text) ? state.images.get(text as ImageId) : undefined;
  if (byId) return byId;
  let tagKey: string | undefined;
  try {
    const ref = parseReference(text);
    if (ref.digest) {
      const wanted = `${familiarTagged({ ...ref, tag: undefined }).split('@')[0]}@${ref.digest}`;
      for (const img of state.images.values()) if (img.repoDigests.includes(wanted)) return img;
    } else {
      tagKey = familiarTagged(ref);
      const id = state.tags.get(tagKey);
      if (id) {
        const img = state.images.get(id);
        if (img) return img;
      }
    }
  } catch (e) {
    if (!HEX_PREFIX.test(text)) throw e;
  }
  if (HEX_PREFIX.test(text)) {
    const hex = text.replace(/^sha256:/, '');
    const hits = [...state.images.values()].filter((i) => i.id.slice(7).startsWith(hex));
    if (hits.length === 1) return hits[0] as ImageRec;
    if (hits.length > 1)
      throw new DockerError(`multiple IDs found with provided prefix: ${text}`, 'conflict');
  }
  throw notFoundImage(tagKey ?? text);
}

/** `docker tag SOURCE TARGET` */
export function tagImage(core: Core, source: string, target: string): void {
  const img = findImage(core, source);
  const ref = parseReference(target);
  if (ref.digest) throw new DockerError('refusing to create a tag with a digest reference', 'invalid');
  setTag(core, familiarTagged(ref), img.id);
}

export type RmiRecord = { untagged: string } | { deleted: string };

const isIdRef = (img: ImageRec, text: string) => {
  const hex = text.replace(/^sha256:/, '');
  return HEX_PREFIX.test(text) && img.id.slice(7).startsWith(hex);
};

type Conflict = 'hard' | 'soft';

function conflictOf(
  core: Core,
  img: ImageRec,
  kinds: Set<'child' | 'running' | 'reference' | 'stopped'>,
): [Conflict, string] | null {
  const id12 = shortId(img.id);
  if (kinds.has('child') && core.state.childrenOf(img.id).length > 0)
    return [
      'hard',
      `conflict: unable to delete ${id12} (cannot be forced) - image has dependent child images`,
    ];
  const ctrs = core.state.containersOf(img.id);
  const running = ctrs.find(
    (c) => c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting',
  );
  if (kinds.has('running') && running)
    return [
      'hard',
      `conflict: unable to delete ${id12} (cannot be forced) - image is being used by running container ${shortId(running.id)}`,
    ];
  if (kinds.has('reference') && core.state.tagsOf(img.id).length > 0)
    return [
      'soft',
      `conflict: unable to delete ${id12} (must be forced) - image is referenced in multiple repositories`,
    ];
  const stopped = ctrs.find((c) => c !== running);
  if (kinds.has('stopped') && stopped)
    return [
      'soft',
      `conflict: unable to delete ${id12} (must be forced) - image is being used by stopped container ${shortId(stopped.id)}`,
    ];
  return null;
}

/** True when every tag of the image lies in one repository (moby's isSingleReference). */
function singleRepository(tags: string[]): boolean {
  const repos = new Set(tags.map((t) => t.slice(0, t.lastIndexOf(':'))));
  return repos.size <= 1;
}

/** `docker rmi` of one argument, with moby's daemon/images/image_delete.go rules. */
export function removeImage(core: Core, text: string, force: boolean, prune = true): RmiRecord[] {
  const { state } = core;
  const tx = core.tx();
  const img = findImage(core, text);
  const records: RmiRecord[] = [];
  const tags = state.tagsOf(img.id);
  if (!isIdRef(img, text)) {
    const tagKey = familiarTagged(parseReference(text));
    if (!force && singleRepository(tags) && tags.length <= 1) {
      const user = state.containersOf(img.id)[0];
      if (user) {
        throw new DockerError(
          `conflict: unable to remove repository reference "${text}" (must force) - container ${shortId(user.id)} is using its referenced image ${shortId(img.id)}`,
          'conflict',
        );
      }
    }
    tx.delete(state.tags, tagKey, 'tags');
    core.events.emit({ type: 'image-untagged', imageId: img.id, tag: tagKey });
    records.push({ untagged: tagKey });
    if (state.tagsOf(img.id).length > 0) return records;
    untagDigests(core, img, records);
    // Having removed the last name, a conflict (a child image, a container) just leaves it dangling.
    deleteHelper(core, img, force, prune, true, records);
    return records;
  } else if (singleRepository(tags)) {
    const kinds = new Set<'child' | 'running' | 'reference' | 'stopped'>(['child', 'running']);
    if (!force) kinds.add('stopped');
    const c = conflictOf(core, img, kinds);
    if (c) throw new DockerError(c[1], 'conflict');
    for (const t of tags) {
      tx.delete(state.tags, t, 'tags');
      core.events.emit({ type: 'image-untagged', imageId: img.id, tag: t });
      records.push({ untagged: t });
    }
    untagDigests(core, img, records);
  }
  deleteHelper(core, img, force, prune, false, records);
  return records;
}

function untagDigests(core: Core, img: ImageRec, records: RmiRecord[]): void {
  if (img.repoDigests.length === 0) return;
  core.tx().touch(img, 'images', img.id, () => ({ repoDigests: img.repoDigests }));
  for (const d of img.repoDigests) records.push({ untagged: d });
  img.repoDigests = [];
}

function deleteHelper(
  core: Core,
  img: ImageRec,
  force: boolean,
  prune: boolean,
  quiet: boolean,
  records: RmiRecord[],
): void {
  const { state } = core;
  const kinds = new Set<'child' | 'running' | 'reference' | 'stopped'>(['child', 'running']);
  if (!force) {
    kinds.add('reference');
    kinds.add('stopped');
  }
  const c = conflictOf(core, img, kinds);
  if (c) {
    if (quiet) return;
    throw new DockerError(c[1], 'conflict');
  }
  const tx = core.tx();
  tx.delete(state.images, img.id, 'images');
  tx.delete(state.blobs, img.id, 'blobs');
  core.events.emit({ type: 'image-removed', imageId: img.id });
  records.push({ deleted: img.id });
  for (const chainId of releaseLayers(core, img.diffIds, usedChainIds(core)))
    records.push({ deleted: chainId });
  if (!prune || !img.parent) return;
  const parent = state.images.get(img.parent);
  if (parent && state.tagsOf(parent.id).length === 0 && parent.repoDigests.length === 0)
    deleteHelper(core, parent, false, true, true, records);
}

/** `docker image prune` (dangling only unless all): returns the records and the bytes reclaimed. */
export function pruneImages(core: Core, all: boolean): { records: RmiRecord[]; reclaimed: number } {
  const { state } = core;
  const records: RmiRecord[] = [];
  let reclaimed = 0;
  const before = new Set(state.layers.keys());
  const sizeOf = new Map([...state.layers].map(([k, v]) => [k, v.size]));
  let changed = true;
  while (changed) {
    changed = false;
    for (const img of [...state.images.values()]) {
      if (!state.images.has(img.id)) continue;
      const tags = state.tagsOf(img.id);
      if (state.containersOf(img.id).length > 0 || state.childrenOf(img.id).length > 0) continue;
      if (!all && (tags.length > 0 || img.repoDigests.length > 0)) continue; // not dangling
      for (const t of tags) {
        core.tx().delete(state.tags, t, 'tags');
        records.push({ untagged: t });
      }
      untagDigests(core, img, records);
      deleteHelper(core, img, false, false, true, records);
      changed = true;
    }
  }
  for (const c of before) if (!state.layers.has(c)) reclaimed += sizeOf.get(c) ?? 0;
  // Layers left behind by a cancelled pull belong to no image: prune them too.
  const used = usedChainIds(core);
  for (const [c, rec] of [...state.layers]) {
    if (used.has(c)) continue;
    core.tx().delete(state.layers, c, 'layers');
    reclaimed += rec.size;
    records.push({ deleted: c });
  }
  return { records, reclaimed };
}

export interface HistoryRow {
  id: string; // image id, or '<missing>'
  created: string;
  createdBy: string;
  size: number;
  comment: string;
  emptyLayer: boolean;
}

/** `docker history`: newest first; the top row carries the image id, recorded parents theirs. */
export function imageHistory(core: Core, text: string): HistoryRow[] {
  const img = findImage(core, text);
  const hist = img.config.history ?? [];
  const layers = core.chainIdsOf(img.diffIds).map((c) => core.state.layers.get(c));
  // Which image id goes on which history row: walk recorded parents down the chain.
  const idAt = new Map<number, string>();
  let cur: ImageRec | undefined = img;
  while (cur) {
    idAt.set((cur.config.history ?? []).length - 1, cur.id);
    cur = cur.parent ? core.state.images.get(cur.parent) : undefined;
  }
  let layerIndex = 0;
  const rows: HistoryRow[] = hist.map((h, i) => {
    const empty = !!h.empty_layer;
    const size = empty ? 0 : (layers[layerIndex++]?.size ?? 0);
    return {
      id: idAt.get(i) ?? '<missing>',
      created: h.created ?? '',
      createdBy: h.created_by ?? '',
      size,
      comment: h.comment ?? '',
      emptyLayer: empty,
    };
  });
  return rows.reverse();
}

/** Total size of an image: the sum of its layers' sizes. */
export function imageSize(core: Core, img: ImageRec): number {
  let total = 0;
  for (const c of core.chainIdsOf(img.diffIds)) total += core.state.layers.get(c)?.size ?? 0;
  return total;
}
