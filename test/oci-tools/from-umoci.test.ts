// The other way round: an image that umoci builds from a real directory tree (scripts/fixtures/
// umoci-image.sh) loads into Layer Lab, in each of the three shapes real tools hand out, and its union
// view equals the tree on disk. Layer 2 of that image deletes a file and a directory (umoci writes
// whiteouts) and replaces a directory, so the union has real work to do.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { imageUnion, listDirectory, listUnion, listingDiff, type Listing } from './listing';
import { FIXTURE_SCRIPT, diskToHome, runTools, scratch, sh, tool } from './tools';

const SHAPES = [
  { file: 'legacy.tar', what: "skopeo's docker-archive (the legacy docker save layout)" },
  { file: 'oci-layout.tar', what: 'an OCI image layout as a tar, gzip-compressed layers' },
  { file: 'oci-archive.tar', what: "skopeo's oci-archive" },
] as const;

/** Loads a real archive through `docker load -i` and returns the loaded image's reference. */
async function load(path: string) {
  const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
  await diskToHome(engine, path, 'in.tar');
  const r = await sh(engine, 'docker load -i in.tar');
  expect(r).toMatchObject({ code: 0, err: '' });
  const m = /^Loaded image(?: ID)?: (\S+)\n$/.exec(r.out);
  expect(m, `docker load printed ${JSON.stringify(r.out)}`).not.toBeNull();
  expect(engine.invariants()).toEqual([]);
  return { engine, ref: m![1] as string };
}

describe.runIf(runTools)('an image umoci built from a real tree, loaded into Layer Lab', () => {
  let work: ReturnType<typeof scratch>;
  let tree: ReturnType<typeof listDirectory>;
  beforeAll(() => {
    work = scratch('from-umoci');
    tool('bash', [FIXTURE_SCRIPT, work.dir]);
    tree = listDirectory(join(work.dir, 'tree'));
  }, 30_000);
  afterAll(() => work.remove());

  it('the fixture tree has what the loader must handle', () => {
    const t = tree.listing;
    const names = [...t.keys()];
    expect(t.get('/data/big.txt')).toMatch(/^file 0644 (\d{7}) /);
    expect(Number(t.get('/data/big.txt')!.split(' ')[2])).toBeGreaterThanOrEqual(1 << 20);
    expect(t.get('/empty-file')).toMatch(/^file 0644 0 /);
    expect(t.get('/empty-dir')).toBe('dir 0755');
    expect(t.get('/secret')).toBe('dir 0750');
    expect(t.get('/secret/key')).toMatch(/^file 0600 /);
    expect(t.get('/bin/tool')).toMatch(/^file 0755 /);
    expect(t.get('/links/dangling')).toBe('symlink 0777 -> nowhere/at/all');
    expect(t.get('/links/absolute')).toBe('symlink 0777 -> /README.txt');
    expect(tree.inodes.get('/hard/linked')).toBe(tree.inodes.get('/hard/original'));
    expect(names.some((p) => p.split('/').some((n) => Buffer.byteLength(n) > 100))).toBe(true);
    expect(names).toContain('/日本語/ファイル.txt');
    expect(names).toContain('/name with spaces.txt');
    // Layer 2's changes: deleted, replaced, added.
    expect(names.filter((p) => p.startsWith('/doomed'))).toEqual([]);
    expect(names.filter((p) => p.startsWith('/replaced-dir/'))).toEqual(['/replaced-dir/new.txt']);
    expect(names).toContain('/data/added.txt');
  });

  const loaded = new Map<string, string>();
  for (const { file, what } of SHAPES) {
    it(`${what}: its union view equals the tree, the hard link stays one file`, async () => {
      const { engine, ref } = await load(join(work.dir, file));
      const img = engine.image(ref);
      loaded.set(file, img.id);
      expect(img.diffIds).toHaveLength(2);
      const union = imageUnion(engine, ref);
      const ours = listUnion(union);
      expect(listingDiff(tree.listing, ours.listing)).toEqual([]);
      // The two names of the tree's hard link are one file in Layer Lab too (a tar hard link).
      expect(ours.hardLinks.map((l) => [...l].sort())).toEqual([['/hard/linked', '/hard/original']]);
      // What layer 2 removed is hidden by whiteouts, as `docker run` would show it.
      expect(union.why('/doomed-file.txt')).toMatchObject({ layer: 1 });
      expect(union.why('/doomed-dir')).toMatchObject({ layer: 1 });
      expect(union.why('/replaced-dir/old.txt')).toMatchObject({ layer: 1 });
    }, 30_000);
  }

  it('all three shapes load as the same image (same config, so the same image ID)', () => {
    const ids = SHAPES.map(({ file }) => loaded.get(file));
    expect(ids[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Set(ids).size).toBe(1);
  });

  // A real Debian as the tree: slow the first time (debootstrap fetches it), so it runs when asked
  // (LAYERLAB_DEBOOTSTRAP=1) or when an earlier run left the rootfs in the cache.
  const debianCache = join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'layerlab',
    'debootstrap-bookworm-minbase',
  );
  it.runIf(process.env.LAYERLAB_DEBOOTSTRAP === '1' || existsSync(debianCache))(
    'a debootstrap minbase bookworm built by umoci loads and its union view equals the tree',
    async () => {
      const out = join(work.dir, 'debian');
      tool('bash', ['-c', `LAYERLAB_DEBOOTSTRAP=1 bash "$0" "$1"`, FIXTURE_SCRIPT, out]);
      expect(existsSync(join(out, 'debian-legacy.tar'))).toBe(true);
      const expected: Listing = listDirectory(join(out, 'debian-tree')).listing;
      const { engine, ref } = await load(join(out, 'debian-legacy.tar'));
      expect(listingDiff(expected, listUnion(imageUnion(engine, ref)).listing)).toEqual([]);
    },
    600_000,
  );
});
