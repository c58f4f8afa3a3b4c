import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asDigest } from '../../src/engine/ids';
import {
  dockerManifestBytes,
  goIndent,
  manifestDigest,
  MEDIA,
  ociIndexBytes,
  ociManifestBytes,
  saveManifestBytes,
} from '../../src/engine/oci/manifest';
import { pureSha256 } from '../../src/engine/oci/sha256';

const C = asDigest('sha256:' + 'c'.repeat(64));
const L = asDigest('sha256:' + '1'.repeat(64));
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('manifests', () => {
  const input = {
    config: {
      mediaType: MEDIA.ociConfig,
      digest: C,
      size: 1469,
      platform: { architecture: 'amd64', os: 'linux' },
    },
    layers: [{ mediaType: MEDIA.ociLayer, digest: L, size: 7_875_072 }],
  };

  it('writes a compact OCI manifest in image-spec field order', () => {
    expect(text(ociManifestBytes(input))).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' +
        `"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"${C}","size":1469,"platform":{"architecture":"amd64","os":"linux"}},` +
        `"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"${L}","size":7875072}]}`,
    );
  });

  it('writes a Docker schema 2 manifest indented by three spaces with size before digest', () => {
    const m = dockerManifestBytes({
      config: { mediaType: MEDIA.dockerConfig, digest: C, size: 1469 },
      layers: [{ mediaType: MEDIA.dockerLayerGzip, digest: L, size: 3_623_807 }],
    });
    expect(text(m)).toBe(
      [
        '{',
        '   "schemaVersion": 2,',
        '   "mediaType": "application/vnd.docker.distribution.manifest.v2+json",',
        '   "config": {',
        '      "mediaType": "application/vnd.docker.container.image.v1+json",',
        '      "size": 1469,',
        `      "digest": "${C}"`,
        '   },',
        '   "layers": [',
        '      {',
        '         "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",',
        '         "size": 3623807,',
        `         "digest": "${L}"`,
        '      }',
        '   ]',
        '}',
      ].join('\n'),
    );
    expect(manifestDigest(m, pureSha256)).toBe(`sha256:${createHash('sha256').update(m).digest('hex')}`);
  });

  it('writes an OCI index with sorted annotations', () => {
    const idx = ociIndexBytes([
      {
        mediaType: MEDIA.ociManifest,
        digest: C,
        size: 480,
        annotations: {
          'org.opencontainers.image.ref.name': 'latest',
          'io.containerd.image.name': 'docker.io/library/redis:latest',
        },
      },
    ]);
    expect(text(idx)).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[' +
        `{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"${C}","size":480,` +
        '"annotations":{"io.containerd.image.name":"docker.io/library/redis:latest","org.opencontainers.image.ref.name":"latest"}}]}',
    );
  });

  it('writes docker save’s manifest.json with a trailing newline', () => {
    expect(
      text(
        saveManifestBytes([
          {
            Config: `blobs/sha256/${'c'.repeat(64)}`,
            RepoTags: ['redis:latest'],
            Layers: [`blobs/sha256/${'1'.repeat(64)}`],
          },
        ]),
      ),
    ).toBe(
      `[{"Config":"blobs/sha256/${'c'.repeat(64)}","RepoTags":["redis:latest"],"Layers":["blobs/sha256/${'1'.repeat(64)}"]}]\n`,
    );
  });

  it('indents like json.Indent, leaving strings and empty containers alone', () => {
    expect(goIndent('{"a":[],"b":{},"c":"x,{y}:","d":[1,2]}', '  ')).toBe(
      '{\n  "a": [],\n  "b": {},\n  "c": "x,{y}:",\n  "d": [\n    1,\n    2\n  ]\n}',
    );
  });
});
