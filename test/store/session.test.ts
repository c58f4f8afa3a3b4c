import { gzipSync } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MemoryStore,
  STORE_NAMES,
  StoreError,
  exportSession,
  importSession,
  salvageSession,
} from '../../src/engine/store';
import type { Snapshot } from '../../src/engine/store';
import { contents, sampleOps } from './helpers';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytesOf = (s: string): Uint8Array => new TextEncoder().encode(s);

async function sample(): Promise<Snapshot> {
  const store = new MemoryStore();
  await store.apply(sampleOps());
  return store.load();
}

function refusal(f: () => unknown): StoreError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected a StoreError');
}

function small(): Snapshot {
  const stores = Object.fromEntries(STORE_NAMES.map((n) => [n, new Map<string, unknown>()]));
  stores.tags?.set('redis:7', 'sha256:r');
  stores.tags?.set('nginx:latest', 'sha256:n');
  stores.blobs?.set('sha256:b', new Uint8Array([104, 105]));
  stores.meta?.set('settings', { speed: 'instant', $bytes: 'x', lang: 'en' });
  return { schema: 1, stores };
}

describe('session format', () => {
  it('writes one canonical JSON document, one record per line, every key sorted', () => {
    expect(text(exportSession(small()))).toBe(
      [
        '{"format":"layerlab-session","schema":1,"stores":{',
        '"blobs":[',
        '["sha256:b",{"$bytes":"aGk="}]',
        '],',
        '"containers":[],',
        '"images":[],',
        '"layers":[],',
        '"meta":[',
        '["settings",{"$$bytes":"x","lang":"en","speed":"instant"}]',
        '],',
        '"tags":[',
        '["nginx:latest","sha256:n"],',
        '["redis:7","sha256:r"]',
        ']',
        '}}',
        '',
      ].join('\n'),
    );
    // It is plain JSON, as the format promises.
    const doc = JSON.parse(text(exportSession(small()))) as { format: string; schema: number };
    expect([doc.format, doc.schema]).toEqual(['layerlab-session', 1]);
  });

  it('the same state gives the same bytes whatever order it was built in', () => {
    const a = small();
    const b: Snapshot = { schema: 1, stores: {} };
    for (const name of [...STORE_NAMES].reverse()) {
      b.stores[name] = new Map([...(a.stores[name] ?? new Map<string, unknown>())].reverse());
    }
    b.stores.meta?.set('settings', { lang: 'en', $bytes: 'x', speed: 'instant' });
    expect(exportSession(b)).toEqual(exportSession(a));
  });

  it('export/import round trip gives the same state and byte-identical files', async () => {
    const snapshot = await sample();
    const bytes = exportSession(snapshot);
    const back = importSession(bytes);
    expect(contents(back)).toEqual(contents(snapshot));
    expect(back.problems).toBeUndefined();
    expect(exportSession(back)).toEqual(bytes);
  });

  it('gzip: deterministic bytes, detected on import, same state back', async () => {
    const snapshot = await sample();
    const gz = exportSession(snapshot, { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(exportSession(snapshot, { gzip: true })).toEqual(gz);
    const back = importSession(gz);
    expect(contents(back)).toEqual(contents(snapshot));
    expect(exportSession(back, { gzip: true })).toEqual(gz);
  });

  it('a literal object with a $bytes key stays an object, and bytes stay bytes', () => {
    const stores = { ...small().stores, meta: new Map<string, unknown>() };
    stores.meta.set('a', { $bytes: 'aGk=' });
    stores.meta.set('b', { $$bytes: 'aGk=' });
    stores.meta.set('c', new Uint8Array([104, 105]));
    stores.meta.set('d', [{ $bytes: new Uint8Array([1]) }]);
    const bytes = exportSession({ schema: 1, stores });
    expect(text(bytes)).toContain('["a",{"$$bytes":"aGk="}]');
    expect(text(bytes)).toContain('["b",{"$$$bytes":"aGk="}]');
    expect(text(bytes)).toContain('["d",[{"$$bytes":{"$bytes":"AQ=="}}]]');
    const meta = importSession(bytes).stores.meta;
    expect(meta?.get('a')).toEqual({ $bytes: 'aGk=' });
    expect(meta?.get('b')).toEqual({ $$bytes: 'aGk=' });
    expect(meta?.get('c')).toEqual(new Uint8Array([104, 105]));
    expect(meta?.get('d')).toEqual([{ $bytes: new Uint8Array([1]) }]);
  });

  it('accepts the same document laid out differently (pretty-printed JSON)', async () => {
    const snapshot = await sample();
    const pretty = JSON.stringify(JSON.parse(text(exportSession(snapshot))), null, 2);
    expect(contents(importSession(bytesOf(pretty)))).toEqual(contents(snapshot));
  });

  it('refuses a value no store could hold', () => {
    const snapshot = small();
    snapshot.stores.meta?.set('when', new Date(0));
    const error = refusal(() => exportSession(snapshot));
    expect(error.message).toBe('meta "when": value: a Date cannot be stored');
  });
});

describe('bad session files are refused', () => {
  it.each([
    ['random text', bytesOf('hello world\n')],
    ['an empty file', new Uint8Array(0)],
    ['some other JSON', bytesOf('{"format":"docker-save","schema":1,"stores":{}}')],
    ['a JSON array', bytesOf('[1,2,3]')],
    ['binary bytes', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00])],
    ['gzip of something else', gzipSync(bytesOf('not ours at all'))],
  ])('%s: not a Layer Lab session file', (_what, bytes) => {
    const error = refusal(() => importSession(bytes));
    expect([error.kind, error.message]).toEqual(['corrupt', 'not a Layer Lab session file']);
  });

  it('a file from a newer Layer Lab names its schema', () => {
    const error = refusal(() =>
      importSession(bytesOf('{"format":"layerlab-session","schema":9,"stores":{}}\n')),
    );
    expect([error.kind, error.message]).toEqual(['version', 'made by a newer Layer Lab (schema 9)']);
  });

  it('a record whose bytes are not base64 is refused by import', () => {
    const file = text(exportSession(small())).replace('"aGk="', '"a*k="');
    const error = refusal(() => importSession(bytesOf(file)));
    expect([error.kind, error.message]).toEqual([
      'corrupt',
      'damaged Layer Lab session file: blobs "sha256:b": value: bytes that are not valid base64',
    ]);
  });

  it('a store this schema never had is refused by import', () => {
    const file = '{"format":"layerlab-session","schema":1,"stores":{"secrets":[["k",1]]}}';
    const error = refusal(() => importSession(bytesOf(file)));
    expect(error.message).toBe(
      'damaged Layer Lab session file: secrets: schema 1 has no such store; its 1 records were left out',
    );
  });

  it('a repeated key and a malformed record are refused by import', () => {
    const file = '{"format":"layerlab-session","schema":1,"stores":{"tags":[["a","x"],["a","y"],[1,2]]}}';
    const error = refusal(() => importSession(bytesOf(file)));
    expect(error.message).toBe(
      'damaged Layer Lab session file: tags "a": record 2 repeats this key; the first one was kept (and 1 more problems)',
    );
  });

  it('a truncated file is refused by import', () => {
    const full = exportSession(small());
    const error = refusal(() => importSession(full.subarray(0, full.length - 20)));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toMatch(
      /^damaged Layer Lab session file: the file is damaged \(.*\); it was read line by line/,
    );
  });
});

describe('salvaging a damaged session file', () => {
  it('keeps every record line that still reads and names the ones that do not', () => {
    const lines = text(exportSession(small())).split('\n');
    const broken = lines.map((line) =>
      line.startsWith('["nginx:latest"') ? '["nginx:latest","sha256:n\u0000' : line,
    );
    const snapshot = salvageSession(bytesOf(broken.join('\n')));
    expect(snapshot.schema).toBe(1);
    expect(contents(snapshot).tags).toEqual([['redis:7', 'sha256:r']]);
    expect(contents(snapshot).blobs).toEqual([['sha256:b', new Uint8Array([104, 105])]]);
    expect(snapshot.problems?.map((p) => [p.store, p.key, p.message])).toEqual([
      [undefined, undefined, expect.stringMatching(/^the file is damaged \(.*\); it was read line by line$/)],
      ['tags', 'nginx:latest', 'line 12 is damaged and could not be read'],
    ]);
  });

  it('a truncated file gives back everything before the cut', () => {
    const full = text(exportSession(small()));
    const cut = full.slice(0, full.indexOf('"tags":[') + 52);
    const snapshot = salvageSession(bytesOf(cut));
    expect(contents(snapshot).meta).toEqual([['settings', { $bytes: 'x', lang: 'en', speed: 'instant' }]]);
    expect(contents(snapshot).tags).toEqual([['nginx:latest', 'sha256:n']]);
    expect(snapshot.problems?.length).toBe(2);
    expect(snapshot.problems?.[1]).toEqual({
      store: 'tags',
      key: 'redis:7',
      message: 'line 13 is damaged and could not be read',
    });
  });

  it('invalid UTF-8 in one record costs only that record', () => {
    const bytes = exportSession(small());
    const at = text(bytes).indexOf('sha256:r');
    const damaged = new Uint8Array(bytes);
    damaged[at] = 0xff;
    const snapshot = salvageSession(damaged);
    expect(contents(snapshot).tags).toEqual([['nginx:latest', 'sha256:n']]);
    expect(snapshot.problems?.at(-1)).toEqual({
      store: 'tags',
      message: 'line 13 is damaged and could not be read',
    });
  });

  it('a gzip file cut short gives back what inflates', () => {
    const stores = { ...small().stores, blobs: new Map<string, unknown>() };
    // Enough incompressible records that the cut falls well after the first ones.
    let seed = 1;
    for (let i = 0; i < 200; i++) {
      const bytes = new Uint8Array(64).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 255);
      stores.blobs.set(`sha256:${String(i).padStart(3, '0')}`, bytes);
    }
    const gz = exportSession({ schema: 1, stores }, { gzip: true });
    const snapshot = salvageSession(gz.subarray(0, gz.length >> 1));
    const kept = snapshot.stores.blobs?.size ?? 0;
    expect(kept).toBeGreaterThan(20);
    expect(kept).toBeLessThan(200);
    expect(snapshot.stores.blobs?.get('sha256:000')).toEqual(stores.blobs.get('sha256:000'));
    expect(snapshot.problems?.[0]?.message).toMatch(/^the compressed file is damaged/);
  });

  it('still refuses what is not a session file at all', () => {
    expect(() => salvageSession(bytesOf('<html>'))).toThrow('not a Layer Lab session file');
  });
});

describe('session round trip, for any records', () => {
  const RUNS = Number(process.env.FC_RUNS ?? 200);
  const key = fc.oneof(fc.string(), fc.constantFrom('$bytes', '$$bytes', '__proto__', 'constructor', ''));
  const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      number,
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 40 }),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    ),
  }));
  const snapshot = fc
    .record(Object.fromEntries(STORE_NAMES.map((n) => [n, fc.array(fc.tuple(key, value), { maxLength: 5 })])))
    .map((stores): Snapshot => ({
      schema: 1,
      stores: Object.fromEntries(Object.entries(stores).map(([n, records]) => [n, new Map(records)])),
    }));

  it('import(export(s)) is s, and exporting again gives the same bytes', () => {
    fc.assert(
      fc.property(snapshot, fc.boolean(), (s, gzip) => {
        const bytes = exportSession(s, { gzip });
        const back = importSession(bytes);
        expect(contents(back)).toEqual(contents(s));
        expect(exportSession(back, { gzip })).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });
});
