// Our `docker save` archives, checked with tools nobody here wrote: skopeo must read them and list our
// diffIDs, and `skopeo copy` to an OCI layout then `umoci unpack --rootless` must give a rootfs whose
// listing equals Layer Lab's union view of the image. Three kinds of image: from the catalog, committed
// through the CLI (whiteouts, an opaque directory, links), and loaded from an archive umoci made.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { imageUnion, listDirectory, listUnion, listingDiff, type HardLink, type Listing } from './listing';
import {
  FIXTURE_SCRIPT,
  diskToHome,
  homeToDisk,
  runTools,
  scratch,
  sh,
  skopeoInspect,
  tool,
  toolsPresent,
  unpackWithUmoci,
} from './tools';

/** Saves REF through the CLI, checks it with skopeo, unpacks it with umoci and compares listings. */
async function roundTrip(
  engine: Engine,
  ref: string,
  dir: string,
): Promise<{ ours: Listing; paths: number; hardLinks: HardLink[] }> {
  expect(await sh(engine, `docker save -o roundtrip.tar ${ref}`)).toEqual({ code: 0, out: '', err: '' });
  mkdirSync(dir, { recursive: true });
  const archive = join(dir, 'ours.tar');
  homeToDisk(engine, 'roundtrip.tar', archive);

  const img = engine.image(ref);
  expect(skopeoInspect(archive)).toEqual({ diffIds: img.diffIds, config: img.id, layers: img.diffIds });

  const rootfs = unpackWithUmoci(archive, dir);
  const real = listDirectory(rootfs);
  const ours = listUnion(imageUnion(engine, ref));
  // Compared as they are: umoci 0.4.7's rootless unpack keeps every mode it was given (checked as root
  // and as an unprivileged user, with 0000 files and 0555 / 0311 directories), so nothing is normalised
  // beyond leaving owners and times out of the listing.
  expect(listingDiff(ours.listing, real.listing)).toEqual([]);
  // umoci made a hard link a hard link again: both names share one inode.
  for (const [link, target] of ours.hardLinks) expect(real.inodes.get(link)).toBe(real.inodes.get(target));
  return { ours: ours.listing, paths: ours.listing.size, hardLinks: ours.hardLinks };
}

describe.runIf(runTools)('our docker save, read by skopeo and unpacked by umoci', () => {
  let work: ReturnType<typeof scratch>;
  beforeAll(() => {
    work = scratch('roundtrip');
  });
  afterAll(() => work.remove());

  it('skopeo and umoci are installed (CI must have them: apt-get install -y skopeo umoci)', () => {
    expect(toolsPresent).toBe(true);
  });

  it('a catalog image of seven layers (nginx) unpacks to exactly its union view', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('nginx');
    const { ours, paths } = await roundTrip(engine, 'nginx', join(work.dir, 'nginx'));
    expect(paths).toBeGreaterThan(1000);
    expect(ours.get('/usr/sbin/nginx')).toMatch(/^file 0755 \d+ [0-9a-f]{64}$/);
    // 188 MB through skopeo (gzip), umoci and two sha256 passes: ~13 s alone, more on a busy CI box.
  }, 120_000);

  it("the catalog's union-filesystem demo (three layers, the top one replacing a file) unpacks the same", async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('layerlab/unionfs-demo');
    const { ours } = await roundTrip(engine, 'layerlab/unionfs-demo', join(work.dir, 'demo'));
    expect([...ours.keys()]).toEqual(['/file1', '/file2', '/file3', '/file4']);
  }, 30_000);

  it('a committed image holding whiteouts, an opaque directory, a symlink and a hard link unpacks the same', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('alpine');
    const script = [
      'rm /etc/motd', // a lower file → whiteout
      'rm -rf /etc/periodic', // a lower directory → whiteout
      'rm -rf /etc/apk/keys', // a lower directory made again → opaque
      'mkdir /etc/apk/keys',
      'echo fresh > /etc/apk/keys/only.pub',
      'echo "# changed" >> /etc/profile', // a lower file modified
      'chmod 0750 /etc/ssl/misc/CA.pl', // a lower file's mode changed
      'mkdir -p /srv/data/empty',
      'echo hello > /srv/data/hello.txt',
      'chmod 0600 /srv/data/hello.txt',
      'ln -s hello.txt /srv/data/relative',
      'ln -s /etc/profile /srv/data/absolute',
      'ln -s missing /srv/data/dangling',
      'ln /srv/data/hello.txt /srv/data/hard',
    ].join(' && ');
    expect(await sh(engine, `docker run --name box alpine sh -c '${script}'`)).toMatchObject({ code: 0 });
    expect(await sh(engine, 'docker commit box layerlab/committed:1')).toMatchObject({ code: 0 });

    // The committed layer really holds what this test is about.
    const img = engine.image('layerlab/committed:1');
    const top = engine.state.layers.get(engine.chainIdsOf(img.diffIds).at(-1)!)!.layer;
    expect(top.get('/etc/motd')?.type).toBe('whiteout');
    expect(top.get('/etc/periodic')?.type).toBe('whiteout');
    expect(top.get('/etc/apk/keys')).toMatchObject({ type: 'dir', opaque: true });
    expect(top.get('/srv/data/hard')).toMatchObject({ type: 'hardlink', target: '/srv/data/hello.txt' });

    const { ours, hardLinks } = await roundTrip(engine, 'layerlab/committed:1', join(work.dir, 'committed'));
    expect(hardLinks).toEqual([['/srv/data/hard', '/srv/data/hello.txt']]);
    expect(ours.has('/etc/motd')).toBe(false);
    expect(ours.has('/etc/periodic/daily')).toBe(false);
    expect([...ours.keys()].filter((p) => p.startsWith('/etc/apk/keys/'))).toEqual([
      '/etc/apk/keys/only.pub',
    ]);
    expect(ours.get('/srv/data/hard')).toBe(ours.get('/srv/data/hello.txt'));
    expect(ours.get('/srv/data/dangling')).toBe('symlink 0777 -> missing');
  }, 30_000);

  it('an image loaded from an archive umoci built, saved again, unpacks the same', async () => {
    const fixtures = join(work.dir, 'fixtures');
    tool('bash', [FIXTURE_SCRIPT, fixtures]);
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await diskToHome(engine, join(fixtures, 'legacy.tar'), 'fixture.tar');
    expect(await sh(engine, 'docker load -i fixture.tar')).toEqual({
      code: 0,
      out: 'Loaded image: layerlab/fixture:t\n',
      err: '',
    });
    const { ours } = await roundTrip(engine, 'layerlab/fixture:t', join(work.dir, 'loaded'));
    // The same tree again, this time as the fixture script left it on disk.
    expect(listingDiff(listDirectory(join(fixtures, 'tree')).listing, ours)).toEqual([]);
  }, 30_000);
});
