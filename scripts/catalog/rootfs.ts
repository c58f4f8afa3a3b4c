// Reads a real directory tree (a debootstrap rootfs) into a Tree: types, modes, owners, sizes,
// symlink targets and hard links as lstat sees them; real text for the small files that teach.

import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Tree, walkCompare, type Node } from './tree';

/** Decides which files carry their real bytes (they must be small UTF-8 text). */
export type TextPredicate = (path: string, size: number) => boolean;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The file's text when it is valid UTF-8 without NUL bytes, else undefined. */
export function readText(file: string): string | undefined {
  const bytes = readFileSync(file);
  if (bytes.includes(0)) return undefined;
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

export interface ReadOptions {
  /** Paths whose contents are skipped (the directory itself is kept). */
  skipContents?: (path: string) => boolean;
  wantText: TextPredicate;
  /** Revision label for the files read (what a later diff compares). */
  rev: string;
  /** Clamp every mtime to at most this (as debuerreotype-fixup does with the build epoch). */
  clampMtime?: number;
}

export function readRootfs(root: string, opts: ReadOptions): Tree {
  const tree = new Tree();
  const inodes = new Map<string, string>();
  const visit = (dir: string) => {
    const names = readdirSync(join(root, dir));
    const paths = names.map((n) => (dir === '/' ? `/${n}` : `${dir}/${n}`)).sort(walkCompare);
    for (const p of paths) {
      const st = lstatSync(join(root, p));
      const mtime = Math.min(Math.floor(st.mtimeMs / 1000), opts.clampMtime ?? Infinity);
      const meta = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime };
      let node: Node | undefined;
      if (st.isDirectory()) {
        node = { type: 'dir', ...meta };
      } else if (st.isSymbolicLink()) {
        node = { type: 'symlink', ...meta, target: readlinkSync(join(root, p)) };
      } else if (st.isFile()) {
        const key = `${st.dev}:${st.ino}`;
        const first = st.nlink > 1 ? inodes.get(key) : undefined;
        if (first) {
          node = { type: 'hardlink', ...meta, target: first };
        } else {
          if (st.nlink > 1) inodes.set(key, p);
          const text = opts.wantText(p, st.size) ? readText(join(root, p)) : undefined;
          node = {
            type: 'file',
            ...meta,
            size: st.size,
            rev: opts.rev,
            ...(text !== undefined ? { text } : {}),
          };
        }
      }
      // Devices, fifos and sockets are not part of an image's rootfs.
      if (!node) continue;
      tree.nodes.set(p, node);
      if (node.type === 'dir' && !opts.skipContents?.(p)) visit(p);
    }
  };
  visit('/');
  return tree;
}
