// A `docker build` image checked with tools nobody here wrote: saved with engine.save, skopeo must read
// our diffIDs and image id from the archive, and `skopeo copy` to an OCI layout then `umoci unpack
// --rootless` must give a rootfs whose listing equals Layer Lab's union view of the built image. The
// image has COPY layers with odd modes, a RUN that deletes base files (whiteouts), symlinks, a new
// WORKDIR and a stage copied from another: everything a build writes into layers.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { HOME } from '../../src/engine/host-home';
import { build, imageLayers, newHost, writeContext } from '../engine/build-helpers';
import { imageUnion, listDirectory, listUnion, listingDiff } from './listing';
import { runTools, scratch, skopeoInspect, toolsPresent, unpackWithUmoci } from './tools';

const DOCKERFILE = [
  'FROM alpine AS tools',
  'RUN echo "built in another stage" > /stage.txt',
  '',
  'FROM alpine',
  'COPY private.txt /srv/private.txt',
  'COPY --chmod=0751 tool.sh /usr/local/bin/tool',
  'COPY tree /srv/tree/',
  'RUN rm /etc/motd && rm -rf /etc/periodic && echo "# built" >> /etc/profile',
  'RUN ln -s /srv/private.txt /srv/latest && ln -s missing /srv/dangling',
  'WORKDIR /srv/app',
  'COPY --from=tools /stage.txt ./',
  'CMD ["/usr/local/bin/tool"]',
].join('\n');

/** The context: files with modes other than 0644, a directory of 0700, a symlink kept as a symlink. */
async function context(engine: Engine): Promise<void> {
  await writeContext(engine, 'app', {
    Dockerfile: DOCKERFILE,
    'private.txt': { text: 'only the owner reads this\n', mode: 0o600 },
    'tool.sh': { text: '#!/bin/sh\necho tool\n', mode: 0o644 },
    'tree/readonly.txt': { text: 'read only\n', mode: 0o444 },
    'tree/secret/key': { text: 'k\n', mode: 0o400 },
    'tree/run.sh': { text: '#!/bin/sh\n', mode: 0o755 },
  });
  await engine.changeHome((u) => {
    u.chmod(`${HOME}/app/tree/secret`, 0o700);
    u.symlink('readonly.txt', `${HOME}/app/tree/link`, 100);
  });
}

/** Writes engine.save's chunks for REF to a real file. */
async function saveTo(engine: Engine, ref: string, path: string): Promise<void> {
  const chunks = await engine.save([ref]);
  writeFileSync(path, Buffer.concat(chunks));
}

describe.runIf(runTools)('a built image, saved, read by skopeo and unpacked by umoci', () => {
  let work: ReturnType<typeof scratch>;
  beforeAll(() => {
    work = scratch('build');
  });
  afterAll(() => work.remove());

  it('skopeo and umoci are installed (CI must have them: apt-get install -y skopeo umoci)', () => {
    expect(toolsPresent).toBe(true);
  });

  it('skopeo lists our diffIDs and image id; umoci unpacks exactly our union view', async () => {
    const { engine } = await newHost();
    await context(engine);
    const r = await build(engine, 'app', { tags: ['layerlab/built:1'] });
    expect(r.error).toBeUndefined();

    // The image really holds what this test is about.
    const img = engine.image('layerlab/built:1');
    const layers = imageLayers(engine, 'layerlab/built:1');
    expect(img.diffIds).toHaveLength(8); // alpine + 3 COPY + 2 RUN + WORKDIR + COPY --from
    const deleting = layers[4]!;
    expect(deleting.get('/etc/motd')?.type).toBe('whiteout');
    expect(deleting.get('/etc/periodic')?.type).toBe('whiteout');
    expect(layers[5]!.get('/srv/latest')).toMatchObject({ type: 'symlink', target: '/srv/private.txt' });
    expect(layers[6]!.get('/srv/app')?.type).toBe('dir');

    const dir = join(work.dir, 'built');
    mkdirSync(dir, { recursive: true });
    const archive = join(dir, 'ours.tar');
    await saveTo(engine, 'layerlab/built:1', archive);
    expect(skopeoInspect(archive)).toEqual({ diffIds: img.diffIds, config: img.id, layers: img.diffIds });

    const rootfs = unpackWithUmoci(archive, dir);
    const real = listDirectory(rootfs);
    const ours = listUnion(imageUnion(engine, 'layerlab/built:1')).listing;
    expect(listingDiff(ours, real.listing)).toEqual([]);

    // The points of the exercise, as the real unpack shows them.
    expect(real.listing.has('/etc/motd')).toBe(false);
    expect([...real.listing.keys()].some((p) => p.startsWith('/etc/periodic'))).toBe(false);
    expect(real.listing.get('/srv/private.txt')).toMatch(/^file 0600 /);
    expect(real.listing.get('/usr/local/bin/tool')).toMatch(/^file 0751 /);
    expect(real.listing.get('/srv/tree/readonly.txt')).toMatch(/^file 0444 /);
    expect(real.listing.get('/srv/tree/secret')).toBe('dir 0700');
    expect(real.listing.get('/srv/tree/link')).toBe('symlink 0777 -> readonly.txt');
    expect(real.listing.get('/srv/dangling')).toBe('symlink 0777 -> missing');
    expect(real.listing.get('/srv/app')).toBe('dir 0755');
    expect(real.listing.get('/srv/app/stage.txt')).toMatch(/^file 0644 /);
  }, 60_000);

  it('a FROM scratch image (no base layers, a WORKDIR and one COPY) round-trips too', async () => {
    const { engine } = await newHost();
    await writeContext(engine, 'tiny', {
      Dockerfile: ['FROM scratch', 'WORKDIR /app', 'COPY hello.txt .', 'CMD ["/app/hello.txt"]'].join('\n'),
      'hello.txt': { text: 'hello\n', mode: 0o640 },
    });
    const r = await build(engine, 'tiny', { tags: ['tiny:1'] });
    expect(r.error).toBeUndefined();
    const img = engine.image('tiny:1');
    expect(img.diffIds).toHaveLength(2);

    const dir = join(work.dir, 'tiny');
    mkdirSync(dir, { recursive: true });
    const archive = join(dir, 'ours.tar');
    await saveTo(engine, 'tiny:1', archive);
    expect(skopeoInspect(archive)).toEqual({ diffIds: img.diffIds, config: img.id, layers: img.diffIds });
    const real = listDirectory(unpackWithUmoci(archive, dir));
    expect(listingDiff(listUnion(imageUnion(engine, 'tiny:1')).listing, real.listing)).toEqual([]);
    expect([...real.listing.keys()]).toEqual(['/app', '/app/hello.txt']);
  }, 30_000);
});
