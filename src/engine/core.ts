// What the engine's operation modules share: the state, the platform, the current transaction.

import type { Emitter } from './events';
import type { ChainId, DiffId } from './ids';
import { asChainId } from './ids';
import type { Platform } from './platform';
import type { HostState } from './state';
import type { Tx } from './tx';
import type { Registry } from './registry/registry';

export type PullSpeed = 'instant' | 'realistic' | 'classroom-slow';

export interface Settings {
  speed: PullSpeed;
  /** The host's kernel, as `uname -r` prints it in every container. */
  kernel: string;
  hostname: string;
}

export const DEFAULT_SETTINGS: Settings = {
  speed: 'instant',
  kernel: '6.1.0-28-amd64',
  hostname: 'layerlab',
};

export interface Core {
  readonly state: HostState;
  readonly platform: Platform;
  readonly events: Emitter;
  readonly registry: Registry;
  readonly settings: Settings;
  /** The transaction of the command under way. */
  tx(): Tx;
  sha256Hex(data: Uint8Array | string): string;
  chainIdsOf(diffIds: readonly DiffId[]): ChainId[];
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const encoder = new TextEncoder();

export function sha256Hex(platform: Platform, data: Uint8Array | string): string {
  const h = platform.sha256();
  h.update(typeof data === 'string' ? encoder.encode(data) : data);
  return h.hex();
}

/**
 * How many pairs a ChainID memo keeps: every commit and build makes new ones, so in a long session an
 * unbounded memo would only grow; when full it starts again (a miss costs one sha256).
 */
export const CHAIN_MEMO_LIMIT = 4096;

/** ChainID(L0) = DiffID(L0); ChainID(L0..n) = sha256(ChainID(L0..n-1) + " " + DiffID(Ln)). */
export function chainIdsOf(
  platform: Platform,
  diffIds: readonly DiffId[],
  memo?: Map<string, ChainId>,
): ChainId[] {
  const out: ChainId[] = [];
  let prev: ChainId | null = null;
  for (const d of diffIds) {
    let next: ChainId;
    if (prev === null) next = asChainId(d);
    else {
      const key = `${prev} ${d}`;
      const hit = memo?.get(key);
      next = hit ?? asChainId(`sha256:${sha256Hex(platform, key)}`);
      if (!hit && memo) {
        if (memo.size >= CHAIN_MEMO_LIMIT) memo.clear();
        memo.set(key, next);
      }
    }
    out.push(next);
    prev = next;
  }
  return out;
}

/** RFC 3339 with nanoseconds, as Go prints a time.Time in JSON. */
export function isoNano(ms: number): string {
  const d = new Date(ms);
  const base = d.toISOString().slice(0, 19);
  const frac = String(ms % 1000).padStart(3, '0');
  return `${base}.${frac}000000Z`;
}
