// The listing helpers themselves (no skopeo or umoci needed): a union view and the real directory
// Node writes for the same tree list alike, and a difference in any compared field shows up.

import { chmodSync, linkSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentBytes } from '../../src/engine/fs/content';
import type { Entry } from '../../src/engine/fs/entry';
import { Layer } from '../../src/engine/fs/layer';
import { Union } from '../../src/engine/fs/union';
import { listDirectory, listUnion, listingDiff } from './listing';
import { scratch } from './tools';

const enc = new TextEncoder();
const meta = { uid: 0, gid: 0, mtime: 0 };
const dir = (mode = 0o755, opaque?: boolean): Entry => ({ type: 'dir', mode, ...meta, opaque });
const file = (text: string, mode = 0o644): Entry => ({
  type: 'file',
  mode,
  ...meta,
  content: { kind: 'bytes', bytes: enc.encode(text) },
});

// Layer 0 has /a (with two files), /gone and /keep; layer 1 deletes /gone, makes /a opaque with a new
// file, adds a symlink, a 70 kB fill file and a hard link.
const union = new Union([
  Layer.from([
    ['/a', dir()],
    ['/a/old', file('old')],
    ['/gone', file('gone')],
    ['/keep', file('keep', 0o600)],
  ]),
  Layer.from([
    ['/a', dir(0o750, true)],
    ['/a/new', file('new')],
    ['/gone', { type: 'whiteout', mode: 0, ...meta }],
    ['/big', { type: 'file', mode: 0o755, ...meta, content: { kind: 'fill', size: 70_000, seed: 7 } }],
    ['/link', { type: 'symlink', mode: 0o777, ...meta, target: 'a/new' }],
    ['/twin', { type: 'hardlink', mode: 0o755, ...meta, target: '/big' }],
  ]),
]);

describe('listings of a union view and of a real directory', () => {
  const work = scratch('listing');
  afterAll(() => work.remove());
  const root = join(work.dir, 'root');

  it('list the same tree alike: types, modes, sizes, sha256, link targets; a hard link as its file', () => {
    const ours = listUnion(union);
    mkdirSync(join(root, 'a'), { recursive: true });
    chmodSync(join(root, 'a'), 0o750);
    writeFileSync(join(root, 'a', 'new'), 'new');
    writeFileSync(join(root, 'keep'), 'keep');
    chmodSync(join(root, 'keep'), 0o600);
    // The fill's bytes, written out for real: the sha256 must match the chunks Layer Lab makes.
    writeFileSync(join(root, 'big'), contentBytes({ kind: 'fill', size: 70_000, seed: 7 }));
    chmodSync(join(root, 'big'), 0o755);
    linkSync(join(root, 'big'), join(root, 'twin'));
    symlinkSync('a/new', join(root, 'link'));
    const real = listDirectory(root);

    expect(listingDiff(ours.listing, real.listing)).toEqual([]);
    expect([...ours.listing.keys()]).toEqual(['/a', '/a/new', '/big', '/keep', '/link', '/twin']);
    expect(ours.listing.get('/a')).toBe('dir 0750');
    expect(ours.listing.get('/link')).toBe('symlink 0777 -> a/new');
    expect(ours.listing.get('/twin')).toBe(ours.listing.get('/big'));
    expect(ours.listing.get('/big')).toMatch(/^file 0755 70000 [0-9a-f]{64}$/);
    expect(ours.hardLinks).toEqual([['/twin', '/big']]);
    expect(real.inodes.get('/twin')).toBe(real.inodes.get('/big'));
  });

  it('a different mode, content, target or path is reported, path by path', () => {
    const ours = listUnion(union).listing;
    const changed = new Map(ours);
    changed.set('/keep', ours.get('/keep')!.replace('0600', '0644'));
    changed.set('/link', 'symlink 0777 -> elsewhere');
    changed.delete('/a/new');
    changed.set('/extra', 'dir 0755');
    expect(listingDiff(ours, changed)).toEqual([
      '/a/new: missing (expected ' + ours.get('/a/new') + ')',
      '/extra: extra dir 0755',
      `/keep: expected ${ours.get('/keep')}, got ${changed.get('/keep')}`,
      '/link: expected symlink 0777 -> a/new, got symlink 0777 -> elsewhere',
    ]);
  });
});
