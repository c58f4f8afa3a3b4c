import { describe, expect, it } from 'vitest';
import { asDiffId } from '../../src/engine/ids';
import {
  chainId,
  chainIds,
  diffIdOf,
  digestOfChunks,
  EMPTY_LAYER_DIFF_ID,
} from '../../src/engine/oci/digest';
import { pureSha256 } from '../../src/engine/oci/sha256';
import { tarChunks } from '../../src/engine/oci/tar';
import { nodeSha256 } from '../../src/node/platform';
import { dir, file } from './helpers';

const E = EMPTY_LAYER_DIFF_ID;

describe('content addressing', () => {
  it('the empty layer (two zero blocks) has the DiffID Docker reports', () => {
    expect(diffIdOf([], pureSha256)).toBe(
      'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
    );
    expect(diffIdOf([], nodeSha256)).toBe(E);
  });

  it('ChainID of one layer is its DiffID, of [E, E] the image-spec vector', () => {
    expect(chainIds([E], pureSha256)).toEqual([E]);
    expect(chainIds([E, E], pureSha256)).toEqual([
      E,
      'sha256:170b376f64fb30995c140276be3d71dfb256b308d86183ca3b22aa93a79ad548',
    ]);
    expect(chainId([E, E], nodeSha256)).toBe(
      'sha256:170b376f64fb30995c140276be3d71dfb256b308d86183ca3b22aa93a79ad548',
    );
    expect(chainId([], nodeSha256)).toBeUndefined();
  });

  it('each ChainID hashes the previous ChainID, a space, and the next DiffID', () => {
    const d1 = asDiffId('sha256:' + '1'.repeat(64));
    const d2 = asDiffId('sha256:' + '2'.repeat(64));
    const [c0, c1, c2] = chainIds([E, d1, d2], nodeSha256);
    expect(c1).toBe(`sha256:${nodeSha256Hex(`${c0} ${d1}`)}`);
    expect(c2).toBe(`sha256:${nodeSha256Hex(`${c1} ${d2}`)}`);
  });

  it('the DiffID is the sha256 of the streamed tar, the same with both hashers', async () => {
    const layer = [
      ['/etc', dir()],
      ['/etc/motd', file('hello\n')],
      [
        '/big',
        {
          type: 'file',
          mode: 0o644,
          uid: 0,
          gid: 0,
          mtime: 0,
          content: { kind: 'fill', size: 300_000, seed: 9 },
        },
      ],
    ] as const;
    const id = diffIdOf(layer, nodeSha256);
    expect(diffIdOf(layer, pureSha256)).toBe(id);
    expect(await digestOfChunks(tarChunks(layer), nodeSha256)).toBe(id);
  });
});

function nodeSha256Hex(s: string): string {
  const h = nodeSha256();
  h.update(new TextEncoder().encode(s));
  return h.hex();
}
