// The store that keeps everything in memory: tests, `npm run sim` without --state, and the
// browser's fallback when IndexedDB cannot be used.

import { CLOSED, Serial, applyOps, checkOps, copySnapshot } from './ops';
import { SCHEMA, emptySnapshot, migrate } from './schema';
import type { Schema } from './schema';
import { StoreError } from './types';
import type { Snapshot, Store, TxOp } from './types';

export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly schema: Schema;
  private readonly state: Snapshot;
  private readonly queue = new Serial();
  private closed = false;

  /** Starts empty, or from a copy of `snapshot` (migrated when older; StoreError 'version' when newer). */
  constructor(options: { schema?: Schema; snapshot?: Snapshot } = {}) {
    this.schema = options.schema ?? SCHEMA;
    this.state = options.snapshot
      ? migrate(copySnapshot(options.snapshot), this.schema)
      : emptySnapshot(this.schema);
  }

  load(): Promise<Snapshot> {
    return this.queue.run(async () => {
      if (this.closed) throw new StoreError('unavailable', CLOSED);
      return copySnapshot(this.state);
    });
  }

  apply(ops: readonly TxOp[]): Promise<void> {
    return this.queue.run(async () => {
      if (this.closed) throw new StoreError('unavailable', CLOSED);
      // Every op is checked and copied before the first one lands, so a bad op changes nothing.
      applyOps(this.state.stores, checkOps(ops, this.schema.stores));
    });
  }

  /** Closes after the transactions already asked for; later calls fail with StoreError 'unavailable'. */
  close(): Promise<void> {
    return this.queue.run(async () => {
      this.closed = true;
    });
  }
}
