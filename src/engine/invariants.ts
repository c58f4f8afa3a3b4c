// What must hold after any sequence of commands. Tests and fuzzers call this; an empty list is health.

import type { Core } from './core';
import type { ChainId } from './ids';
import { usedChainIds } from './layers';

export function checkInvariants(core: Core, opts: { afterPrune?: boolean } = {}): string[] {
  const { state } = core;
  const bad: string[] = [];
  for (const [tag, id] of state.tags)
    if (!state.images.has(id)) bad.push(`tag ${tag} names missing image ${id}`);
  for (const img of state.images.values()) {
    const chain = core.chainIdsOf(img.diffIds);
    chain.forEach((c, i) => {
      const rec = state.layers.get(c);
      if (!rec) bad.push(`image ${img.id} misses layer ${c}`);
      else if (rec.diffId !== img.diffIds[i])
        bad.push(`layer ${c} has diffID ${rec.diffId}, image says ${img.diffIds[i]}`);
    });
    if (!state.blobs.has(img.id)) bad.push(`image ${img.id} has no config blob`);
    if (img.config.rootfs.diff_ids.length !== img.diffIds.length)
      bad.push(`image ${img.id} config and record disagree on layers`);
  }
  for (const [c, rec] of state.layers) {
    if (rec.chainId !== c) bad.push(`layer stored under ${c} says it is ${rec.chainId}`);
    if (rec.parent && !state.layers.has(rec.parent))
      bad.push(`layer ${c} stands on missing parent ${rec.parent}`);
    if (rec.size !== rec.layer.size) bad.push(`layer ${c} records size ${rec.size}, holds ${rec.layer.size}`);
  }
  // Reference counts: every layer is used by an image or container, unless kept from a cancelled pull
  // (as Docker keeps them) — which a prune removes.
  const used = usedChainIds(core);
  if (opts.afterPrune)
    for (const c of state.layers.keys())
      if (!used.has(c as ChainId)) bad.push(`layer ${c} has no users after prune`);
  for (const ctr of state.containers.values()) {
    if (!state.images.has(ctr.imageId)) {
      for (const c of core.chainIdsOf(ctr.diffIds))
        if (!state.layers.has(c)) bad.push(`container ${ctr.id} lost layer ${c}`);
    }
    if (ctr.state.status !== 'running' && ctr.state.status !== 'paused' && ctr.boundPorts.length)
      bad.push(`stopped container ${ctr.name} holds ports`);
  }
  const names = new Set<string>();
  for (const ctr of state.containers.values()) {
    if (names.has(ctr.name)) bad.push(`two containers are named ${ctr.name}`);
    names.add(ctr.name);
  }
  const ports = new Set<number>();
  for (const ctr of state.containers.values())
    for (const p of new Set(ctr.boundPorts.map((b) => b.hostPort))) {
      if (ports.has(p)) bad.push(`host port ${p} bound twice`);
      ports.add(p);
    }
  for (const key of state.blobs.keys())
    if (!state.images.has(key as never)) bad.push(`blob ${key} belongs to no image`);
  return bad;
}
