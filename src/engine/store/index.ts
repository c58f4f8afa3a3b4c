// The persistence layer's public face: the engine imports from here.

export { StoreError, isDeleteOp } from './types';
export type { FileIO, Problem, Snapshot, Store, StoreErrorKind, TxOp } from './types';
export {
  MIGRATIONS,
  SCHEMA,
  STORE_NAMES,
  addStores,
  defineSchema,
  emptySnapshot,
  migrate,
  newerMessage,
} from './schema';
export type { BaseStoreName, Migration, Schema } from './schema';
export { MemoryStore } from './memory';
export { FileStore } from './file';
export { IdbStore, salvageIdb } from './idb';
export type { IdbOptions } from './idb';
export {
  NOT_A_SESSION,
  SESSION_FORMAT,
  exportSession,
  importSession,
  problemText,
  readSession,
  salvageSession,
} from './session';
export { copyValue, isBytes, sameValue, valueProblem } from './value';
