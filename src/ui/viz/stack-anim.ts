// What the stack view animates for a batch of cues, decided without the DOM: which cues concern the
// focused stack, merged into steps (a file created then written is one "+name" chip), at most a limit
// of them one by one and a count for the rest; and how a pull layer's status is shown.

import type { PullStatus } from '../../engine/events';
import type { Cue, PullLayerView } from './live.svelte';
import type { Focus } from './model';

export type StepKind =
  'copy-up' | 'whiteout' | 'opaque' | 'write' | 'remove' | 'upper-new' | 'commit' | 'http';

/** One thing the overlay shows: a chip, a slide, a flash. */
export interface Step {
  readonly kind: StepKind;
  readonly seq: number;
  readonly path: string;
  /** The file's base name, as the chip prints it. */
  readonly name: string;
  readonly bytes: number | null;
  /** copy-up: the source layer; http: the serving layer. */
  readonly layer: number | null;
  readonly imageId: string | null;
  readonly chainId: string | null;
}

export interface Plan {
  /** Animated one by one, oldest first. */
  readonly steps: readonly Step[];
  /** Changes to the focused stack past the limit (and any the Live dropped), summed up in one chip. */
  readonly more: number;
  /** Pull layers to flash: the ids whose cue says they already exist, or arrived. */
  readonly exists: readonly string[];
  readonly arrived: readonly string[];
  /** The highest seq looked at: the view's new "seen". */
  readonly seen: number;
}

export function baseName(path: string): string {
  const parts = path.split('/').filter(Boolean);
  return parts.at(-1) ?? '/';
}

function toStep(c: Cue): Step | null {
  const kind: StepKind | null =
    c.kind === 'create' ? 'write' : c.kind === 'layer-arrived' || c.kind === 'layer-exists' ? null : c.kind;
  if (!kind) return null;
  return {
    kind,
    seq: c.seq,
    path: c.path ?? '',
    name: c.path ? baseName(c.path) : '',
    bytes: c.bytes ?? null,
    layer: c.layer ?? null,
    imageId: c.imageId ?? null,
    chainId: c.chainId ?? null,
  };
}

/**
 * The batch of `cues` (seq > seen and <= upTo) as steps for the focused stack: container cues only when
 * the focus is that container; a write right after the copy-up or creation of the same path joins it.
 */
export function planCues(
  cues: readonly Cue[],
  seen: number,
  upTo: number,
  focus: Focus | null,
  limit: number,
): Plan {
  const fresh = cues.filter((c) => c.seq > seen && c.seq <= upTo);
  // Cues the Live no longer keeps (a burst longer than its memory) are counted, not shown.
  const dropped = fresh.length ? Math.max(0, (fresh[0] as Cue).seq - seen - 1) : Math.max(0, upTo - seen);
  const exists: string[] = [];
  const arrived: string[] = [];
  const mine: Step[] = [];
  for (const c of fresh) {
    if (c.kind === 'layer-exists') {
      if (c.path) exists.push(c.path);
      continue;
    }
    if (c.kind === 'layer-arrived') {
      if (c.path) arrived.push(c.path);
      continue;
    }
    if (focus?.kind !== 'container' || c.containerId !== focus.id) continue;
    const step = toStep(c);
    if (!step) continue;
    const prev = mine.at(-1);
    if (
      step.kind === 'write' &&
      c.kind === 'write' &&
      prev &&
      prev.path === step.path &&
      (prev.kind === 'copy-up' || prev.kind === 'write')
    ) {
      // One chip per file: "+name" with the bytes written, or the copy-up with its bytes copied.
      if (prev.kind === 'write') mine[mine.length - 1] = { ...prev, bytes: step.bytes };
      continue;
    }
    mine.push(step);
  }
  const steps = mine.slice(0, limit);
  const lost = focus?.kind === 'container' ? dropped : 0;
  return {
    steps,
    more: mine.length - steps.length + lost,
    exists,
    arrived,
    seen: Math.max(seen, upTo),
  };
}

export type PullPhase = 'waiting' | 'downloading' | 'downloaded' | 'extracting' | 'complete' | 'exists';

export function pullPhase(status: PullStatus | 'Pending'): PullPhase {
  switch (status) {
    case 'Already exists':
      return 'exists';
    case 'Downloading':
      return 'downloading';
    case 'Verifying Checksum':
    case 'Download complete':
      return 'downloaded';
    case 'Extracting':
      return 'extracting';
    case 'Pull complete':
      return 'complete';
    default:
      return 'waiting';
  }
}

/** Progress of a downloading or extracting layer, 0…1, or null when it has no bar. */
export function pullFraction(l: Pick<PullLayerView, 'status' | 'current' | 'total'>): number | null {
  const phase = pullPhase(l.status);
  if (phase !== 'downloading' && phase !== 'extracting') return null;
  if (l.total <= 0) return 0;
  return Math.min(1, Math.max(0, l.current / l.total));
}
