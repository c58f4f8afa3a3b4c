// The image explorer's stack: the local images, one image's layers bottom first with the instruction
// behind each, and the combined view up to a layer. Pure: no DOM, tested in Node against a real engine.

import type { Engine } from '../../../engine/engine';
import { Layer } from '../../../engine/fs/layer';
import { Union } from '../../../engine/fs/union';
import type { ImageId } from '../../../engine/ids';
import type { ImageRec } from '../../../engine/state';
import { imageName, layerInstructions, shortId } from '../model';
import { shortInstruction } from '../narrator';

export interface ExplorerImage {
  readonly id: ImageId;
  readonly name: string;
  readonly layers: number;
}

/** Every local image (pulled, committed, built or loaded), by name. */
export function explorerImages(engine: Engine): ExplorerImage[] {
  return [...engine.state.images.values()]
    .map((img) => ({ id: img.id, name: imageName(engine, img), layers: img.diffIds.length }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface ExplorerLayer {
  /** Bottom = 0. */
  readonly index: number;
  readonly instruction: string;
  /** The instruction as the stack view says it (at most 40 characters). */
  readonly short: string;
  readonly diffId: string;
  readonly chainId: string;
  readonly size: number;
  readonly entries: number;
}

/** An image opened for exploring: its layers bottom first, and its merged views. */
export interface ImageStack {
  readonly image: ImageRec;
  readonly name: string;
  readonly layers: readonly ExplorerLayer[];
  /** The layers' changesets, bottom first (an unknown ChainID counts as an empty layer). */
  readonly changesets: readonly Layer[];
}

export function imageStack(engine: Engine, id: ImageId): ImageStack | null {
  const image = engine.state.images.get(id);
  if (!image) return null;
  const chainIds = engine.chainIdsOf(image.diffIds);
  const instructions = layerInstructions(image, chainIds.length);
  const changesets = chainIds.map((c) => engine.state.layers.get(c)?.layer ?? Layer.EMPTY);
  const layers = chainIds.map((chainId, index) => {
    const instruction = instructions[index] ?? '';
    const layer = changesets[index] as Layer;
    return {
      index,
      instruction,
      short: shortInstruction(instruction),
      diffId: image.diffIds[index] ?? '',
      chainId,
      size: layer.size,
      entries: layer.count,
    };
  });
  return { image, name: imageName(engine, image), layers, changesets };
}

// A ChainID names a whole stack from the bottom, so it keys the union of layers 0..k. A few are kept.
const unions = new Map<string, Union>();
export const KEEP_UNIONS = 32;

/** The union of layers 0..k: what the image looks like up to layer k. */
export function combinedView(stack: ImageStack, k: number): Union {
  const chainId = stack.layers[k]?.chainId;
  if (!chainId) return new Union([]);
  let u = unions.get(chainId);
  if (u && u.layers.every((l, i) => l === stack.changesets[i])) return u;
  u = new Union(stack.changesets.slice(0, k + 1));
  if (unions.size >= KEEP_UNIONS) unions.delete(unions.keys().next().value as string);
  unions.set(chainId, u);
  return u;
}

/** The image's final view (all its layers). */
export const finalView = (stack: ImageStack): Union => combinedView(stack, stack.layers.length - 1);

export const shortDiffId = (id: string): string => shortId(id);
