// The shipped catalog (static/catalog/) against its own records and against the real images it models.

import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { entrySize, type Entry } from '../../src/engine/fs/entry';
import type { Layer } from '../../src/engine/fs/layer';
import type { DiffId } from '../../src/engine/ids';
import { chainIds, diffIdOf } from '../../src/engine/oci/digest';
import { parseIndex, type CatalogIndex } from '../../src/engine/registry/format';
import { Registry, type RemoteImage } from '../../src/engine/registry/registry';
import { fillSeed } from '../../src/engine/registry/seed';
import { FileCatalogSource } from '../../src/node/catalog-source';
import { nodeSha256 } from '../../src/node/platform';
import { humanSizeWithPrecision } from '../../src/cli/format/units';

const sha = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const decoder = new TextDecoder();

let index: CatalogIndex;
let registry: Registry;

beforeAll(async () => {
  const source = new FileCatalogSource();
  index = parseIndex(decoder.decode(await source.read('index.json')));
  registry = new Registry(source);
});

function text(layer: Layer, path: string): string {
  const e = layer.get(path);
  if (e?.type !== 'file' || e.content.kind !== 'bytes')
    throw new Error(`${path} is not a text file of the layer`);
  return decoder.decode(e.content.bytes);
}

function configOf(img: RemoteImage): {
  rootfs: { diff_ids: string[] };
  config: Record<string, unknown>;
  history: { empty_layer?: boolean }[];
} {
  return JSON.parse(decoder.decode(img.config));
}

describe('catalog integrity', () => {
  it('every layer file gives back its recorded diffID through the engine tar writer', async () => {
    const names = Object.keys(index.layers);
    expect(names.length).toBeGreaterThan(20);
    for (const [diffId, info] of Object.entries(index.layers)) {
      const layer = await registry.layer(diffId as DiffId);
      expect(diffIdOf(layer, nodeSha256), info.name).toBe(diffId);
      expect(layer.size, info.name).toBe(info.size);
      expect(layer.count, info.name).toBe(info.entries);
    }
  });

  it('each manifest digest, config digest and layer list agree with the bytes served', async () => {
    for (const [repo, r] of Object.entries(index.repositories)) {
      for (const tag of Object.keys(r.tags)) {
        const img = await registry.resolve(`${repo}:${tag}`);
        expect(sha(img.manifest)).toBe(img.manifestDigest);
        const manifest = JSON.parse(decoder.decode(img.manifest)) as {
          config: { digest: string; size: number };
          layers: { digest: string; size: number; mediaType: string }[];
        };
        expect(manifest.config).toMatchObject({ digest: sha(img.config), size: img.config.length });
        expect(manifest.layers.map((l) => [l.digest, l.size])).toEqual(
          img.layers.map((l) => [l.blobDigest, l.blobSize]),
        );
        const cfg = configOf(img);
        expect(cfg.rootfs.diff_ids).toEqual(img.layers.map((l) => l.diffId));
        expect(cfg.history.filter((h) => !h.empty_layer)).toHaveLength(img.layers.length);
      }
    }
  });

  it('ChainIDs: nginx and redis share the chain of their common base and part after it', async () => {
    const [nginx, redis, slim] = await Promise.all(
      ['nginx', 'redis', 'debian:bookworm-slim'].map((r) => registry.resolve(r)),
    );
    const chain = (img: RemoteImage) =>
      chainIds(
        img.layers.map((l) => l.diffId),
        nodeSha256,
      );
    const [cn, cr, cs] = [chain(nginx!), chain(redis!), chain(slim!)];
    expect(cn[0]).toBe(cs[0]);
    expect(cr[0]).toBe(cs[0]);
    expect(cn[0]).toBe(slim!.layers[0]!.diffId);
    const step = sha(new TextEncoder().encode(`${cn[0]} ${nginx!.layers[1]!.diffId}`));
    expect(cn[1]).toBe(step);
    expect(new Set([...cn.slice(1), ...cr.slice(1)]).size).toBe(cn.length - 1 + cr.length - 1);
  });
});

describe('images like the real ones', () => {
  const total = (img: RemoteImage) => img.layers.reduce((s, l) => s + l.size, 0);

  it.each([
    ['debian:bookworm-slim', 1, '74.8MB'],
    ['debian:12', 1, '117MB'],
    ['ubuntu:24.04', 1, '78.2MB'],
    ['alpine:3.21', 1, '7.8MB'],
    ['centos:7', 1, '204MB'],
    ['hello-world', 1, '13.3kB'],
  ])('%s has %i layer(s) and shows as %s', async (ref, layers, size) => {
    const img = await registry.resolve(ref);
    expect(img.layers).toHaveLength(layers);
    expect(humanSizeWithPrecision(total(img), 3)).toBe(size);
  });

  it.each([
    ['nginx', 7, 192e6],
    ['redis', 7, 117e6],
    ['busybox', 1, 4.4e6],
    ['portainer/portainer', 2, 79e6],
  ])('%s has %i layers and a size within 5 percent of the real %d bytes', async (ref, layers, size) => {
    const img = await registry.resolve(ref);
    expect(img.layers).toHaveLength(layers);
    expect(Math.abs(total(img) - size) / size).toBeLessThan(0.05);
  });

  it('nginx and redis are built on the very layer debian:bookworm-slim is', async () => {
    const [nginx, redis, slim] = await Promise.all(
      ['nginx:latest', 'redis', 'debian:bookworm-slim'].map((r) => registry.resolve(r)),
    );
    expect(nginx!.layers[0]).toEqual(slim!.layers[0]);
    expect(redis!.layers[0]).toEqual(slim!.layers[0]);
    expect(await registry.layer(nginx!.layers[0]!.diffId)).toBe(
      await registry.layer(redis!.layers[0]!.diffId),
    );
  });

  it('nginx: one big RUN, then five small COPY layers, and the config of the real image', async () => {
    const img = await registry.resolve('nginx:1.27');
    expect(img.layers.map((l) => l.createdBy.split(' ')[0])).toEqual([
      '#',
      'RUN',
      'COPY',
      'COPY',
      'COPY',
      'COPY',
      'COPY',
    ]);
    expect(img.layers[1]!.size).toBeGreaterThan(50e6);
    for (const l of img.layers.slice(2)) expect(l.size).toBeLessThan(5000);
    const cfg = configOf(img).config;
    expect(cfg).toMatchObject({
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      ExposedPorts: { '80/tcp': {} },
      StopSignal: 'SIGQUIT',
    });
    expect((await registry.resolve('nginx')).manifestDigest).toBe(img.manifestDigest);
  });

  it('redis: user, tzdata, gosu, build, /data and the entrypoint, WORKDIR /data without a layer', async () => {
    const img = await registry.resolve('redis:7.4');
    const by = img.layers.map((l) => l.createdBy);
    expect(by[1]).toContain('useradd -r -g redis -u 999 redis');
    expect(by[2]).toContain('tzdata');
    expect(by[3]).toContain('gosu');
    expect(by[4]).toContain('make -C /usr/src/redis install');
    expect(by[5]).toBe('RUN /bin/sh -c mkdir /data && chown redis:redis /data # buildkit');
    expect(by[6]).toBe('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit');
    const cfg = configOf(img);
    expect(cfg.config).toMatchObject({
      Cmd: ['redis-server'],
      WorkingDir: '/data',
      ExposedPorts: { '6379/tcp': {} },
    });
    expect(cfg.history).toContainEqual(
      expect.objectContaining({ created_by: 'WORKDIR /data', empty_layer: true }),
    );
    const build = await registry.layer(img.layers[4]!.diffId);
    expect(build.get('/usr/local/bin/redis-server')).toMatchObject({ type: 'file', mode: 0o755 });
    expect(build.get('/usr/local/bin/redis-cli')?.type).toBe('file');
    expect(build.get('/usr/local/bin/redis-sentinel')).toMatchObject({
      type: 'symlink',
      target: 'redis-server',
    });
    expect(text(build, '/usr/local/etc/redis/redis.conf')).toContain('port 6379');
    const data = await registry.layer(img.layers[5]!.diffId);
    expect(data.get('/data')).toMatchObject({ type: 'dir', uid: 999, gid: 999 });
  });

  it('modelled images say so in a label', async () => {
    for (const ref of ['ubuntu', 'centos:7', 'alpine', 'portainer/portainer', 'busybox']) {
      const labels = configOf(await registry.resolve(ref)).config.Labels as Record<string, string>;
      expect(labels['org.layerlab.modelled'], ref).toMatch(/^Modelled|from Debian/);
    }
  });

  it('alpine has busybox applets as symlinks and no bash', async () => {
    const layer = await registry.layer((await registry.resolve('alpine')).layers[0]!.diffId);
    expect(layer.get('/bin/sh')).toMatchObject({ type: 'symlink', target: '/bin/busybox' });
    expect(layer.has('/bin/bash')).toBe(false);
    expect(text(layer, '/etc/alpine-release')).toBe('3.21.3\n');
  });

  it('busybox applets are hard links to /bin/busybox', async () => {
    const layer = await registry.layer((await registry.resolve('busybox')).layers[0]!.diffId);
    expect(layer.get('/bin/busybox')?.type).toBe('file');
    expect(layer.get('/bin/ls')).toMatchObject({ type: 'hardlink', target: '/bin/busybox' });
    expect(layer.get('/bin/sh')).toMatchObject({ type: 'hardlink', target: '/bin/busybox' });
  });
});

describe('teaching files carry real text', () => {
  it('debian base: os-release, passwd, group, hostname, debian_version, issue, bash.bashrc', async () => {
    const base = await registry.layer((await registry.resolve('debian:bookworm-slim')).layers[0]!.diffId);
    expect(base.get('/etc/os-release')).toMatchObject({ type: 'symlink', target: '../usr/lib/os-release' });
    expect(text(base, '/usr/lib/os-release')).toContain('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"');
    expect(text(base, '/etc/passwd').split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/bash');
    expect(text(base, '/etc/group')).toMatch(/^root:x:0:\n/);
    expect(text(base, '/etc/hostname')).toBe('debuerreotype\n');
    expect(text(base, '/etc/debian_version')).toMatch(/^12\.\d+\n$/);
    expect(text(base, '/etc/issue')).toBe('Debian GNU/Linux 12 \\n \\l\n\n');
    expect(text(base, '/etc/bash.bashrc')).toContain('System-wide .bashrc file');
    expect(base.get('/etc/shadow')).toMatchObject({ mode: 0o640, gid: 42 });
  });

  it('slim base keeps copyright files but no manual pages or docs', async () => {
    const slim = await registry.layer((await registry.resolve('debian:bookworm-slim')).layers[0]!.diffId);
    const full = await registry.layer((await registry.resolve('debian:bookworm')).layers[0]!.diffId);
    const paths = (l: Layer) => [...l.entries.keys()];
    expect(paths(slim).some((p) => p.startsWith('/usr/share/man/'))).toBe(false);
    expect(paths(full).some((p) => p.startsWith('/usr/share/man/'))).toBe(true);
    expect(slim.get('/usr/share/doc/bash/copyright')?.type).toBe('file');
    expect(slim.has('/usr/share/doc/bash/README')).toBe(false);
    expect(text(slim, '/etc/dpkg/dpkg.cfg.d/docker')).toContain('path-exclude /usr/share/man/*');
  });

  it("nginx serves pages from its image's layer", async () => {
    const img = await registry.resolve('nginx');
    const run = await registry.layer(img.layers[1]!.diffId);
    expect(text(run, '/usr/share/nginx/html/index.html')).toContain("Served from the image's layer.");
    expect(text(run, '/usr/share/nginx/html/50x.html')).toContain('An error occurred.');
    const conf = text(run, '/etc/nginx/conf.d/default.conf');
    expect(conf).toContain('root   /usr/share/nginx/html;');
    expect(conf).toContain('index  index.html index.htm;');
    expect(text(run, '/etc/nginx/nginx.conf')).toContain('include /etc/nginx/conf.d/*.conf;');
    expect(run.get('/var/log/nginx/access.log')).toMatchObject({ type: 'symlink', target: '/dev/stdout' });
    const entry = await registry.layer(img.layers[2]!.diffId);
    expect([...entry.entries.keys()]).toEqual(['/docker-entrypoint.sh']);
    expect(text(entry, '/docker-entrypoint.sh')).toMatch(/^#!\/bin\/sh\n/);
    const scripts = await Promise.all(img.layers.slice(3).map((l) => registry.layer(l.diffId)));
    expect(scripts.map((l) => [...l.entries.keys()][1])).toEqual([
      '/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '/docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.d/30-tune-worker-processes.sh',
    ]);
  });

  it('the redis user step rewrites passwd, group and shadow with the redis account', async () => {
    const user = await registry.layer((await registry.resolve('redis')).layers[1]!.diffId);
    expect(text(user, '/etc/passwd')).toMatch(/\nredis:x:999:999::\/home\/redis:\/bin\/sh\n$/);
    expect(text(user, '/etc/group')).toMatch(/\nredis:x:999:\n$/);
    expect(text(user, '/etc/shadow')).toMatch(/\nredis:!:\d+::::::\n$/);
    expect(text(user, '/etc/passwd-')).not.toContain('redis');
  });

  it('unionfs-demo: file1+file2, file3+file4, then a newer file3', async () => {
    const img = await registry.resolve('layerlab/unionfs-demo');
    const layers = await Promise.all(img.layers.map((l) => registry.layer(l.diffId)));
    expect(layers.map((l) => [...l.entries.keys()])).toEqual([
      ['/file1', '/file2'],
      ['/file3', '/file4'],
      ['/file3'],
    ]);
    expect(text(layers[1]!, '/file3')).toContain('from layer 2');
    expect(text(layers[2]!, '/file3')).toContain('from layer 3');
  });

  it('big binaries are virtual fills seeded from layer name and path', async () => {
    const base = await registry.layer((await registry.resolve('debian:bookworm-slim')).layers[0]!.diffId);
    const bash = base.get('/usr/bin/bash') as Entry;
    expect(bash).toMatchObject({
      type: 'file',
      mode: 0o755,
      content: { kind: 'fill', seed: fillSeed('debian-bookworm-slim', '/usr/bin/bash') },
    });
    expect(entrySize(bash)).toBeGreaterThan(1_000_000);
  });
});
