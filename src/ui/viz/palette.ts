// How a layer is told apart on screen: a colour token (theme.css) AND a short label, so colour is
// never the only signal. Image layers cycle through eight hues; init and the writable layer have their own.

import type { StackKind } from './model';

export const IMAGE_HUES = 8;

export interface LayerLook {
  /** CSS custom property holding the fill colour, e.g. `var(--layer-2)`. */
  readonly fill: string;
  /** Text colour that reads on the fill. */
  readonly ink: string;
  /** Short label shown in badges: L1, L2 … for image layers, "init", "RW" for the writable layer. */
  readonly badge: string;
  /** A pattern class for projectors and colour-blind eyes: image layers alternate stripes and dots. */
  readonly pattern: 'plain' | 'stripes' | 'dots' | 'checks';
}

export function layerLook(kind: StackKind, n: number): LayerLook {
  if (kind === 'upper')
    return { fill: 'var(--layer-upper)', ink: 'var(--layer-text)', badge: 'RW', pattern: 'checks' };
  if (kind === 'init')
    return { fill: 'var(--layer-init)', ink: 'var(--layer-text)', badge: 'init', pattern: 'dots' };
  const hue = (n - 1) % IMAGE_HUES;
  return {
    fill: `var(--layer-${hue})`,
    ink: 'var(--layer-text)',
    badge: `L${n}`,
    pattern: n % 2 === 0 ? 'stripes' : 'plain',
  };
}

/** The look of the layer at `index` in a stack of `kinds` (bottom first). */
export function lookAt(kinds: readonly StackKind[], index: number): LayerLook {
  const kind = kinds[index] ?? 'image';
  return layerLook(kind, index + 1);
}
