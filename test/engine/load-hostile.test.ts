// Hostile and broken archives: each is refused with a clear message (or its trick is contained), and
// a refused load writes nothing — no image, no layer, no tag, not one store transaction.

import { Gzip, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { LOAD_LIMITS } from '../../src/engine/load';
import {
  type CountingStore,
  config,
  d,
  enc,
  f,
  host,
  layerTar,
  modernImage,
  ociImage,
  sha,
  tarOf,
  unionOf,
  type Member,
} from './load-helpers';
import { rawHeader } from '../oci/helpers';

const good = layerTar([
  ['/etc', d()],
  ['/etc/hostname', f('box\n')],
]);

/** Loads, expecting a refusal matching `message`; then proves nothing changed anywhere. */
async function refused(
  archive: Uint8Array | Iterable<Uint8Array>,
  message: RegExp,
  opts: Parameters<Engine['load']>[1] = {},
) {
  const { engine, store } = await host();
  await engine.load([tarOf(modernImage([good], 'keep:1'))]);
  const before = {
    images: [...engine.state.images.keys()],
    layers: [...engine.state.layers.keys()],
    tags: [...engine.state.tags],
  };
  const writes = store.applied;
  const input = archive instanceof Uint8Array ? [archive] : archive;
  await expect(engine.load(input, opts)).rejects.toThrow(message);
  expect([...engine.state.images.keys()]).toEqual(before.images);
  expect([...engine.state.layers.keys()]).toEqual(before.layers);
  expect([...engine.state.tags]).toEqual(before.tags);
  expect((store as CountingStore).applied).toBe(writes);
  expect(engine.invariants()).toEqual([]);
}

/** An image whose one layer is the given raw tar (bytes as they are, digest made to match). */
const withLayer = (tar: Uint8Array, tag = 'evil:1') => tarOf(modernImage([tar], tag));

/** A raw layer tar from hand-made members. */
function rawLayer(members: { name: string; typeflag?: string; linkname?: string; content?: string }[]) {
  return tarOf(
    members.map((m) =>
      m.typeflag && m.typeflag !== '0'
        ? {
            name: m.name,
            raw: { name: m.name, typeflag: m.typeflag, linkname: m.linkname ?? '', mode: 0o755 },
          }
        : { name: m.name, bytes: enc.encode(m.content ?? '') },
    ),
  );
}

describe('hostile archives: the outer archive', () => {
  it('a member climbing out with ../ is refused as outside of the import directory', async () => {
    const members: Member[] = [
      ...modernImage([good], 'x:1'),
      { name: '../../etc/cron.d/evil', bytes: enc.encode('* * * * * root sh\n') },
    ];
    await refused(
      tarOf(members),
      /"\.\.\/\.\.\/etc\/cron\.d\/evil" is outside of "\/var\/lib\/docker\/tmp\/docker-import-\d+"/,
    );
  });

  it('an absolute member name stays inside the archive (it is read as blobs/…, nothing escapes)', async () => {
    const { engine } = await host();
    const members = modernImage([good], 'abs:1').map((m) =>
      m.name === 'manifest.json' ? { ...m, name: '/manifest.json' } : m,
    );
    const r = await engine.load([tarOf(members)]);
    expect(r.loaded).toEqual(['Loaded image: abs:1']);
  });

  it('a duplicate member (a second manifest.json) is refused, not silently preferred', async () => {
    const evil = enc.encode(JSON.stringify([{ Config: 'x', RepoTags: ['evil:1'], Layers: [] }]));
    await refused(
      tarOf([...modernImage([good], 'x:1'), { name: 'manifest.json', bytes: evil }]),
      /duplicate entry "manifest\.json"/,
    );
  });

  it('a device file in the archive is refused', async () => {
    const members: Member[] = [
      ...modernImage([good], 'x:1'),
      { name: 'dev/sda', raw: { name: 'dev/sda', typeflag: '4' } },
    ];
    await refused(tarOf(members), /"dev\/sda" is a block device/);
  });

  it('a symlink out of the archive resolves inside it: the manifest it points to is simply missing', async () => {
    const members = modernImage([good], 'x:1').filter((m) => m.name !== 'manifest.json');
    members.push({
      name: 'manifest.json',
      raw: { name: 'manifest.json', typeflag: '2', linkname: '../../../../etc/passwd' },
    });
    await refused(
      tarOf(members),
      /open \/var\/lib\/docker\/tmp\/docker-import-\d+\/manifest\.json: no such file or directory/,
    );
  });

  it('a hard link naming a file outside the archive is refused', async () => {
    const members: Member[] = [
      ...modernImage([good], 'x:1'),
      { name: 'h', raw: { name: 'h', typeflag: '1', linkname: '../../etc/shadow' } },
    ];
    await refused(tarOf(members), /"\.\.\/\.\.\/etc\/shadow" is outside of/);
  });

  it('a truncated archive is refused (unexpected EOF)', async () => {
    const bytes = withLayer(good);
    await refused(bytes.subarray(0, 700), /^unexpected EOF$/);
    await refused(bytes.subarray(0, bytes.length - 1100), /unexpected EOF/);
  });

  it('garbage instead of a tar header is refused as an invalid tar header', async () => {
    const bytes = withLayer(good).slice();
    bytes.fill(0x41, 0, 512);
    await refused(bytes, /archive\/tar: invalid tar header/);
  });

  it("a bad gzip stream is refused with gzip's words", async () => {
    const gz = gzipSync(withLayer(good)).slice();
    gz[2] = 7; // compression method 7: not deflate
    await refused(gz, /^gzip: invalid header$/);
    const cut = gzipSync(withLayer(good)).subarray(0, 200);
    await refused(cut, /^unexpected EOF$/);
  });

  it('a manifest naming a missing blob is refused with the path Docker would name', async () => {
    const members = modernImage([good], 'x:1').filter((m) => m.name !== `blobs/sha256/${sha(good)}`);
    await refused(
      tarOf(members),
      new RegExp(
        `open /var/lib/docker/tmp/docker-import-\\d+/blobs/sha256/${sha(good)}: no such file or directory`,
      ),
    );
  });

  it('a manifest with more layers than the config has diffIDs is refused', async () => {
    const cfg = config([`sha256:${sha(good)}`]);
    const manifest = [
      {
        Config: `blobs/sha256/${sha(cfg)}`,
        RepoTags: ['x:1'],
        Layers: [`blobs/sha256/${sha(good)}`, `blobs/sha256/${sha(good)}`],
      },
    ];
    const members: Member[] = [
      { name: `blobs/sha256/${sha(good)}`, bytes: good },
      { name: `blobs/sha256/${sha(cfg)}`, bytes: cfg },
      { name: 'manifest.json', bytes: enc.encode(JSON.stringify(manifest)) },
    ];
    await refused(tarOf(members), /invalid manifest, layers length mismatch: expected 2, got 1/);
  });

  it('a config with the wrong types, or not JSON, is refused before anything is believed', async () => {
    const badCfg = config([`sha256:${sha(good)}`], { config: { Env: 'PATH=/evil' } });
    const members: Member[] = [
      { name: `blobs/sha256/${sha(good)}`, bytes: good },
      { name: `blobs/sha256/${sha(badCfg)}`, bytes: badCfg },
      {
        name: 'manifest.json',
        bytes: enc.encode(
          JSON.stringify([
            {
              Config: `blobs/sha256/${sha(badCfg)}`,
              RepoTags: ['x:1'],
              Layers: [`blobs/sha256/${sha(good)}`],
            },
          ]),
        ),
      },
    ];
    await refused(tarOf(members), /invalid image config: config\.Env has the wrong type/);
    const notJson = modernImage([good], 'x:1').map((m) =>
      m.name === 'manifest.json' ? { ...m, bytes: enc.encode('[{') } : m,
    );
    await refused(tarOf(notJson), /invalid manifest\.json/);
  });

  it('an invalid tag in RepoTags is refused and nothing is registered', async () => {
    await refused(withLayer(good, 'UPPER/Case:1'), /invalid reference format|must be lowercase/);
  });
});

describe('hostile archives: inside a layer', () => {
  it("a layer whose bytes do not match the diffID is refused with Docker's message", async () => {
    const members = modernImage([good], 'x:1').map((m) =>
      'bytes' in m && m.name === `blobs/sha256/${sha(good)}`
        ? {
            ...m,
            bytes: layerTar([
              ['/etc', d()],
              ['/etc/hostname', f('evil\n')],
            ]),
          }
        : m,
    );
    await refused(
      tarOf(members),
      new RegExp(`invalid diffID for layer 0: expected "sha256:${sha(good)}", got "sha256:[0-9a-f]{64}"`),
    );
  });

  it('a digest mismatch of an OCI blob is refused', async () => {
    const members = ociImage([good], 'docker.io/library/x:1').map((m) =>
      'bytes' in m && m.name.startsWith('blobs/sha256/') && m.bytes?.[0] === 0x1f
        ? { ...m, bytes: gzipSync(layerTar([['/x', f('other')]])) }
        : m,
    );
    await refused(tarOf(members), /digest mismatch for blobs\/sha256\/[0-9a-f]{64}/);
  });

  it('../ traversal inside a layer is refused', async () => {
    await refused(
      withLayer(rawLayer([{ name: '../../../etc/passwd', content: 'root::0:0::/:/bin/sh\n' }])),
      /failed to register layer: .*"\.\.\/\.\.\/\.\.\/etc\/passwd".*climbs out/,
    );
  });

  it('an absolute path inside a layer is contained: it lands at that path of the layer, nowhere else', async () => {
    const { engine } = await host();
    await engine.load([withLayer(rawLayer([{ name: '/etc/motd', content: 'contained\n' }]), 'abs:2')]);
    expect(unionOf(engine, 'abs:2').get('/etc/motd')).toBe('file 644 contained\n');
  });

  it('a symlink pointing outside the layer is kept as a link; writing through it is refused', async () => {
    const { engine } = await host();
    await engine.load([
      withLayer(rawLayer([{ name: 'escape', typeflag: '2', linkname: '../../../../etc' }]), 'link:1'),
    ]);
    expect(unionOf(engine, 'link:1').get('/escape')).toBe('symlink ../../../../etc');
    // A later entry that would write through the link is refused: its parent is not a directory.
    await refused(
      withLayer(
        rawLayer([
          { name: 'escape', typeflag: '2', linkname: '/etc' },
          { name: 'escape/passwd', content: 'x' },
        ]),
      ),
      /parent "escape" is not a directory/,
    );
  });

  it('a hard link to a path outside the layer, or to nothing earlier, is refused', async () => {
    await refused(
      withLayer(rawLayer([{ name: 'h', typeflag: '1', linkname: '../../etc/shadow' }])),
      /hard link target .* is outside the layer/,
    );
    await refused(
      withLayer(rawLayer([{ name: 'h', typeflag: '1', linkname: 'etc/shadow' }])),
      /is not an earlier entry of the layer/,
    );
  });

  it('device files and FIFOs inside a layer are refused', async () => {
    await refused(
      withLayer(rawLayer([{ name: 'dev/null', typeflag: '3' }])),
      /a character device: devices and FIFOs cannot be stored/,
    );
    await refused(withLayer(rawLayer([{ name: 'fifo', typeflag: '6' }])), /a FIFO/);
  });

  it('duplicate entries inside a layer are refused', async () => {
    await refused(
      withLayer(
        rawLayer([
          { name: 'a', content: '1' },
          { name: 'a', content: '2' },
        ]),
      ),
      /duplicate entry/,
    );
  });

  it('a truncated layer (its own end cut off, digests made to match) is refused', async () => {
    const cut = good.subarray(0, 700);
    await refused(withLayer(cut), /failed to register layer|not a tar/);
  });

  it('a layer in bad gzip is refused', async () => {
    const broken = gzipSync(good).slice();
    broken.set([broken[20]! ^ 0xff, broken[21]! ^ 0xff], 20);
    // The descriptors name the damaged blob, so its digest checks pass and gzip judges it.
    await refused(
      tarOf(ociImage([good], 'docker.io/library/x:1', 'latest', [broken])),
      /^flate: corrupt input$/,
    );
  });
});

describe('hostile archives: the caps', () => {
  it(`a gzip bomb (a layer inflating more than ${LOAD_LIMITS.inflateRatio}×) is refused while it inflates`, async () => {
    // 96 MiB of zeros gzip to about 96 KiB: past 100× + 64 MiB of slack.
    const parts: Uint8Array[] = [];
    const gz = new Gzip({ level: 1 }, (chunk) => parts.push(chunk));
    const header = rawHeader({ name: 'zeros', size: 96 * 1024 * 1024 });
    gz.push(header);
    const zeros = new Uint8Array(1024 * 1024);
    for (let i = 0; i < 96; i++) gz.push(zeros);
    gz.push(new Uint8Array(1024), true);
    const bomb = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      bomb.set(p, at);
      at += p.length;
    }
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await refused(
      tarOf([{ name: 'blobs/sha256/bomb', bytes: bomb }, ...modernImage([good], 'x:1')]),
      /a compressed layer inflates more than 100 times \(a decompression bomb\)/,
    );
  }, 60_000);

  it('an archive expanding past the byte cap is refused (cap lowered for the test)', async () => {
    const big = layerTar([['/big', f('x'.repeat(300_000))]]);
    await refused(withLayer(big), /archive refused: it expands to more than 262144 bytes/, {
      limits: { expandedBytes: 256 * 1024 },
    });
  });

  it('a manifest or config past the metadata cap is refused (cap lowered for the test)', async () => {
    const padded = modernImage([good], 'x:1').map((m) =>
      m.name === 'manifest.json' && 'bytes' in m
        ? { ...m, bytes: enc.encode(new TextDecoder().decode(m.bytes) + ' '.repeat(3000)) }
        : m,
    );
    await refused(tarOf(padded), /^manifest\.json is too large \(\d+ bytes\)$/, {
      limits: { metadataBytes: 2048 },
    });
  });

  it('an archive past the entry cap is refused (cap lowered for the test)', async () => {
    const many = layerTar(
      Array.from({ length: 50 }, (_, i): [string, ReturnType<typeof f>] => [`/f${i}`, f('')]),
    );
    await refused(withLayer(many), /archive refused: more than 40 entries/, { limits: { entries: 40 } });
  });
});
