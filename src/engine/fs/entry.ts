// Filesystem entries as they live inside one layer (a changeset) or a container's upper layer.
// Paths are absolute and normalised ('/etc/passwd'); the root '/' itself is never an entry.

/** Bytes of a file: real bytes, or a deterministic virtual fill (size + seed) for big binaries. */
export type Content =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'fill'; readonly size: number; readonly seed: number };

export interface Meta {
  /** Permission bits only (07777), as written to a tar header. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Whole seconds since the epoch. */
  readonly mtime: number;
}

export interface FileEntry extends Meta {
  readonly type: 'file';
  readonly content: Content;
}

export interface DirEntry extends Meta {
  readonly type: 'dir';
  /** Opaque: hides every child of this directory from the layers below (`.wh..wh..opq`). */
  readonly opaque?: boolean;
}

export interface SymlinkEntry extends Meta {
  readonly type: 'symlink';
  readonly target: string;
}

/** A hard link to another regular file of the same layer (tar typeflag '1'); target is absolute. */
export interface HardlinkEntry extends Meta {
  readonly type: 'hardlink';
  readonly target: string;
}

/** Deletes the same path in the layers below (`.wh.<name>` in a tar, a 0/0 char device in overlayfs). */
export interface WhiteoutEntry extends Meta {
  readonly type: 'whiteout';
}

export type Entry = FileEntry | DirEntry | SymlinkEntry | HardlinkEntry | WhiteoutEntry;
export type EntryType = Entry['type'];

/** The size a file occupies (its content length); 0 for everything else. */
export function entrySize(e: Entry): number {
  if (e.type !== 'file') return 0;
  return e.content.kind === 'bytes' ? e.content.bytes.length : e.content.size;
}

export function contentSize(c: Content): number {
  return c.kind === 'bytes' ? c.bytes.length : c.size;
}

export const WHITEOUT_PREFIX = '.wh.';
export const OPAQUE_MARKER = '.wh..wh..opq';
