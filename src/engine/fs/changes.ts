// What `docker diff` lists. Docker 27's overlay2 driver computes it the "naive" way (moby PR #37313,
// `NaiveDiffDriver.Changes` → `archive.ChangesDirs`): it walks the container's merged tree against its
// parent's (the init layer's) and compares lstat data, never looking at whiteouts or opaque flags.

import type { Entry } from './entry';
import { contentSize } from './entry';
import { compareNames, comparePaths, join } from './path';
import type { View } from './view';

export interface Change {
  kind: 'A' | 'C' | 'D';
  path: string;
}

/** Which names of a directory can differ between the two trees (undefined: any of them). */
export type Candidates = (dir: string) => readonly string[] | undefined;

const enc = new TextEncoder();

/** lstat's size: a file's length, a symlink's target length in bytes. */
function statSize(e: Entry): number {
  if (e.type === 'file') return contentSize(e.content);
  if (e.type === 'symlink') return enc.encode(e.target).length;
  return 0;
}

/** lstat's permission bits: Linux shows every symlink as 0777, whatever its tar header said. */
const statMode = (e: Entry) => (e.type === 'symlink' ? 0o777 : e.mode);

/** moby's `statDifferent`: type, permissions, owner; and for non-directories mtime and size. */
function statDifferent(a: Entry, b: Entry): boolean {
  if (a.type !== b.type || statMode(a) !== statMode(b) || a.uid !== b.uid || a.gid !== b.gid) return true;
  if (a.type === 'dir') return false;
  return a.mtime !== b.mtime || statSize(a) !== statSize(b);
}

function read(v: View, p: string): Entry | undefined {
  const f = v.lookup(p);
  return f && v.resolvedEntry(p, f);
}

/**
 * moby's `addChanges`, sorted: a path only `after` has is A with everything below it; a path only
 * `before` has is D (nothing below it is listed); a path in both is C when its stat differs, and a
 * directory that holds changes is C too. Below a path that is no longer a directory nothing is listed.
 */
export function treeChanges(before: View, after: View, candidates: Candidates): Change[] {
  const out: Change[] = [];
  const visit = (dir: string, wasDir: boolean): void => {
    const names = wasDir ? (candidates(dir) ?? merge(before.names(dir), after.names(dir))) : after.names(dir);
    for (const name of names) {
      const p = join(dir, name);
      const old = wasDir ? read(before, p) : undefined;
      const now = read(after, p);
      if (!now) {
        if (old) out.push({ kind: 'D', path: p });
        continue;
      }
      const mark = out.length;
      const self = !old || statDifferent(old, now);
      if (self) out.push({ kind: old ? 'C' : 'A', path: p });
      if (now.type !== 'dir') continue;
      visit(p, old?.type === 'dir');
      if (!self && out.length > mark) out.push({ kind: 'C', path: p });
    }
  };
  visit('/', true);
  return out.sort((a, b) => comparePaths(a.path, b.path));
}

function merge(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort(compareNames);
}
