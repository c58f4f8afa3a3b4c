// docker load reads every layout an image archive comes in, streamed in any chunking, and says how
// far it has read.

import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import {
  d,
  enc,
  f,
  host,
  layerTar,
  legacyImage,
  modernImage,
  ociImage,
  ragged,
  sha,
  tarOf,
  unionOf,
  wh,
} from './load-helpers';

const base = layerTar([
  ['/etc', d()],
  ['/etc/os-release', f('NAME=test\n')],
  ['/bin', d()],
  ['/bin/sh', f('#!sh\n', 0o755)],
  ['/tmp', d()],
  ['/tmp/junk', f('junk\n')],
]);
const top = layerTar([
  ['/etc', d()],
  ['/etc/motd', f('hello\n')],
  ['/tmp', d()],
  ['/tmp/junk', wh()],
]);
const expected = new Map([
  ['/bin', 'dir'],
  ['/bin/sh', 'file 755 #!sh\n'],
  ['/etc', 'dir'],
  ['/etc/motd', 'file 644 hello\n'],
  ['/etc/os-release', 'file 644 NAME=test\n'],
  ['/tmp', 'dir'],
]);

describe('docker load: the layouts', () => {
  it('a Docker 25+ archive (blobs/sha256 + manifest.json) loads with its tag and its whiteout applied', async () => {
    const { engine } = await host();
    const r = await engine.load([tarOf(modernImage([base, top], 'demo/app:1'))]);
    expect(r.loaded).toEqual(['Loaded image: demo/app:1']);
    expect(r.layers.map((l) => l.diffId)).toEqual([`sha256:${sha(base)}`, `sha256:${sha(top)}`]);
    expect(unionOf(engine, 'demo/app:1')).toEqual(expected);
    expect(engine.invariants()).toEqual([]);
  });

  it('the legacy layout (<id>/layer.tar, a repeated layer as a symlink) loads', async () => {
    const { engine } = await host();
    const again = layerTar([['/etc', d()]]);
    const r = await engine.load([tarOf(legacyImage([base, again, top, again], 'legacy:v1'))]);
    expect(r.loaded).toEqual(['Loaded image: legacy:v1']);
    expect(engine.image('legacy:v1').diffIds).toHaveLength(4);
    expect(unionOf(engine, 'legacy:v1')).toEqual(expected);
  });

  it('an OCI image layout (index.json, gzip layers, no manifest.json) loads, named by its annotation', async () => {
    const { engine } = await host();
    const r = await engine.load([tarOf(ociImage([base, top], 'docker.io/library/ocidemo:2'))]);
    expect(r.loaded).toEqual(['Loaded image: ocidemo:2']);
    // The diffIDs are those of the uncompressed tars, whatever the blobs' own digests.
    expect(engine.image('ocidemo:2').diffIds).toEqual([`sha256:${sha(base)}`, `sha256:${sha(top)}`]);
    expect(unionOf(engine, 'ocidemo:2')).toEqual(expected);
  });

  it('an OCI layout that names only a tag ("latest") loads untagged, by ID', async () => {
    const { engine } = await host();
    const r = await engine.load([tarOf(ociImage([base], null, 'latest'))]);
    expect(r.loaded).toEqual([expect.stringMatching(/^Loaded image ID: sha256:[0-9a-f]{64}$/)]);
    expect(engine.state.tags.size).toBe(0);
  });

  it('a gzip-compressed archive (docker load < x.tar.gz) loads', async () => {
    const { engine } = await host();
    const r = await engine.load([gzipSync(tarOf(modernImage([base, top], 'gz:1')))]);
    expect(r.loaded).toEqual(['Loaded image: gz:1']);
    expect(unionOf(engine, 'gz:1')).toEqual(expected);
  });

  it('the same archive read in ragged chunks, sync or async, gives the same image', async () => {
    const bytes = tarOf(ociImage([base, top], 'docker.io/library/chunks:1'));
    const ids: string[] = [];
    for (const seed of [1, 2, 3]) {
      const { engine } = await host();
      async function* slow() {
        for (const c of ragged(bytes, seed)) {
          await Promise.resolve();
          yield c;
        }
      }
      await engine.load(seed === 2 ? ragged(bytes, seed) : slow());
      ids.push(engine.image('chunks:1').id);
      expect(unionOf(engine, 'chunks:1')).toEqual(expected);
    }
    expect(new Set(ids).size).toBe(1);
  });

  it('a layer the host already has is not loaded again (no Loading line for it)', async () => {
    const { engine } = await host();
    await engine.load([tarOf(modernImage([base], 'one:1'))]);
    const r = await engine.load([tarOf(modernImage([base, top], 'two:1'))]);
    expect(r.layers.map((l) => l.diffId)).toEqual([`sha256:${sha(top)}`]);
  });

  it('reports how far it has read, ending at the archive size', async () => {
    const { engine } = await host();
    const big = layerTar([['/big', f('x'.repeat(3 * 1024 * 1024))]]);
    const bytes = tarOf(modernImage([big], 'big:1'));
    const seen: EngineEvent[] = [];
    const off = engine.events.on((e) => e.type === 'load-progress' && seen.push(e));
    await engine.load(ragged(bytes, 9), { size: bytes.length });
    off();
    const reads = seen.map((e) => (e.type === 'load-progress' ? e.bytes : -1));
    expect(reads.length).toBeGreaterThan(2);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
    expect(reads.at(-1)).toBe(bytes.length);
    expect(seen.every((e) => e.type === 'load-progress' && e.total === bytes.length)).toBe(true);
  });

  it('docker save writes a loaded layer back byte for byte, however another tool wrote it (tar-split)', async () => {
    // Not how Layer Lab writes tars: a './' root, no parent entries, odd modes, a whiteout with mode 0,
    // and a 10 KiB record of padding after the end, as GNU tar leaves it.
    const odd = tarOf([
      { name: './', raw: { name: './', typeflag: '5', mode: 0o755 } },
      { name: './opt/a b/file', bytes: enc.encode('x'.repeat(1500)) },
      { name: './opt/.wh.gone', raw: { name: './opt/.wh.gone', mode: 0 } },
      { name: './empty', bytes: new Uint8Array(0) },
    ]);
    const padded = new Uint8Array(odd.length + 10240);
    padded.set(odd);
    const { engine } = await host();
    await engine.load([tarOf(modernImage([padded], 'odd:1'))]);
    const saved = await engine.save(['odd:1']);
    const { engine: other } = await host();
    // The saved archive's layer blob must hash to the diffID, or this second load refuses it.
    const r = await other.load(saved);
    expect(r.loaded).toEqual(['Loaded image: odd:1']);
    const layerBlob = saved
      .map((c) => new TextDecoder('latin1').decode(c))
      .join('')
      .includes(`blobs/sha256/${sha(padded)}`);
    expect(layerBlob).toBe(true);
    expect(unionOf(other, 'odd:1').get('/opt/a b/file')).toBe(`file 644 ${'x'.repeat(1500)}`);
  });

  it('a layer with 100,000 entries loads (within the entry cap)', async () => {
    const { engine } = await host();
    const entries: [string, ReturnType<typeof f>][] = [['/many', d()]];
    for (let i = 0; i < 100_000; i++) entries.push([`/many/f${i}`, f('')]);
    const r = await engine.load([tarOf(modernImage([layerTar(entries)], 'many:1'))]);
    expect(r.loaded).toEqual(['Loaded image: many:1']);
    expect(engine.state.layers.get(engine.image('many:1').diffIds[0] as never)?.layer.entries.size).toBe(
      100_001,
    );
  }, 60_000);

  it('an archive with 100,000 members beside the image is read and the image loads', async () => {
    const { engine } = await host();
    const extras = Array.from({ length: 100_000 }, (_, i) => ({ name: `extra/${i}`, bytes: enc.encode('') }));
    const r = await engine.load([tarOf([...modernImage([base], 'extras:1'), ...extras])]);
    expect(r.loaded).toEqual(['Loaded image: extras:1']);
  }, 60_000);
});
