// Small layers for fs tests, written as a table: path → entry shorthand.

import { textContent } from '../../src/engine/fs/content';
import type { Entry } from '../../src/engine/fs/entry';
import { Layer } from '../../src/engine/fs/layer';

export const dir = (mode = 0o755, opaque = false): Entry => ({
  type: 'dir',
  mode,
  uid: 0,
  gid: 0,
  mtime: 100,
  ...(opaque ? { opaque } : {}),
});
export const file = (text: string, mode = 0o644): Entry => ({
  type: 'file',
  mode,
  uid: 0,
  gid: 0,
  mtime: 100,
  content: textContent(text),
});
export const link = (target: string): Entry => ({
  type: 'symlink',
  target,
  mode: 0o777,
  uid: 0,
  gid: 0,
  mtime: 100,
});
export const hard = (target: string): Entry => ({
  type: 'hardlink',
  target,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime: 100,
});
export const wh = (): Entry => ({ type: 'whiteout', mode: 0o600, uid: 0, gid: 0, mtime: 100 });

export function layer(spec: Record<string, Entry>): Layer {
  return Layer.from(Object.entries(spec));
}

const dec = new TextDecoder();
export function text(e: Entry | undefined): string | undefined {
  if (!e || e.type !== 'file') return undefined;
  return e.content.kind === 'bytes' ? dec.decode(e.content.bytes) : `<fill ${e.content.size}>`;
}
