// The session file: the browser's export/import and the Node runner's `--state FILE`. One JSON
// document, written one record per line with every key sorted, so equal states give equal bytes
// and a damaged file can still be read line by line.

import { Gunzip, gunzipSync, gzipSync } from 'fflate';
import { decodeBase64, encodeBase64 } from './base64';
import { SCHEMA, STORE_NAME, migrate, newerMessage } from './schema';
import type { Schema } from './schema';
import { StoreError } from './types';
import type { Problem, Snapshot } from './types';
import { ValueError, describe, isBytes, isPlainObject, keyPath, setOwn } from './value';

export const SESSION_FORMAT = 'layerlab-session';
export const NOT_A_SESSION = 'not a Layer Lab session file';
export { STORE_NAME };

const HEADER = /^\{"format":"layerlab-session","schema":(\d+),"stores":\{$/;
const STORE_OPEN = /^("(?:[^"\\]|\\.)*"):\[(\])?,?$/;
const BYTES_KEY = '$bytes';
/** Keys that would read as the bytes marker get one more `$` when written, and lose it when read. */
const ESCAPED_KEY = /^\$+bytes$/;

// ---------------------------------------------------------------------------------------- writing

function encodeValue(value: unknown, path: string, open: Set<object>): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new ValueError(path, `${describe(value)} cannot be stored`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new ValueError(path, `${describe(value)} cannot be stored`);
  }
  if (value === null) return 'null';
  if (isBytes(value)) return `{"${BYTES_KEY}":"${encodeBase64(value)}"}`;
  if (open.has(value)) throw new ValueError(path, 'a cycle cannot be stored');
  open.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item, i) => encodeValue(item, `${path}[${i}]`, open)).join(',')}]`;
  } else if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const item = value[key];
      if (item === undefined) continue;
      const written = ESCAPED_KEY.test(key) ? `$${key}` : key;
      parts.push(`${JSON.stringify(written)}:${encodeValue(item, keyPath(path, key), open)}`);
    }
    out = `{${parts.join(',')}}`;
  } else {
    throw new ValueError(path, `${describe(value)} cannot be stored`);
  }
  open.delete(value);
  return out;
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * The session file for a snapshot (its `problems` are not part of it). Throws StoreError 'corrupt'
 * for a value no store could hold (a function, NaN, a Map…).
 */
export function exportSession(snapshot: Snapshot, options: { gzip?: boolean } = {}): Uint8Array {
  if (!Number.isSafeInteger(snapshot.schema) || snapshot.schema < 0) {
    throw new StoreError('corrupt', `schema ${snapshot.schema} is not a version number`);
  }
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const line = (text: string): void => void chunks.push(encoder.encode(`${text}\n`));
  line(`{"format":"${SESSION_FORMAT}","schema":${snapshot.schema},"stores":{`);
  const names = Object.keys(snapshot.stores).sort();
  names.forEach((name, i) => {
    if (!STORE_NAME.test(name)) throw new StoreError('corrupt', `"${name}" is not a store name`);
    const records = snapshot.stores[name] ?? new Map<string, unknown>();
    const close = i + 1 < names.length ? '],' : ']';
    if (records.size === 0) return line(`${JSON.stringify(name)}:[${close}`);
    line(`${JSON.stringify(name)}:[`);
    const keys = [...records.keys()].sort();
    keys.forEach((key, j) => {
      let value: string;
      try {
        value = encodeValue(records.get(key), '', new Set());
      } catch (error) {
        if (!(error instanceof ValueError)) throw error;
        throw new StoreError('corrupt', `${name} ${JSON.stringify(key)}: ${error.message}`, { cause: error });
      }
      line(`[${JSON.stringify(key)},${value}]${j + 1 < keys.length ? ',' : ''}`);
    });
    line(close);
  });
  line('}}');
  const bytes = concat(chunks);
  // mtime 0: the gzip header would otherwise carry the current time and break byte equality.
  return options.gzip ? gzipSync(bytes, { mtime: 0 }) : bytes;
}

// ---------------------------------------------------------------------------------------- reading

export function problemText(problem: Problem): string {
  const where = [problem.store, problem.key === undefined ? undefined : JSON.stringify(problem.key)]
    .filter((part) => part !== undefined)
    .join(' ');
  return where === '' ? problem.message : `${where}: ${problem.message}`;
}

function decodeValue(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, i) => decodeValue(item, `${path}[${i}]`));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.includes(BYTES_KEY)) {
    const text = value[BYTES_KEY];
    if (keys.length !== 1 || typeof text !== 'string')
      throw new ValueError(path, 'malformed {"$bytes": …} value');
    const bytes = decodeBase64(text);
    if (!bytes) throw new ValueError(path, 'bytes that are not valid base64');
    return bytes;
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const name = ESCAPED_KEY.test(key) ? key.slice(1) : key;
    setOwn(out, name, decodeValue(value[key], keyPath(path, name)));
  }
  return out;
}

function addRecord(
  records: Map<string, unknown>,
  store: string,
  item: unknown,
  where: string,
  problems: Problem[],
): void {
  if (!Array.isArray(item) || item.length !== 2 || typeof item[0] !== 'string') {
    problems.push({ store, message: `${where} is not a [key, value] pair` });
    return;
  }
  const key = item[0];
  if (records.has(key)) {
    problems.push({ store, key, message: `${where} repeats this key; the first one was kept` });
    return;
  }
  try {
    records.set(key, decodeValue(item[1], ''));
  } catch (error) {
    if (!(error instanceof ValueError)) throw error;
    problems.push({ store, key, message: error.message });
  }
}

function fromDocument(doc: unknown, problems: Problem[]): Snapshot {
  if (!isPlainObject(doc) || doc.format !== SESSION_FORMAT) throw new StoreError('corrupt', NOT_A_SESSION);
  const schema = doc.schema;
  if (typeof schema !== 'number' || !Number.isSafeInteger(schema) || schema < 0) {
    throw new StoreError('corrupt', 'damaged Layer Lab session file: "schema" is not a version number');
  }
  if (!isPlainObject(doc.stores))
    throw new StoreError('corrupt', 'damaged Layer Lab session file: no "stores"');
  const stores: Record<string, Map<string, unknown>> = {};
  for (const [name, list] of Object.entries(doc.stores)) {
    if (!STORE_NAME.test(name)) {
      problems.push({ message: `${JSON.stringify(name)} is not a store name; it was left out` });
    } else if (!Array.isArray(list)) {
      problems.push({ store: name, message: 'the store is not a list of records; it was left out' });
    } else {
      const records = (stores[name] = new Map());
      list.forEach((item, i) => addRecord(records, name, item, `record ${i + 1}`, problems));
    }
  }
  return { schema, stores };
}

function keyOfLine(line: string): string | undefined {
  const match = /^\[("(?:[^"\\]|\\.)*"),/.exec(line);
  try {
    return match?.[1] === undefined ? undefined : (JSON.parse(match[1]) as string);
  } catch {
    return undefined;
  }
}

/** Reads a file in the canonical layout line by line, keeping every record line that still parses. */
function fromLines(bytes: Uint8Array, problems: Problem[]): Snapshot {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stores: Record<string, Map<string, unknown>> = {};
  let schema = -1;
  let store: string | undefined;
  let lineNo = 0;
  for (let start = 0; start < bytes.length;) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    lineNo++;
    const where = `line ${lineNo}`;
    let line: string;
    try {
      line = decoder.decode(bytes.subarray(start, end)).replace(/\r$/, '');
    } catch {
      line = '\u0000';
    }
    start = end + 1;
    if (schema < 0) {
      const header = HEADER.exec(line.replace(/^\uFEFF/, ''));
      if (!header) throw new StoreError('corrupt', NOT_A_SESSION);
      schema = Number(header[1]);
      continue;
    }
    const open = STORE_OPEN.exec(line);
    if (open?.[1] !== undefined) {
      const name = JSON.parse(open[1]) as string;
      if (!STORE_NAME.test(name)) {
        problems.push({
          message: `${where}: ${JSON.stringify(name)} is not a store name; its records were left out`,
        });
        store = undefined;
      } else {
        stores[name] ??= new Map();
        store = open[2] === undefined ? name : undefined;
      }
      continue;
    }
    if (/^\],?$/.test(line)) {
      store = undefined;
      continue;
    }
    if (line === '}}' || line === '') continue;
    let item: unknown;
    try {
      item = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
    } catch {
      const key = keyOfLine(line);
      const problem = { ...(store === undefined ? {} : { store }), ...(key === undefined ? {} : { key }) };
      problems.push({ ...problem, message: `${where} is damaged and could not be read` });
      continue;
    }
    const records = store === undefined ? undefined : stores[store];
    if (store === undefined || !records)
      problems.push({ message: `${where} holds a record outside any store` });
    else addRecord(records, store, item, where, problems);
  }
  if (schema < 0) throw new StoreError('corrupt', NOT_A_SESSION);
  return { schema, stores };
}

function gunzip(bytes: Uint8Array, problems: Problem[]): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    problems.push({
      message: `the compressed file is damaged (${reason}); only its readable start was used`,
    });
    // Fed in slices so that what inflates before the damage is delivered before the error.
    const parts: Uint8Array[] = [];
    const stream = new Gunzip((chunk) => void parts.push(chunk));
    try {
      for (let at = 0; at < bytes.length; at += 4096) stream.push(bytes.subarray(at, at + 4096), false);
    } catch {
      // The damage: keep what came before it.
    }
    return concat(parts);
  }
}

/**
 * Decodes a session file as far as it can: records it cannot read are listed in `problems` and left
 * out. Does not migrate. Throws StoreError 'corrupt' only when the bytes are not a session file.
 */
export function salvageSession(bytes: Uint8Array): Snapshot {
  const problems: Problem[] = [];
  const plain = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzip(bytes, problems) : bytes;
  let doc: unknown;
  let damage: string | undefined;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
  } catch (error) {
    damage = error instanceof Error ? error.message : String(error);
  }
  let snapshot: Snapshot;
  if (damage === undefined) {
    snapshot = fromDocument(doc, problems);
  } else {
    problems.push({ message: `the file is damaged (${damage}); it was read line by line` });
    snapshot = fromLines(plain, problems);
  }
  return problems.length > 0 ? { ...snapshot, problems } : snapshot;
}

/**
 * Reads a session file for `schema`: refuses a newer one (StoreError 'version'), then migrates.
 * With `strict`, any damage is refused (StoreError 'corrupt'); otherwise it is listed in `problems`.
 */
export function readSession(
  bytes: Uint8Array,
  options: { schema?: Schema; strict?: boolean } = {},
): Snapshot {
  const schema = options.schema ?? SCHEMA;
  const raw = salvageSession(bytes);
  if (raw.schema > schema.version) throw new StoreError('version', newerMessage(raw.schema));
  const problems: Problem[] = [...(raw.problems ?? [])];
  const known = schema.storesAt[raw.schema] ?? [];
  const stores: Record<string, Map<string, unknown>> = {};
  for (const [name, records] of Object.entries(raw.stores)) {
    if (known.includes(name)) stores[name] = records;
    else
      problems.push({
        store: name,
        message: `schema ${raw.schema} has no such store; its ${records.size} records were left out`,
      });
  }
  const migrated = migrate({ schema: raw.schema, stores }, schema);
  problems.push(...(migrated.problems ?? []));
  const first = problems[0];
  if (options.strict && first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    throw new StoreError('corrupt', `damaged Layer Lab session file: ${problemText(first)}${more}`);
  }
  return problems.length > 0
    ? { ...migrated, problems }
    : { schema: migrated.schema, stores: migrated.stores };
}

/** A session file as a snapshot of the current schema; refuses any damage with a clear StoreError. */
export function importSession(bytes: Uint8Array, options: { schema?: Schema } = {}): Snapshot {
  return readSession(bytes, { ...options, strict: true });
}
