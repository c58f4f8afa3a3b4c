// Content addresses of layers: the DiffID of a tar and the ChainIDs of a stack (image-spec identity).

import type { Sha256 } from '../platform';
import { asChainId, asDiffId, asDigest, type ChainId, type DiffId, type Digest } from '../ids';
import { tarChunks, type TarSource } from './tar-write';

export type Sha256Factory = () => Sha256;

/** DiffID of the empty layer: a tar of just the two 512-byte zero blocks. */
export const EMPTY_LAYER_DIFF_ID = asDiffId(
  'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
);

/** sha256 of the layer's tar, streamed into the hasher chunk by chunk. */
export function diffIdOf(layer: TarSource, sha: Sha256Factory): DiffId {
  const h = sha();
  for (const chunk of tarChunks(layer)) h.update(chunk);
  return asDiffId(`sha256:${h.hex()}`);
}

/** sha256 of any stream of chunks (a tar read back from storage, a blob), as `sha256:<hex>`. */
export async function digestOfChunks(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  sha: Sha256Factory,
): Promise<Digest> {
  const h = sha();
  for await (const chunk of chunks) h.update(chunk);
  return asDigest(`sha256:${h.hex()}`);
}

/** `sha256:<hex>` of some bytes (a config, a manifest). */
export function digestOf(bytes: Uint8Array, sha: Sha256Factory): Digest {
  const h = sha();
  h.update(bytes);
  return asDigest(`sha256:${h.hex()}`);
}

const encoder = new TextEncoder();

/**
 * ChainID of every prefix of the stack, bottom first: ChainID(L0) = DiffID(L0),
 * ChainID(L0..n) = sha256(ChainID(L0..n-1) + " " + DiffID(Ln)).
 */
export function chainIds(diffIds: readonly DiffId[], sha: Sha256Factory): ChainId[] {
  const out: ChainId[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? asChainId(d) : asChainId(digestOf(encoder.encode(`${prev} ${d}`), sha)));
  }
  return out;
}

/** ChainID of the whole stack (undefined for no layers). */
export function chainId(diffIds: readonly DiffId[], sha: Sha256Factory): ChainId | undefined {
  return chainIds(diffIds, sha).at(-1);
}
