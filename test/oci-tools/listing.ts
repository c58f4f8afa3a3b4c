// Listings that let a real directory (what umoci unpacked, or the tree a fixture started from) be
// compared with Layer Lab's union view of an image. A listing maps each path ('/etc/passwd') to one
// line: the type and permission bits (mode & 07777), plus the size and sha256 of a regular file or
// the target of a symlink. Owners and times are left out: a rootless unpack cannot keep owners, and
// mtimes are not what these tests are about. A hard link lists as the regular file it shares.

import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../src/engine/engine';
import { contentChunks } from '../../src/engine/fs/content';
import { Union } from '../../src/engine/fs/union';
import type { ChainId } from '../../src/engine/ids';

export type Listing = Map<string, string>;

const oct = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

export const fileLine = (mode: number, size: number, sha: string) => `file ${oct(mode)} ${size} ${sha}`;
export const dirLine = (mode: number) => `dir ${oct(mode)}`;
export const symlinkLine = (mode: number, target: string) => `symlink ${oct(mode)} -> ${target}`;

/** A real directory's listing (the directory itself left out) and its hard links: paths by inode. */
export function listDirectory(root: string): { listing: Listing; inodes: Map<string, bigint> } {
  const listing: Listing = new Map();
  const inodes = new Map<string, bigint>();
  const walk = (rel: string) => {
    const names = readdirSync(join(root, rel)).sort();
    for (const name of names) {
      const path = `${rel}/${name}`;
      const real = join(root, path);
      const st = lstatSync(real, { bigint: true });
      const mode = Number(st.mode);
      if (st.isDirectory()) {
        listing.set(path, dirLine(mode));
        walk(path);
      } else if (st.isSymbolicLink()) {
        listing.set(path, symlinkLine(mode, readlinkSync(real)));
      } else if (st.isFile()) {
        const sha = createHash('sha256').update(readFileSync(real)).digest('hex');
        listing.set(path, fileLine(mode, Number(st.size), sha));
        inodes.set(path, st.ino);
      } else {
        listing.set(path, `other ${oct(mode)}`);
      }
    }
  };
  walk('');
  return { listing, inodes };
}

/** The image's layers merged once, as Layer Lab shows them (bottom layer first). */
export function imageUnion(engine: Engine, ref: string): Union {
  const img = engine.image(ref);
  return new Union(
    engine.chainIdsOf(img.diffIds).map((c: ChainId) => {
      const rec = engine.state.layers.get(c);
      if (!rec) throw new Error(`layer ${c} of ${ref} is missing`);
      return rec.layer;
    }),
  );
}

/** A hard link of the merged view whose target is still the same layer's file: [link, target]. */
export type HardLink = readonly [string, string];

/** Layer Lab's listing of a union view, and the hard links whose two names should share an inode. */
export function listUnion(union: Union): { listing: Listing; hardLinks: HardLink[] } {
  const listing: Listing = new Map();
  const hardLinks: HardLink[] = [];
  for (const [path, found] of union.walk()) {
    const e = union.resolvedEntry(path, found);
    if (e.type === 'dir') listing.set(path, dirLine(e.mode));
    else if (e.type === 'symlink') listing.set(path, symlinkLine(e.mode, e.target));
    else if (e.type === 'file') {
      const h = createHash('sha256');
      let size = 0;
      for (const chunk of contentChunks(e.content)) {
        h.update(chunk);
        size += chunk.length;
      }
      listing.set(path, fileLine(e.mode, size, h.digest('hex')));
    } else listing.set(path, `unresolved ${e.type}`);
    if (found.entry.type === 'hardlink' && union.lookup(found.entry.target)?.layer === found.layer)
      hardLinks.push([path, found.entry.target]);
  }
  return { listing, hardLinks };
}

/**
 * The differences between two listings, one line per path ('path: expected ≠ actual', or missing /
 * extra), the first `max` of them: an empty array means equal, and a failure reads as a short diff.
 */
export function listingDiff(expected: Listing, actual: Listing, max = 40): string[] {
  const out: string[] = [];
  for (const [path, line] of expected) {
    const got = actual.get(path);
    if (got === undefined) out.push(`${path}: missing (expected ${line})`);
    else if (got !== line) out.push(`${path}: expected ${line}, got ${got}`);
  }
  for (const [path, line] of actual) if (!expected.has(path)) out.push(`${path}: extra ${line}`);
  return out.sort().slice(0, max);
}
