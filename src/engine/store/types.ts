// The persistence contract: named object stores of string-keyed, structured-cloneable records.
// Nothing here knows what an image or a container is; the engine decides what the records mean.

/** One write of a transaction: put `value` at `key`, or delete `key`. */
export type TxOp =
  | { readonly store: string; readonly key: string; readonly value: unknown; readonly delete?: undefined }
  | { readonly store: string; readonly key: string; readonly delete: true };

/** A record the store could not read back: reported, skipped, never silently dropped. */
export interface Problem {
  readonly store?: string;
  readonly key?: string;
  readonly message: string;
}

/** Everything a store holds, at one schema version. */
export interface Snapshot {
  readonly schema: number;
  readonly stores: Record<string, Map<string, unknown>>;
  /** Present (and non-empty) when `load` had to skip records it could not read. */
  readonly problems?: readonly Problem[];
}

/** This tab's turn to change a store that several tabs share (see `Store.lease`). */
export interface Lease {
  /** Another tab wrote since this one last read or wrote: what this tab holds in memory is out of date. */
  readonly stale: boolean;
  /** Ends the turn: the next tab waiting may go. */
  release(): void;
}

export interface Store {
  readonly kind: 'memory' | 'indexeddb' | 'file';
  load(): Promise<Snapshot>;
  /** One call = one transaction over every store it touches: all of it is written, or none. */
  apply(ops: readonly TxOp[]): Promise<void>;
  close(): Promise<void>;
  /**
   * For stores other tabs can write too: waits until no other tab is in a command (calling `onWait`
   * first if one is), then holds them off until `release`. Stores only this page uses do not have it.
   */
  lease?(onWait?: () => void): Promise<Lease>;
  /** Calls `fn` when another tab has written; returns the unsubscribe function. */
  onExternalChange?(fn: () => void): () => void;
}

/** The file access a `FileStore` needs; `src/node/file-io.ts` gives it node:fs. */
export interface FileIO {
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  write(path: string, bytes: Uint8Array): Promise<void>;
  /** Replaces `to` with `from` in one step (POSIX rename). */
  rename(from: string, to: string): Promise<void>;
}

export type StoreErrorKind = 'unavailable' | 'quota' | 'aborted' | 'corrupt' | 'version';

/** Why a store could not be opened or written; after a failed `apply` nothing was written. */
export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export function isDeleteOp(op: TxOp): op is Extract<TxOp, { delete: true }> {
  return op.delete === true;
}
