// What every backend does around a transaction: check the writes before touching anything, apply
// them with a way back, copy snapshots out, and run one transaction at a time.

import { StoreError, isDeleteOp } from './types';
import type { Snapshot, TxOp } from './types';
import { ValueError, copyValue } from './value';

export const CLOSED = 'the store is closed';

export interface CheckedOp {
  readonly store: string;
  readonly key: string;
  /** A private copy of the value to put; undefined for a delete. */
  readonly value?: unknown;
  readonly delete: boolean;
}

/** Checks every op (store, key, value) and copies the values; throws StoreError 'aborted' on the first bad one. */
export function checkOps(
  ops: readonly TxOp[],
  stores: readonly string[],
  options: { shareBytes?: boolean } = {},
): CheckedOp[] {
  if (!Array.isArray(ops)) throw new StoreError('aborted', 'nothing was written: the writes are not a list');
  return ops.map((op, i) => {
    const where = `write ${i + 1}`;
    if (typeof op !== 'object' || op === null)
      throw new StoreError('aborted', `nothing was written: ${where} is not an operation`);
    if (!stores.includes(op.store)) {
      throw new StoreError(
        'aborted',
        `nothing was written: ${where} names an unknown store "${String(op.store)}"`,
      );
    }
    if (typeof op.key !== 'string')
      throw new StoreError('aborted', `nothing was written: ${where} has a key that is not a string`);
    if (isDeleteOp(op)) return { store: op.store, key: op.key, delete: true };
    try {
      return { store: op.store, key: op.key, value: copyValue(op.value, options), delete: false };
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      const message = `nothing was written: ${op.store} ${JSON.stringify(op.key)}: ${error.message}`;
      throw new StoreError('aborted', message, { cause: error });
    }
  });
}

/** Applies checked ops to the maps and returns the function that puts everything back. */
export function applyOps(
  stores: Record<string, Map<string, unknown>>,
  ops: readonly CheckedOp[],
): () => void {
  const undo: (() => void)[] = [];
  for (const op of ops) {
    const records = stores[op.store];
    if (!records) throw new StoreError('aborted', `nothing was written: unknown store "${op.store}"`);
    const had = records.has(op.key);
    const old = records.get(op.key);
    undo.push(() => (had ? records.set(op.key, old) : records.delete(op.key)));
    if (op.delete) records.delete(op.key);
    else records.set(op.key, op.value);
  }
  return () => {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]?.();
  };
}

/** A deep copy of a snapshot's records, so a caller can change what it loaded without touching the store. */
export function copySnapshot(snapshot: Snapshot): Snapshot {
  const stores: Record<string, Map<string, unknown>> = {};
  for (const [name, records] of Object.entries(snapshot.stores)) {
    stores[name] = new Map([...records].map(([key, value]) => [key, copyValue(value)]));
  }
  const problems = snapshot.problems;
  return problems && problems.length > 0
    ? { schema: snapshot.schema, stores, problems: [...problems] }
    : { schema: snapshot.schema, stores };
}

/** Runs tasks one after another in call order; a failed task does not stop the ones behind it. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
