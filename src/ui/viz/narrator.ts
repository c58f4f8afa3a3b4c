// Every change the pictures animate, said in words for the aria-live region (and for anyone who looks
// away from the animation): "index.html copied up from layer 2 (RUN …) into the container layer, 615 B".

import type { Engine } from '../../engine/engine';
import type { BuildStepMark, EngineEvent } from '../../engine/events';
import type { ContainerId, ImageId } from '../../engine/ids';
import { t } from '../../i18n';
import { humanBytes } from './format';
import { imageName, shortId, stackModel } from './model';

/** How a layer of a container's stack is named in a sentence. */
export function layerPhrase(engine: Engine, containerId: string, index: number | null): string {
  if (index === null) return '';
  const stack = stackModel(engine, { kind: 'container', id: containerId as ContainerId });
  const layer = stack?.layers[index];
  if (!layer) return t('stack.layer', { n: index + 1 });
  if (layer.kind === 'upper') return t('stack.upper').toLowerCase();
  if (layer.kind === 'init') return t('stack.init').toLowerCase();
  const base = t('stack.layer', { n: layer.n }).toLowerCase();
  const how = shortInstruction(layer.instruction);
  return how ? `${base} (${how})` : base;
}

/** A history instruction short enough to say: `/bin/sh -c #(nop) ` dropped, at most 40 characters. */
export function shortInstruction(text: string): string {
  const s = text
    .replace(/^\/bin\/sh -c #\(nop\)\s*/, '')
    .replace(/^\/bin\/sh -c /, 'RUN ')
    .replace(/^RUN \/bin\/sh -c /, 'RUN ')
    .replace(/\s+/g, ' ')
    .trim();
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** A build step's name short enough to say: at most 60 characters. */
export function shortStep(name: string): string {
  const s = name.replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** How one finished build step is said: a cache hit, a new layer, or a step that changed nothing. */
export function describeStep(step: BuildStepMark): string {
  const name = shortStep(step.name);
  if (step.kind === 'FROM') return t('say.buildFrom', { name });
  if (step.cached) return t('say.buildCached', { name });
  return step.diffId
    ? t('say.buildRebuilt', { name, id: shortId(step.diffId) })
    : t('say.buildNoLayer', { name });
}

function containerName(engine: Engine, id: string): string {
  return engine.state.containers.get(id as ContainerId)?.name ?? shortId(id);
}

function imageLabel(engine: Engine, id: string): string {
  const img = engine.state.images.get(id as ImageId);
  return img ? imageName(engine, img) : shortId(id);
}

/** One sentence for one event, or null for events that say nothing new to a learner. */
export function describe(engine: Engine, e: EngineEvent): string | null {
  switch (e.type) {
    case 'fs': {
      const c = e.change;
      switch (c.type) {
        case 'copy-up':
          if (engine.state.containers.get(e.id)?.upper.get(c.path)?.type === 'dir')
            return t('say.copyUpDir', { path: c.path, layer: layerPhrase(engine, e.id, c.fromLayer) });
          return t('say.copyUp', {
            path: c.path,
            layer: layerPhrase(engine, e.id, c.fromLayer),
            size: humanBytes(c.bytes),
          });
        case 'whiteout': {
          const below = engine.state.containers.get(e.id)?.upper.lower.lookup(c.path);
          return below
            ? t('say.whiteout', { path: c.path, layer: layerPhrase(engine, e.id, below.layer) })
            : t('say.whiteoutNew', { path: c.path });
        }
        case 'opaque':
          return t('say.opaque', { path: c.path });
        case 'write':
          return t('say.write', { path: c.path, size: humanBytes(c.bytes) });
        case 'create':
          return t('say.create', { path: c.path });
        case 'remove':
          return t('say.remove', { path: c.path });
      }
      return null;
    }
    case 'pull-start':
      return t('say.pullStart', {
        ref: e.ref,
        count: e.layers.length,
        existing: e.layers.filter((l) => l.exists).length,
      });
    case 'pull-progress':
      if (e.status === 'Already exists') return t('say.layerExists', { id: e.id });
      if (e.status === 'Pull complete') return t('say.layerDone', { id: e.id });
      return null;
    case 'pull-done':
      return e.upToDate
        ? t('say.pullUpToDate', { ref: e.ref })
        : t('say.pullDone', { ref: e.ref, id: shortId(e.imageId) });
    case 'container-created': {
      const ctr = engine.state.containers.get(e.id);
      return t('say.created', { name: e.name, image: ctr?.imageRef ?? imageLabel(engine, e.imageId) });
    }
    case 'container-started':
      return t('say.started', { name: containerName(engine, e.id) });
    case 'container-stopped':
      return t('say.stopped', { name: containerName(engine, e.id), code: e.exitCode });
    case 'container-removed':
      return t('say.removed', { name: shortId(e.id) });
    case 'commit': {
      const name = containerName(engine, e.id);
      if (!e.chainId) return t('say.commitEmpty', { name, id: shortId(e.imageId) });
      const img = engine.state.images.get(e.imageId);
      return t('say.commit', {
        name,
        layer: img?.diffIds.length ?? '?',
        id: img ? imageName(engine, img) : shortId(e.imageId),
      });
    }
    case 'http':
      return e.layer === null
        ? t('say.httpNoFile', { path: e.path, status: e.status })
        : t('say.http', { path: e.path, status: e.status, layer: layerPhrase(engine, e.id, e.layer) });
    case 'image-removed':
      return t('say.imageRemoved', { id: shortId(e.imageId) });
    case 'layer-removed':
      return t('say.layerRemoved', { id: shortId(e.chainId) });
    case 'rolled-back':
      return t('say.rolledBack', { reason: e.reason });
    case 'build-step':
      return describeStep(e.step);
    case 'build-done': {
      const steps = e.steps.filter((s) => s.kind !== 'FROM');
      const cached = steps.filter((s) => s.cached).length;
      const counts = { cached, rebuilt: steps.length - cached };
      if (!e.imageId) return t('say.buildFailed', { count: steps.length, ...counts });
      return t('say.buildDone', { image: e.tags[0] ?? imageLabel(engine, e.imageId), ...counts });
    }
    default:
      return null;
  }
}

/**
 * Says a burst of events without drowning a screen reader: the first few filesystem changes of a
 * command one by one, then one line for the rest.
 */
export class Narrator {
  private fsSaid = 0;
  private fsMore = 0;
  private moreFor = '';
  /** A file just created, said together with the write that usually follows it. */
  private created: { id: string; path: string } | null = null;
  constructor(
    private readonly engine: Engine,
    private readonly limit = 5,
  ) {}

  /** The sentences for `e` now (none when said later in `flush`, or not worth saying). */
  take(e: EngineEvent): string[] {
    const out: string[] = [];
    const pending = this.created;
    if (pending) {
      this.created = null;
      const c = e.type === 'fs' ? e.change : null;
      if (c?.type === 'write' && c.path === pending.path && e.type === 'fs' && e.id === pending.id) {
        const line = t('say.createFile', { path: c.path, size: humanBytes(c.bytes) });
        return this.count(e.id) ? [line] : [];
      }
      if (this.count(pending.id)) out.push(t('say.create', { path: pending.path }));
    }
    if (e.type === 'fs' && e.change.type === 'create' && e.change.entryType === 'file') {
      this.created = { id: e.id, path: e.change.path };
      return out;
    }
    if (e.type === 'fs' && !this.count(e.id)) return out;
    const line = describe(this.engine, e);
    if (line) out.push(line);
    return out;
  }

  /** Whether one more filesystem change of container `id` may be said one by one. */
  private count(id: string): boolean {
    if (this.fsSaid < this.limit) {
      this.fsSaid += 1;
      return true;
    }
    this.fsMore += 1;
    this.moreFor = containerName(this.engine, id);
    return false;
  }

  /** Ends a burst: a file created last, and the summary of what was not said one by one. */
  flush(): string[] {
    const out: string[] = [];
    const pending = this.created;
    this.created = null;
    if (pending && this.count(pending.id)) out.push(t('say.create', { path: pending.path }));
    if (this.fsMore) out.push(t('say.more', { count: this.fsMore, name: this.moreFor }));
    this.fsSaid = 0;
    this.fsMore = 0;
    return out;
  }
}
