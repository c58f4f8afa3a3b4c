import { describe, expect, it } from 'vitest';
import type { Line, TreeNode } from '../../src/ui/viz/tree';
import {
  PAGE,
  ancestorsOf,
  focusIndex,
  limitToShow,
  parentIndex,
  parentOf,
  treeKey,
  typeAhead,
  visibleLines,
} from '../../src/ui/viz/tree';

// A small tree: /bin (empty dir), /etc/{hosts, nginx/{nginx.conf}}, /usr/{lib, share}, /var
const FS: Record<string, string[]> = {
  '/': ['bin', 'etc', 'usr', 'var'],
  '/etc': ['hosts', 'nginx'],
  '/etc/nginx': ['nginx.conf'],
  '/usr': ['lib', 'share'],
  '/usr/lib': [],
  '/usr/share': [],
};

const asked: string[] = [];
function children(dir: string): TreeNode[] {
  asked.push(dir);
  return (FS[dir] ?? []).map((name) => {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    return { path, name, hasChildren: (FS[path]?.length ?? 0) > 0 };
  });
}

const keys = (lines: Line<TreeNode>[]) => lines.map((l) => l.key);

describe('the visible rows of the union tree', () => {
  it('lists only the top level when nothing is expanded, and asks for no other directory', () => {
    asked.length = 0;
    const lines = visibleLines('/', children, new Set());
    expect(keys(lines)).toEqual(['/bin', '/etc', '/usr', '/var']);
    expect(asked).toEqual(['/']);
    expect(lines.map((l) => [l.level, l.posinset, l.setsize])).toEqual([
      [1, 1, 4],
      [1, 2, 4],
      [1, 3, 4],
      [1, 4, 4],
    ]);
  });

  it('puts an expanded directory’s children right under it, one level deeper', () => {
    const lines = visibleLines('/', children, new Set(['/etc', '/etc/nginx']));
    expect(keys(lines)).toEqual([
      '/bin',
      '/etc',
      '/etc/hosts',
      '/etc/nginx',
      '/etc/nginx/nginx.conf',
      '/usr',
      '/var',
    ]);
    expect(lines[4]).toMatchObject({ level: 3, posinset: 1, setsize: 1 });
    expect(lines[1]).toMatchObject({ kind: 'entry', expanded: true });
  });

  it('ignores an expanded directory whose parent is collapsed', () => {
    const lines = visibleLines('/', children, new Set(['/etc/nginx']));
    expect(keys(lines)).not.toContain('/etc/nginx/nginx.conf');
  });

  it('cuts a big directory at the page size and adds a "show more" row', () => {
    const big = (dir: string): TreeNode[] =>
      dir === '/'
        ? Array.from({ length: PAGE + 50 }, (_, i) => ({ path: `/f${i}`, name: `f${i}`, hasChildren: false }))
        : [];
    const lines = visibleLines('/', big, new Set());
    expect(lines).toHaveLength(PAGE + 1);
    expect(lines.at(-1)).toMatchObject({ kind: 'more', dir: '/', rest: 50, next: 50 });
    const all = visibleLines('/', big, new Set(), new Map([['/', PAGE * 2]]));
    expect(all).toHaveLength(PAGE + 50);
    expect(all.every((l) => l.kind === 'entry')).toBe(true);
  });

  it('raises a directory’s limit just enough to show a row far down the list', () => {
    expect(limitToShow(10, undefined)).toBe(PAGE);
    expect(limitToShow(PAGE, undefined)).toBe(PAGE * 2);
    expect(limitToShow(PAGE * 2 + 5, PAGE)).toBe(PAGE * 3);
  });
});

describe('keyboard moves in the union tree', () => {
  const lines = visibleLines('/', children, new Set(['/etc', '/etc/nginx']));
  // 0 /bin, 1 /etc, 2 /etc/hosts, 3 /etc/nginx, 4 /etc/nginx/nginx.conf, 5 /usr, 6 /var

  it('moves down and up one row, stopping at the ends', () => {
    expect(treeKey(lines, 0, 'ArrowDown')).toEqual({ type: 'focus', index: 1 });
    expect(treeKey(lines, 4, 'ArrowUp')).toEqual({ type: 'focus', index: 3 });
    expect(treeKey(lines, 6, 'ArrowDown')).toEqual({ type: 'none' });
    expect(treeKey(lines, 0, 'ArrowUp')).toEqual({ type: 'none' });
  });

  it('jumps to the first and last rows with Home and End', () => {
    expect(treeKey(lines, 3, 'Home')).toEqual({ type: 'focus', index: 0 });
    expect(treeKey(lines, 3, 'End')).toEqual({ type: 'focus', index: 6 });
  });

  it('expands a closed directory with Right, then moves to its first child', () => {
    expect(treeKey(lines, 5, 'ArrowRight')).toEqual({ type: 'expand', path: '/usr' });
    expect(treeKey(lines, 1, 'ArrowRight')).toEqual({ type: 'focus', index: 2 });
    // A file and an empty directory do nothing.
    expect(treeKey(lines, 2, 'ArrowRight')).toEqual({ type: 'none' });
    expect(treeKey(lines, 0, 'ArrowRight')).toEqual({ type: 'none' });
  });

  it('collapses an open directory with Left, else moves to the parent', () => {
    expect(treeKey(lines, 3, 'ArrowLeft')).toEqual({ type: 'collapse', path: '/etc/nginx' });
    expect(treeKey(lines, 4, 'ArrowLeft')).toEqual({ type: 'focus', index: 3 });
    expect(treeKey(lines, 2, 'ArrowLeft')).toEqual({ type: 'focus', index: 1 });
    expect(treeKey(lines, 6, 'ArrowLeft')).toEqual({ type: 'none' });
    expect(parentIndex(lines, 4)).toBe(3);
    expect(parentIndex(lines, 5)).toBe(-1);
  });

  it('selects the row with Enter or Space, and shows more on a "show more" row', () => {
    expect(treeKey(lines, 2, 'Enter')).toEqual({ type: 'select', path: '/etc/hosts' });
    expect(treeKey(lines, 2, ' ')).toEqual({ type: 'select', path: '/etc/hosts' });
    const more: Line<TreeNode>[] = [
      { kind: 'more', key: 'more:/', dir: '/', level: 1, setsize: 1, posinset: 1, rest: 3, next: 3 },
    ];
    expect(treeKey(more, 0, 'Enter')).toEqual({ type: 'more', dir: '/' });
  });

  it('jumps to the next row starting with a typed letter, wrapping around', () => {
    expect(treeKey(lines, 0, 'u')).toEqual({ type: 'focus', index: 5 });
    expect(typeAhead(lines, 3, 'E')).toBe(1);
    expect(typeAhead(lines, 0, 'z')).toBe(-1);
    expect(treeKey(lines, 0, 'Tab')).toEqual({ type: 'none' });
  });

  it('keeps focus on the nearest row still on screen when its row is collapsed away', () => {
    const closed = visibleLines('/', children, new Set());
    expect(focusIndex(closed, '/etc/nginx/nginx.conf')).toBe(1);
    expect(focusIndex(closed, '/var')).toBe(3);
    expect(focusIndex(closed, null)).toBe(0);
    expect(focusIndex([], '/var')).toBe(-1);
  });

  it('names the directories above a path', () => {
    expect(ancestorsOf('/usr/share/nginx/html/index.html')).toEqual([
      '/usr',
      '/usr/share',
      '/usr/share/nginx',
      '/usr/share/nginx/html',
    ]);
    expect(ancestorsOf('/bin')).toEqual([]);
    expect(parentOf('/usr/share')).toBe('/usr');
    expect(parentOf('/usr')).toBe('/');
  });
});
