// Schema versions and migrations. Version 0 is "nothing stored yet"; migration v turns a snapshot at
// version v into one at v+1, so a fresh database is simply every migration run over nothing.

import { StoreError } from './types';
import type { Problem, Snapshot } from './types';

/** The object stores of the first layout. Later migrations may add, rename or drop stores. */
export const STORE_NAMES = ['blobs', 'layers', 'images', 'tags', 'containers', 'meta'] as const;
export type BaseStoreName = (typeof STORE_NAMES)[number];

/** Store names are identifiers (never `__proto__`), so a stores record can be a plain object. */
export const STORE_NAME = /^[A-Za-z][\w-]*$/;

/** Upgrades a snapshot by one version. It receives a copy it owns, so it may change it in place. */
export type Migration = (snapshot: Snapshot) => Snapshot;

export interface Schema {
  /** The current version: the number of migrations. */
  readonly version: number;
  /** `migrations[v]` upgrades version v to v+1. */
  readonly migrations: readonly Migration[];
  /** The object stores at the current version, sorted. */
  readonly stores: readonly string[];
  /** `storesAt[v]`: the object stores at version v, sorted. */
  readonly storesAt: readonly (readonly string[])[];
}

export function newerMessage(schema: number): string {
  return `made by a newer Layer Lab (schema ${schema})`;
}

/** A migration that adds empty stores (keeping any that already exist). */
export function addStores(names: readonly string[]): Migration {
  return (snapshot) => {
    const stores = { ...snapshot.stores };
    for (const name of names) stores[name] ??= new Map();
    return { ...snapshot, stores };
  };
}

/** The layout as of this version of the code; the engine extends it with `defineSchema([...MIGRATIONS, next])`. */
export const MIGRATIONS: readonly Migration[] = [addStores(STORE_NAMES)];

export function emptySnapshot(schema: Schema): Snapshot {
  const stores: Record<string, Map<string, unknown>> = {};
  for (const name of schema.stores) stores[name] = new Map();
  return { schema: schema.version, stores };
}

/** Builds a schema, running the migrations once over nothing to learn each version's stores. */
export function defineSchema(migrations: readonly Migration[]): Schema {
  if (migrations.length === 0)
    throw new Error('a schema needs at least the migration that creates the stores');
  const storesAt: string[][] = [[]];
  let snapshot: Snapshot = { schema: 0, stores: {} };
  for (let v = 0; v < migrations.length; v++) {
    snapshot = step(snapshot, migrations, v);
    storesAt.push(Object.keys(snapshot.stores).sort());
  }
  return { version: migrations.length, migrations, stores: storesAt[migrations.length] ?? [], storesAt };
}

export const SCHEMA: Schema = defineSchema(MIGRATIONS);

function step(snapshot: Snapshot, migrations: readonly Migration[], v: number): Snapshot {
  const migration = migrations[v];
  if (!migration) throw new StoreError('version', `no migration from schema ${v}`);
  let next: Snapshot;
  try {
    next = migration(snapshot);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(
      'corrupt',
      `upgrading the saved state from schema ${v} to ${v + 1} failed: ${reason}`,
      {
        cause: error,
      },
    );
  }
  const stores = next?.stores;
  if (
    typeof stores !== 'object' ||
    stores === null ||
    !Object.values(stores).every((m) => m instanceof Map)
  ) {
    throw new StoreError('corrupt', `the migration from schema ${v} to ${v + 1} did not return a snapshot`);
  }
  return { schema: v + 1, stores };
}

/**
 * Brings a snapshot (which the caller hands over: migrations may change it) up to the schema's
 * version. Stores the schema does not know are left out and reported as problems; missing ones
 * are created empty. Throws StoreError 'version' for a newer snapshot, 'corrupt' when a migration fails.
 */
export function migrate(snapshot: Snapshot, schema: Schema): Snapshot {
  if (snapshot.schema > schema.version) throw new StoreError('version', newerMessage(snapshot.schema));
  let current: Snapshot = snapshot;
  for (let v = snapshot.schema; v < schema.version; v++) current = step(current, schema.migrations, v);
  const problems: Problem[] = [...(snapshot.problems ?? [])];
  const stores: Record<string, Map<string, unknown>> = {};
  for (const name of schema.stores) stores[name] = current.stores[name] ?? new Map();
  for (const [name, records] of Object.entries(current.stores)) {
    if (!schema.stores.includes(name)) {
      problems.push({
        store: name,
        message: `unknown store "${name}": its ${records.size} records were left out`,
      });
    }
  }
  return problems.length > 0
    ? { schema: schema.version, stores, problems }
    : { schema: schema.version, stores };
}
