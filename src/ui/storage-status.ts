// How the learner's host is kept, as the page's storage notice shows it: saved in IndexedDB, or in
// memory only and why (no IndexedDB in this window, a database from a newer Layer Lab, an upgrade that
// failed, records that could not be read, a store that filled up or closed during a command). Pure:
// ui/host.ts decides the state when the host opens, StorageNotice.svelte shows it and follows the
// engine's 'store-failed' event afterwards.

import { StoreError } from '../engine/store/types';
import type { StoreErrorKind } from '../engine/store/types';

export type StorageState =
  /** Every command is written to IndexedDB. */
  | { readonly kind: 'saved' }
  /** IndexedDB is missing or refused (private windows): an empty host in memory. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  /** The database was written by a newer Layer Lab: left untouched, an empty host in memory. */
  | { readonly kind: 'newer'; readonly reason: string }
  /** Upgrading the database from an older layout failed: left untouched, an empty host in memory. */
  | { readonly kind: 'migration-failed'; readonly reason: string }
  /** The database opened but could not be read at all: left untouched, an empty host in memory. */
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** Some records could not be read: what could be read runs in memory; the database is no longer written. */
  | { readonly kind: 'damaged'; readonly leftOut: readonly string[] }
  /** The store refused a command's write because it is full: that command was undone; memory from then on. */
  | { readonly kind: 'full'; readonly command: string | null; readonly reason: string }
  /** The store closed under a command (the browser closed it, another tab upgraded): memory from then on. */
  | { readonly kind: 'closed'; readonly command: string | null; readonly reason: string };

export type StorageKind = StorageState['kind'];

export const SAVED: StorageState = { kind: 'saved' };

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The state when IndexedDB could not be opened: which kind of trouble the store's error names. */
export function stateOfOpenError(error: unknown): StorageState {
  const reason = reasonOf(error);
  const kind: StoreErrorKind | undefined = error instanceof StoreError ? error.kind : undefined;
  switch (kind) {
    case 'version':
      return { kind: 'newer', reason };
    case 'corrupt':
      return { kind: 'migration-failed', reason };
    default:
      // 'unavailable', or anything else the browser threw while opening: no saving in this window.
      return { kind: 'unavailable', reason };
  }
}

/**
 * The state after the engine reported 'store-failed' while running `command` (null when the page
 * does not know which line it was). Only the first failure counts: from then on nothing is written.
 */
export function stateOfStoreFailure(
  current: StorageState,
  failure: { kind: StoreErrorKind; message: string },
  command: string | null,
): StorageState {
  if (current.kind !== 'saved') return current;
  return failure.kind === 'quota'
    ? { kind: 'full', command, reason: failure.message }
    : { kind: 'closed', command, reason: failure.message };
}

/** The saved database holds something this host does not: offer to export it as it is (salvage). */
export function offersSalvage(state: StorageState): boolean {
  return state.kind === 'newer' || state.kind === 'migration-failed' || state.kind === 'unreadable';
}

/** The saved database is damaged: offer to delete it (after a confirmation) and start with an empty one. */
export function offersAfresh(state: StorageState): boolean {
  return state.kind === 'damaged' || state.kind === 'unreadable';
}

/** Whether the page shows a storage notice at all. */
export function needsNotice(state: StorageState): boolean {
  return state.kind !== 'saved';
}

/** `layerlab-<what>-YYYYMMDD-HHMM.json`, in local time, for downloaded session files. */
export function sessionFileName(what: 'session' | 'saved-host', at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}`;
  return `layerlab-${what}-${stamp}.json`;
}
