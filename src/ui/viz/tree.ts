// The union view's tree as a flat list of the rows on screen, and what each key does to it (the
// WAI-ARIA tree pattern). Pure: no DOM, no Svelte; the component renders the list and applies the moves.

import { t } from '../../i18n';
import type { StackLayer } from './model';

/** What the tree needs to know about an entry (model.ts's TreeRow has it all). */
export interface TreeNode {
  readonly path: string;
  readonly name: string;
  readonly hasChildren: boolean;
}

/** How many children of a directory are listed before a "show more" row. */
export const PAGE = 300;

export interface EntryLine<R extends TreeNode> {
  readonly kind: 'entry';
  readonly key: string;
  readonly row: R;
  /** 1 for the children of `/`. */
  readonly level: number;
  readonly setsize: number;
  readonly posinset: number;
  readonly expanded: boolean;
}

export interface MoreLine {
  readonly kind: 'more';
  readonly key: string;
  /** The directory whose children are cut short. */
  readonly dir: string;
  readonly level: number;
  readonly setsize: number;
  readonly posinset: number;
  /** Children not listed yet. */
  readonly rest: number;
  /** How many one more press lists. */
  readonly next: number;
}

export type Line<R extends TreeNode> = EntryLine<R> | MoreLine;

/** A directory's children are listed when it is expanded and it has some. */
export function isOpen<R extends TreeNode>(line: Line<R>): boolean {
  return line.kind === 'entry' && line.expanded;
}

export function canExpand<R extends TreeNode>(line: Line<R> | undefined): boolean {
  return line?.kind === 'entry' && line.row.hasChildren;
}

/**
 * The rows on screen, in reading order: the children of `root`, and under each expanded directory its
 * children (only those are asked for, so a collapsed tree costs one listing). A directory lists at
 * most `limits.get(dir) ?? PAGE` children, then a "show more" row.
 */
export function visibleLines<R extends TreeNode>(
  root: string,
  children: (dir: string) => readonly R[],
  expanded: ReadonlySet<string>,
  limits: ReadonlyMap<string, number> = new Map(),
): Line<R>[] {
  const out: Line<R>[] = [];
  const visit = (dir: string, level: number): void => {
    const kids = children(dir);
    const limit = Math.max(1, limits.get(dir) ?? PAGE);
    const shown = Math.min(kids.length, limit);
    const rest = kids.length - shown;
    const setsize = shown + (rest > 0 ? 1 : 0);
    for (let i = 0; i < shown; i++) {
      const row = kids[i] as R;
      const open = row.hasChildren && expanded.has(row.path);
      out.push({ kind: 'entry', key: row.path, row, level, setsize, posinset: i + 1, expanded: open });
      if (open) visit(row.path, level + 1);
    }
    if (rest > 0)
      out.push({
        kind: 'more',
        key: `more:${dir}`,
        dir,
        level,
        setsize,
        posinset: setsize,
        rest,
        next: Math.min(rest, PAGE),
      });
  };
  visit(root, 1);
  return out;
}

/** The index of the row's parent directory in `lines`, or -1 at the top level. */
export function parentIndex<R extends TreeNode>(lines: readonly Line<R>[], index: number): number {
  const line = lines[index];
  if (!line || line.level <= 1) return -1;
  for (let i = index - 1; i >= 0; i--) if ((lines[i] as Line<R>).level === line.level - 1) return i;
  return -1;
}

/** The directories to expand so that `path` is on screen: `/a/b/c` → `/a`, `/a/b`. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const out: string[] = [];
  let dir = '';
  for (const part of parts.slice(0, -1)) {
    dir += `/${part}`;
    out.push(dir);
  }
  return out;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export type TreeMove =
  | { readonly type: 'focus'; readonly index: number }
  | { readonly type: 'expand'; readonly path: string }
  | { readonly type: 'collapse'; readonly path: string }
  | { readonly type: 'select'; readonly path: string }
  | { readonly type: 'more'; readonly dir: string }
  | { readonly type: 'none' };

const NONE: TreeMove = { type: 'none' };

/**
 * What a key does on the row at `index` (the tree pattern): Up/Down move, Right expands or goes to
 * the first child, Left collapses or goes to the parent, Home/End, Enter/Space select (or show more),
 * a printable character jumps to the next row whose name starts with it.
 */
export function treeKey<R extends TreeNode>(lines: readonly Line<R>[], index: number, key: string): TreeMove {
  const last = lines.length - 1;
  if (last < 0) return NONE;
  const i = Math.min(Math.max(index, 0), last);
  const line = lines[i] as Line<R>;
  const focus = (to: number): TreeMove => (to === index ? NONE : { type: 'focus', index: to });
  switch (key) {
    case 'ArrowDown':
      return focus(Math.min(i + 1, last));
    case 'ArrowUp':
      return focus(Math.max(i - 1, 0));
    case 'Home':
      return focus(0);
    case 'End':
      return focus(last);
    case 'ArrowRight':
      if (line.kind !== 'entry' || !line.row.hasChildren) return NONE;
      if (!line.expanded) return { type: 'expand', path: line.row.path };
      return i < last && (lines[i + 1] as Line<R>).level > line.level ? focus(i + 1) : NONE;
    case 'ArrowLeft': {
      if (line.kind === 'entry' && line.expanded) return { type: 'collapse', path: line.row.path };
      const p = parentIndex(lines, i);
      return p < 0 ? NONE : focus(p);
    }
    case 'Enter':
    case ' ':
      return line.kind === 'entry'
        ? { type: 'select', path: line.row.path }
        : { type: 'more', dir: line.dir };
    default:
      if (key.length === 1 && key.trim() !== '') {
        const to = typeAhead(lines, i, key);
        return to < 0 ? NONE : focus(to);
      }
      return NONE;
  }
}

/** The next row after `index` (wrapping) whose name starts with `prefix`, case-insensitive; -1 if none. */
export function typeAhead<R extends TreeNode>(
  lines: readonly Line<R>[],
  index: number,
  prefix: string,
): number {
  const want = prefix.toLowerCase();
  const n = lines.length;
  for (let step = 1; step <= n; step++) {
    const j = (index + step) % n;
    const line = lines[j] as Line<R>;
    if (line.kind === 'entry' && line.row.name.toLowerCase().startsWith(want)) return j;
  }
  return -1;
}

/** Where keyboard focus sits when `wanted` is gone: its nearest ancestor on screen, else the first row. */
export function focusIndex<R extends TreeNode>(lines: readonly Line<R>[], wanted: string | null): number {
  if (!lines.length) return -1;
  if (wanted === null) return 0;
  const at = new Map<string, number>();
  lines.forEach((l, i) => at.set(l.key, i));
  const exact = at.get(wanted);
  if (exact !== undefined) return exact;
  for (const dir of ancestorsOf(wanted).reverse()) {
    const j = at.get(dir);
    if (j !== undefined) return j;
  }
  return 0;
}

/** The limit that lists the child `path` of `dir`, given its position among the children. */
export function limitToShow(position: number, current: number | undefined): number {
  const limit = current ?? PAGE;
  if (position < limit) return limit;
  return Math.ceil((position + 1) / PAGE) * PAGE;
}

/** How a layer is named in the tree and the provenance panel: "Layer 2", "Init layer", "Container layer". */
export function layerName(layer: Pick<StackLayer, 'kind' | 'n'>): string {
  if (layer.kind === 'upper') return t('stack.upper');
  if (layer.kind === 'init') return t('stack.init');
  return t('stack.layer', { n: layer.n });
}
