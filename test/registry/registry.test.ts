// The registry's face: references parsed as docker parses them, Docker's errors, lazy loading.

import { gzipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DockerError } from '../../src/engine/errors';
import type { DiffId } from '../../src/engine/ids';
import {
  CATALOG_FORMAT,
  LAYER_FORMAT,
  parseLayerFile,
  type CatalogIndex,
} from '../../src/engine/registry/format';
import { Registry, type CatalogSource } from '../../src/engine/registry/registry';
import { fillSeed } from '../../src/engine/registry/seed';
import { FileCatalogSource } from '../../src/node/catalog-source';

async function failure(p: Promise<unknown>): Promise<DockerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DockerError) return e;
    throw e;
  }
  throw new Error('expected a DockerError');
}

describe('references resolve the way docker parses them', () => {
  const registry = new Registry(new FileCatalogSource());

  it.each([
    ['redis', 'library/redis', 'latest'],
    ['redis:7.4', 'library/redis', '7.4'],
    ['docker.io/library/redis', 'library/redis', 'latest'],
    ['index.docker.io/library/redis:latest', 'library/redis', 'latest'],
    ['library/nginx:1.27', 'library/nginx', '1.27'],
    ['portainer/portainer', 'portainer/portainer', 'latest'],
    ['layerlab/unionfs-demo', 'layerlab/unionfs-demo', 'latest'],
  ])('%s → docker.io/%s:%s', async (typed, path, tag) => {
    const img = await registry.resolve(typed);
    expect(img.reference).toMatchObject({ domain: 'docker.io', path, tag });
  });

  it('a tag and its alias serve one manifest', async () => {
    expect((await registry.resolve('nginx:1.27')).manifestDigest).toBe(
      (await registry.resolve('nginx')).manifestDigest,
    );
    expect((await registry.resolve('debian:12')).manifestDigest).toBe(
      (await registry.resolve('debian:latest')).manifestDigest,
    );
  });

  it('pulls by digest, and a digest wins over a tag', async () => {
    const { manifestDigest } = await registry.resolve('redis');
    const byDigest = await registry.resolve(`redis@${manifestDigest}`);
    expect(byDigest.manifestDigest).toBe(manifestDigest);
    expect(byDigest.reference.digest).toBe(manifestDigest);
    expect((await registry.resolve(`redis:nope@${manifestDigest}`)).manifestDigest).toBe(manifestDigest);
  });

  it('an unknown repository is denied as Docker Hub denies it', async () => {
    const e = await failure(registry.resolve('foo'));
    expect(e.message).toBe(
      "pull access denied for foo, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect((await failure(registry.resolve('someone/foo:1'))).message).toMatch(
      /^pull access denied for someone\/foo, /,
    );
  });

  it('an unknown tag or digest is an unknown manifest', async () => {
    expect((await failure(registry.resolve('nginx:nope'))).message).toBe(
      'manifest for nginx:nope not found: manifest unknown: manifest unknown',
    );
    const digest = `sha256:${'0'.repeat(64)}`;
    expect((await failure(registry.resolve(`portainer/portainer@${digest}`))).message).toBe(
      `manifest for portainer/portainer@${digest} not found: manifest unknown: manifest unknown`,
    );
  });

  it.each([
    ['Nginx', 'invalid reference format: repository name (library/Nginx) must be lowercase'],
    ['someone/Foo:1', 'invalid reference format: repository name (someone/Foo) must be lowercase'],
    ['nginx:', 'invalid reference format'],
    ['nginx@sha256:abc', 'invalid reference format'],
    [':latest', 'invalid reference format'],
    ['-nginx', 'invalid reference format'],
  ])('%s is rejected: %s', async (typed, message) => {
    expect((await failure(registry.resolve(typed))).message).toBe(message);
  });

  it('another registry cannot be reached', async () => {
    expect((await failure(registry.resolve('registry.example.com/team/app'))).message).toBe(
      'Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com: no such host',
    );
  });

  it('lists its repositories by familiar name with their tags', async () => {
    const repos = await registry.repositories();
    expect(repos.map((r) => r.name)).toEqual([
      'alpine',
      'busybox',
      'centos',
      'debian',
      'hello-world',
      'layerlab/unionfs-demo',
      'nginx',
      'portainer/portainer',
      'redis',
      'ubuntu',
    ]);
    expect(repos.find((r) => r.name === 'nginx')?.tags).toEqual(['1.27', 'latest']);
  });
});

/** A tiny catalog in memory: one repository, two layers, and a log of what was read. */
function memoryCatalog() {
  const base = 'sha256:' + 'a'.repeat(64);
  const top = 'sha256:' + 'b'.repeat(64);
  const layerFile = (name: string, entries: unknown[]) =>
    gzipSync(strToU8(JSON.stringify({ format: LAYER_FORMAT, name, entries })), { mtime: 0 });
  const index: CatalogIndex = {
    format: CATALOG_FORMAT,
    repositories: { 'library/demo': { description: 'demo', tags: { latest: 'sha256:' + 'c'.repeat(64) } } },
    images: {
      ['sha256:' + 'c'.repeat(64)]: {
        manifest: '{}',
        config: '{"rootfs":{"type":"layers","diff_ids":[]}}',
        layers: [
          {
            diffId: base,
            blobDigest: 'sha256:' + 'd'.repeat(64),
            blobSize: 10,
            size: 5,
            createdBy: 'ADD base',
          },
          {
            diffId: top,
            blobDigest: 'sha256:' + 'e'.repeat(64),
            blobSize: 10,
            size: 3,
            createdBy: 'COPY top',
          },
        ],
      },
    },
    layers: {
      [base]: { name: 'demo-base', file: 'layers/base.json.gz', size: 5, entries: 2 },
      [top]: { name: 'demo-top', file: 'layers/top.json.gz', size: 3, entries: 1 },
    },
  };
  const files = new Map<string, Uint8Array>([
    ['index.json', strToU8(JSON.stringify(index))],
    [
      'layers/base.json.gz',
      layerFile('demo-base', [
        ['/etc', 'd', 0o755, 0, 1],
        ['/etc/motd', 't', 0o644, 0, 1, 'hello'],
      ]),
    ],
    ['layers/top.json.gz', layerFile('demo-top', [['/big', 'f', 0o600, [1, 2], 7, 3]])],
  ]);
  const reads: string[] = [];
  const source: CatalogSource = {
    read(name) {
      reads.push(name);
      const f = files.get(name);
      return f ? Promise.resolve(f) : Promise.reject(new Error(`no file ${name}`));
    },
  };
  return { source, reads, base: base as DiffId, top: top as DiffId };
}

describe('loading is lazy and shared', () => {
  it('reads nothing until asked, the index once, and each layer file once', async () => {
    const { source, reads, base, top } = memoryCatalog();
    const registry = new Registry(source);
    expect(reads).toEqual([]);
    await registry.resolve('demo');
    await registry.resolve('demo:latest');
    expect(reads).toEqual(['index.json']);
    const [a, b] = await Promise.all([registry.layer(base), registry.layer(base)]);
    expect(a).toBe(b);
    expect(reads).toEqual(['index.json', 'layers/base.json.gz']);
    const t = await registry.layer(top);
    expect(reads).toEqual(['index.json', 'layers/base.json.gz', 'layers/top.json.gz']);
    expect(t.get('/big')).toEqual({
      type: 'file',
      mode: 0o600,
      uid: 1,
      gid: 2,
      mtime: 7,
      content: { kind: 'fill', size: 3, seed: fillSeed('demo-top', '/big') },
    });
  });

  it('an unknown diffID is an error, and a failed read is retried on the next call', async () => {
    const { source, reads } = memoryCatalog();
    const registry = new Registry(source);
    await expect(registry.layer(('sha256:' + 'f'.repeat(64)) as DiffId)).rejects.toThrow(/unknown blob/);
    let fail = true;
    const flaky: CatalogSource = {
      read: (name) => (fail ? Promise.reject(new Error('offline')) : source.read(name)),
    };
    const r2 = new Registry(flaky);
    await expect(r2.resolve('demo')).rejects.toThrow('offline');
    fail = false;
    expect((await r2.resolve('demo')).layers).toHaveLength(2);
    expect(reads).toContain('index.json');
  });
});

describe('layer file format', () => {
  it('turns tuples into entries: dirs, opaque dirs, whiteouts, text, fills, links', () => {
    const json = JSON.stringify({
      format: LAYER_FORMAT,
      name: 'x',
      entries: [
        ['/a', 'd', 0o755, 0, 10],
        ['/a/o', 'o', 0o700, [5, 6], 11],
        ['/a/gone', 'w', 0o600, 0, 12],
        ['/a/t', 't', 0o644, 0, 13, 'héllo'],
        ['/a/e', 'f', 0o644, 0, 14, 0],
        ['/a/l', 'l', 0o777, 0, 15, '../t'],
        ['/a/h', 'h', 0o644, 0, 16, '/a/t'],
      ],
    });
    const { name, entries } = parseLayerFile(json);
    expect(name).toBe('x');
    expect(entries.map(([p, e]) => [p, e.type])).toEqual([
      ['/a', 'dir'],
      ['/a/o', 'dir'],
      ['/a/gone', 'whiteout'],
      ['/a/t', 'file'],
      ['/a/e', 'file'],
      ['/a/l', 'symlink'],
      ['/a/h', 'hardlink'],
    ]);
    expect(entries[1]![1]).toEqual({ type: 'dir', opaque: true, mode: 0o700, uid: 5, gid: 6, mtime: 11 });
    expect(entries[3]![1]).toMatchObject({
      content: { kind: 'bytes', bytes: new TextEncoder().encode('héllo') },
    });
    expect(entries[4]![1]).toMatchObject({ content: { kind: 'bytes', bytes: new Uint8Array(0) } });
    expect(entries[6]![1]).toMatchObject({ type: 'hardlink', target: '/a/t' });
  });

  it('rejects a file that is not a catalog layer', () => {
    expect(() => parseLayerFile('{"format":"other","name":"x","entries":[]}')).toThrow(
      /not a catalog layer file/,
    );
  });

  it('fill seeds depend on layer and path, the same everywhere', () => {
    expect(fillSeed('debian-bookworm-slim', '/usr/bin/bash')).toBe(
      fillSeed('debian-bookworm-slim', '/usr/bin/bash'),
    );
    expect(fillSeed('a', '/x')).not.toBe(fillSeed('b', '/x'));
    expect(fillSeed('a', '/x')).not.toBe(fillSeed('a', '/y'));
    // FNV-1a of "a\0/x": a pinned value, so that a change of the seed function shows up here.
    expect(fillSeed('a', '/x')).toBe(0x5841d62b);
  });
});
