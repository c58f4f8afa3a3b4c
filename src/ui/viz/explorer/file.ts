// One version of a file, for the image explorer's line diff: where it lives (stack and layer) and its
// content as capped UTF-8 text, or its size and sha256 when binary. Pure: no DOM.

import type { Engine } from '../../../engine/engine';
import { contentChunks } from '../../../engine/fs/content';
import type { Entry } from '../../../engine/fs/entry';
import { entrySize } from '../../../engine/fs/entry';
import { viewBelow } from '../model';
import { MAX_BYTES } from '../text-diff';
import type { ImageStack } from './stack';
import { finalView } from './stack';

export type FileText =
  | { readonly kind: 'text'; readonly text: string; readonly size: number; readonly capped: boolean }
  | { readonly kind: 'binary'; readonly size: number; readonly sha256: string }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'none' };

/** Where a version of a file lives: the stack and the layer that holds it. */
export interface FileSide {
  readonly stack: ImageStack;
  readonly layer: number;
  readonly path: string;
}

/** A diff the learner opened: one path, its older version and its newer one (either may be missing). */
export interface DiffRequest {
  readonly path: string;
  readonly before: FileSide | null;
  readonly after: FileSide | null;
}

/** The entry a side names, a hard link followed to its file in the same layer. */
function sideEntry(side: FileSide): Entry | undefined {
  const layer = side.stack.changesets[side.layer];
  const e = layer?.get(side.path);
  if (e?.type === 'hardlink') return layer?.get(e.target);
  return e;
}

const looksBinary = (bytes: Uint8Array) => bytes.subarray(0, 8000).includes(0);

/**
 * A file version's content for the diff: text (at most MAX_BYTES of it) when it is valid UTF-8 without
 * NUL bytes; otherwise its size and sha256. Virtual fills are big binaries and are never decoded.
 */
export function readVersion(engine: Engine, side: FileSide): FileText {
  const e = sideEntry(side);
  if (!e) return { kind: 'none' };
  if (e.type === 'symlink') return { kind: 'symlink', target: e.target };
  if (e.type !== 'file') return { kind: 'none' };
  const size = entrySize(e);
  const c = e.content;
  if (c.kind === 'bytes' && !looksBinary(c.bytes)) {
    const capped = c.bytes.length > MAX_BYTES;
    const text = decodeText(capped ? c.bytes.subarray(0, MAX_BYTES) : c.bytes, capped);
    if (text !== null) return { kind: 'text', text, size, capped };
  }
  const h = engine.platform.sha256();
  for (const chunk of contentChunks(c)) h.update(chunk);
  return { kind: 'binary', size, sha256: h.hex() };
}

/** UTF-8 text, or null when the bytes are not; a cut may split the last character, so allow that. */
function decodeText(bytes: Uint8Array, cut: boolean): string | null {
  for (let trim = 0; trim <= (cut ? 3 : 0); trim++) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - trim));
    } catch {
      // try one byte shorter
    }
  }
  return null;
}

/** The version of `path` that layer `k` modifies: the one the layers below it supply. */
export function lowerSide(stack: ImageStack, k: number, path: string): FileSide | null {
  const f = viewBelow(finalView(stack), k).lookup(path);
  return f ? { stack, layer: f.layer, path } : null;
}

/** The version of `path` an image's final view shows. */
export function finalSide(stack: ImageStack, path: string): FileSide | null {
  const f = finalView(stack).lookup(path);
  return f ? { stack, layer: f.layer, path } : null;
}
