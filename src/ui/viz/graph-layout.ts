// Where the layer graph draws things, decided without the DOM: the layers form a forest by parent
// ChainID (d3-hierarchy's stratify), each ChainID is one box, stacks grow upward from their shared
// base and branch where images diverge. Above an image's top layer sit its name tag, then its
// containers (as a writable layer sits above its image in the stack view), then any layers built on
// top of it (a commit's new layer). Sizes are CSS pixels: the SVG is drawn at 1:1 and scrolls.

import { stratify, type HierarchyNode } from 'd3-hierarchy';
import type { GraphContainer, GraphImage, GraphLayer, GraphModel } from './graph';

export interface GraphMetrics {
  /** Width of a layer box, a tag and a container box. */
  readonly boxW: number;
  readonly layerH: number;
  readonly tagH: number;
  readonly containerH: number;
  /** Vertical space between things stacked in a column. */
  readonly gap: number;
  /** Horizontal space between columns. */
  readonly colGap: number;
  /** Margin round the whole picture. */
  readonly pad: number;
}

export const METRICS: GraphMetrics = {
  boxW: 230,
  layerH: 54,
  tagH: 36,
  containerH: 52,
  gap: 18,
  colGap: 36,
  pad: 16,
};

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly column: number;
}

export interface LaidLayer extends Box {
  readonly key: string;
  readonly layer: GraphLayer;
  /** How many local images stand on it. */
  readonly sharedBy: number;
}

export interface LaidImage extends Box {
  readonly key: string;
  readonly image: GraphImage;
}

export interface LaidContainer extends Box {
  readonly key: string;
  readonly container: GraphContainer;
  readonly imageId: string;
}

export interface LaidLink {
  readonly key: string;
  readonly kind: 'layer' | 'tag' | 'container';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly layers: readonly LaidLayer[];
  readonly images: readonly LaidImage[];
  readonly containers: readonly LaidContainer[];
  readonly links: readonly LaidLink[];
}

const ROOT = '\u0000root';
/** Room at the right of tags and containers for the line to the layers above them. */
const RAIL = 14;

interface Row {
  id: string;
  parent: string | null;
}

/** Lays out the graph model: pure, so tested in Node. */
export function layoutGraph(model: GraphModel, m: GraphMetrics = METRICS): GraphLayout {
  if (!model.layers.length)
    return { width: 2 * m.pad, height: 2 * m.pad, layers: [], images: [], containers: [], links: [] };

  const byChain = new Map(model.layers.map((l) => [l.chainId, l]));
  // Images standing on each top layer, in the model's order (oldest first).
  const imagesOn = new Map<string, GraphImage[]>();
  for (const img of model.images) {
    if (!img.top) continue;
    const list = imagesOn.get(img.top) ?? [];
    list.push(img);
    imagesOn.set(img.top, list);
  }
  // Branches are ordered by the oldest image using them, so the first pulled stack stands straight.
  const rank = new Map<string, number>();
  model.images.forEach((img, i) => {
    for (const l of model.layers)
      if (l.images.includes(img.id) && !rank.has(l.chainId)) rank.set(l.chainId, i);
  });

  const rows: Row[] = [
    { id: ROOT, parent: null },
    ...model.layers.map((l) => ({
      id: l.chainId,
      parent: l.parent && byChain.has(l.parent) ? l.parent : ROOT,
    })),
  ];
  const root = stratify<Row>()
    .id((r) => r.id)
    .parentId((r) => r.parent)(rows);
  root.sort((a, b) => (rank.get(a.id!) ?? 0) - (rank.get(b.id!) ?? 0) || (a.id! < b.id! ? -1 : 1));

  // Columns: a leaf takes the next free column, a layer stands in its first branch's column.
  const column = new Map<string, number>();
  let next = 0;
  root.eachAfter((n: HierarchyNode<Row>) => {
    if (n.id === ROOT) return;
    const first = n.children?.[0];
    column.set(n.id!, first ? column.get(first.id!)! : next++);
  });

  // Heights measured upward from the ground (the bottom edge of the base layers).
  const bottom = new Map<string, number>();
  const slot = (chain: string) => {
    const imgs = imagesOn.get(chain) ?? [];
    let h = 0;
    for (const img of imgs) {
      h += m.gap + m.tagH;
      h += img.containers.length * (m.gap + m.containerH);
    }
    return h;
  };
  let top = 0;
  root.eachBefore((n: HierarchyNode<Row>) => {
    if (n.id === ROOT) return;
    const parent = n.parent?.id;
    const base = parent && parent !== ROOT ? bottom.get(parent)! + m.layerH + slot(parent) + m.gap : 0;
    bottom.set(n.id!, base);
    top = Math.max(top, base + m.layerH + slot(n.id!));
  });

  const columns = next;
  const height = top + 2 * m.pad;
  const width = columns * m.boxW + (columns - 1) * m.colGap + 2 * m.pad;
  const xOf = (c: number) => m.pad + c * (m.boxW + m.colGap);
  // SVG y grows downward: flip.
  const yOf = (up: number, h: number) => height - m.pad - up - h;

  const layers: LaidLayer[] = [];
  const images: LaidImage[] = [];
  const containers: LaidContainer[] = [];
  const links: LaidLink[] = [];
  for (const l of model.layers) {
    const c = column.get(l.chainId)!;
    const up = bottom.get(l.chainId)!;
    const box = { x: xOf(c), y: yOf(up, m.layerH), w: m.boxW, h: m.layerH, column: c };
    layers.push({ key: l.chainId, layer: l, sharedBy: l.images.length, ...box });
    if (l.parent && byChain.has(l.parent)) {
      const pc = column.get(l.parent)!;
      const pUp = bottom.get(l.parent)!;
      links.push({
        key: `${l.parent}>${l.chainId}`,
        kind: 'layer',
        // Past a parent's tags and containers the line runs up the right edge, beside them.
        x1: xOf(pc) + (imagesOn.has(l.parent) ? m.boxW - RAIL : m.boxW / 2),
        y1: yOf(pUp, m.layerH),
        x2: box.x + (imagesOn.has(l.parent) && pc === c ? m.boxW - RAIL : m.boxW / 2),
        y2: box.y + m.layerH,
      });
    }
    // The tags and containers above this layer.
    let y = up + m.layerH;
    let below = box.y;
    for (const img of imagesOn.get(l.chainId) ?? []) {
      y += m.gap;
      const tag = { x: box.x, y: yOf(y, m.tagH), w: m.boxW - 2 * RAIL, h: m.tagH, column: c };
      images.push({ key: img.id, image: img, ...tag });
      links.push({
        key: `tag:${img.id}`,
        kind: 'tag',
        x1: box.x + 24,
        y1: below,
        x2: box.x + 24,
        y2: tag.y + m.tagH,
      });
      y += m.tagH;
      let under = tag.y;
      for (const ctr of img.containers) {
        y += m.gap;
        const cb = {
          x: box.x + 24,
          y: yOf(y, m.containerH),
          w: m.boxW - 24 - 2 * RAIL,
          h: m.containerH,
          column: c,
        };
        containers.push({ key: ctr.id, container: ctr, imageId: img.id, ...cb });
        links.push({
          key: `ctr:${ctr.id}`,
          kind: 'container',
          x1: box.x + 48,
          y1: under,
          x2: box.x + 48,
          y2: cb.y + m.containerH,
        });
        y += m.containerH;
        under = cb.y;
      }
      below = under;
    }
  }
  return { width, height, layers, images, containers, links };
}

/** "sha256:3a5f…" → "3a5f0c2b": short enough for a box, long enough to tell layers apart. */
export function shortDigest(id: string | null | undefined, n = 8): string {
  return (id ?? '').replace(/^sha256:/, '').slice(0, n);
}
