// The store that keeps the whole state in one session file (the Node runner's `--state FILE`).
// Every transaction rewrites the file: temp file first, then a rename over the old one, so a
// failure at any point leaves either the old file or the new one, never half of each.

import { CLOSED, Serial, applyOps, checkOps, copySnapshot } from './ops';
import { SCHEMA, emptySnapshot } from './schema';
import type { Schema } from './schema';
import { exportSession, readSession } from './session';
import { StoreError } from './types';
import type { FileIO, Snapshot, Store, TxOp } from './types';

function ioError(action: string, path: string, error: unknown): StoreError {
  const code = (error as { code?: unknown } | null)?.code;
  const reason = error instanceof Error ? error.message : String(error);
  const kind = code === 'ENOSPC' || code === 'EDQUOT' ? 'quota' : 'unavailable';
  return new StoreError(kind, `cannot ${action} ${path}: ${reason}`, { cause: error });
}

export class FileStore implements Store {
  readonly kind = 'file' as const;
  private readonly queue = new Serial();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly io: FileIO,
    private readonly schema: Schema,
    private readonly state: Snapshot,
    private readonly gzip: boolean,
  ) {}

  /**
   * Reads `path` (a missing file is an empty state) and migrates it. Damaged records are skipped and
   * reported by `load()`. Throws StoreError 'corrupt' for a file that is not a session file,
   * 'version' for a newer one, 'unavailable' when it cannot be read. Gzips when the name ends in .gz.
   */
  static async open(
    path: string,
    io: FileIO,
    options: { schema?: Schema; gzip?: boolean } = {},
  ): Promise<FileStore> {
    const schema = options.schema ?? SCHEMA;
    let bytes: Uint8Array | undefined;
    try {
      bytes = await io.read(path);
    } catch (error) {
      throw ioError('read', path, error);
    }
    let state: Snapshot;
    try {
      state = bytes === undefined ? emptySnapshot(schema) : readSession(bytes, { schema });
    } catch (error) {
      if (error instanceof StoreError)
        throw new StoreError(error.kind, `${path}: ${error.message}`, { cause: error });
      throw error;
    }
    return new FileStore(path, io, schema, state, options.gzip ?? path.endsWith('.gz'));
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
      const checked = checkOps(ops, this.schema.stores);
      if (checked.length === 0) return;
      const undo = applyOps(this.state.stores, checked);
      const temp = `${this.path}.tmp`;
      try {
        const bytes = exportSession(
          { schema: this.state.schema, stores: this.state.stores },
          { gzip: this.gzip },
        );
        try {
          await this.io.write(temp, bytes);
        } catch (error) {
          throw ioError('write', temp, error);
        }
        try {
          await this.io.rename(temp, this.path);
        } catch (error) {
          throw ioError('replace', this.path, error);
        }
      } catch (error) {
        undo();
        if (error instanceof StoreError) {
          throw new StoreError(error.kind, `nothing was written: ${error.message}`, { cause: error.cause });
        }
        throw error;
      }
    });
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      this.closed = true;
    });
  }
}
