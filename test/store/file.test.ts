import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore, StoreError, exportSession, importSession } from '../../src/engine/store';
import { nodeFileIO } from '../../src/node/file-io';
import { MemoryFiles, contents, sampleOps } from './helpers';

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  return error as StoreError;
}

const PATH = '/state/session.json';

describe('FileStore', () => {
  it('a missing file is an empty state, and nothing is written until the first apply', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open(PATH, files);
    expect(contents(await store.load()).tags).toEqual([]);
    expect(files.files.size).toBe(0);
    await store.apply([{ store: 'tags', key: 'a', value: 'b' }]);
    expect([...files.files.keys()]).toEqual([PATH]);
  });

  it('the file holds exactly the session export of the state', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open(PATH, files);
    await store.apply(sampleOps());
    expect(files.files.get(PATH)).toEqual(exportSession(await store.load()));
    expect(contents(importSession(files.files.get(PATH) ?? new Uint8Array()))).toEqual(
      contents(await store.load()),
    );
  });

  it('a write that fails midway leaves the old file and the old state', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open(PATH, files);
    await store.apply([{ store: 'tags', key: 'nginx:latest', value: 'sha256:old' }]);
    const before = files.files.get(PATH);
    files.failWrite = () => true;
    const error = await rejection(
      store.apply([
        { store: 'tags', key: 'nginx:latest', value: 'sha256:new' },
        { store: 'images', key: 'sha256:new', value: { size: 1 } },
      ]),
    );
    expect([error.kind, error.message]).toEqual([
      'quota',
      'nothing was written: cannot write /state/session.json.tmp: ENOSPC: no space left on device, write',
    ]);
    // The half-written temp file was never renamed over the real one.
    expect(files.files.get(PATH)).toBe(before);
    expect(files.files.get(`${PATH}.tmp`)?.length).toBeLessThan(before?.length ?? 0);
    expect(contents(await store.load()).tags).toEqual([['nginx:latest', 'sha256:old']]);
    expect(contents(await store.load()).images).toEqual([]);
    const reopened = await FileStore.open(PATH, files);
    expect(contents(await reopened.load()).tags).toEqual([['nginx:latest', 'sha256:old']]);
    // The next write goes through over the leftover temp file.
    files.failWrite = undefined;
    await store.apply([{ store: 'tags', key: 'redis:7', value: 'sha256:r' }]);
    expect(contents(await (await FileStore.open(PATH, files)).load()).tags).toEqual([
      ['nginx:latest', 'sha256:old'],
      ['redis:7', 'sha256:r'],
    ]);
  });

  it('a rename that fails leaves the old file and the old state', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open(PATH, files);
    await store.apply([{ store: 'meta', key: 'n', value: 1 }]);
    const before = files.files.get(PATH);
    files.failRename = () => true;
    const error = await rejection(store.apply([{ store: 'meta', key: 'n', value: 2 }]));
    expect([error.kind, error.message]).toEqual([
      'unavailable',
      'nothing was written: cannot replace /state/session.json: EIO: i/o error, rename',
    ]);
    expect(files.files.get(PATH)).toBe(before);
    expect((await store.load()).stores.meta?.get('n')).toBe(1);
  });

  it('never has two writes in flight, and the file ends with the last state', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open(PATH, files);
    // The first write is the slowest: without serialising, it would land last.
    let n = 0;
    files.delay = () => [30, 1, 10, 0][n++] ?? 0;
    await Promise.all([1, 2, 3, 4].map((i) => store.apply([{ store: 'meta', key: 'n', value: i }])));
    expect(files.maxInFlight).toBe(1);
    expect(files.writes).toBe(4);
    expect((await (await FileStore.open(PATH, files)).load()).stores.meta?.get('n')).toBe(4);
  });

  it('gzips when the file name ends in .gz', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open('/s.json.gz', files);
    await store.apply(sampleOps());
    const bytes = files.files.get('/s.json.gz');
    expect([bytes?.[0], bytes?.[1]]).toEqual([0x1f, 0x8b]);
    expect(bytes).toEqual(exportSession(await store.load(), { gzip: true }));
    expect(contents(await (await FileStore.open('/s.json.gz', files)).load())).toEqual(
      contents(await store.load()),
    );
  });

  it('a damaged file opens with what could be read and lists what could not', async () => {
    const files = new MemoryFiles();
    const store = await FileStore.open(PATH, files);
    await store.apply([
      { store: 'tags', key: 'a', value: 'sha256:a' },
      { store: 'tags', key: 'b', value: 'sha256:b' },
    ]);
    const text = new TextDecoder()
      .decode(files.files.get(PATH))
      .replace('["b","sha256:b"]', '["b",{"$bytes":"%%"}]');
    files.files.set(PATH, new TextEncoder().encode(text));
    const damaged = await (await FileStore.open(PATH, files)).load();
    expect(contents(damaged).tags).toEqual([['a', 'sha256:a']]);
    expect(damaged.problems).toEqual([
      { store: 'tags', key: 'b', message: 'value: bytes that are not valid base64' },
    ]);
  });

  it('refuses a file that is not a session file, or is from a newer Layer Lab', async () => {
    const files = new MemoryFiles();
    files.files.set('/x.json', new TextEncoder().encode('{"hello": "world"}'));
    files.files.set(
      '/y.json',
      new TextEncoder().encode('{"format":"layerlab-session","schema":4,"stores":{}}'),
    );
    const notOurs = await rejection(FileStore.open('/x.json', files));
    expect([notOurs.kind, notOurs.message]).toEqual(['corrupt', '/x.json: not a Layer Lab session file']);
    const newer = await rejection(FileStore.open('/y.json', files));
    expect([newer.kind, newer.message]).toEqual(['version', '/y.json: made by a newer Layer Lab (schema 4)']);
  });

  it('a file it cannot read is unavailable', async () => {
    const files = new MemoryFiles();
    files.read = () =>
      Promise.reject(
        Object.assign(new Error("EACCES: permission denied, open '/s.json'"), { code: 'EACCES' }),
      );
    const error = await rejection(FileStore.open('/s.json', files));
    expect([error.kind, error.message]).toEqual([
      'unavailable',
      "cannot read /s.json: EACCES: permission denied, open '/s.json'",
    ]);
  });
});

describe('nodeFileIO', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads a missing file as undefined, writes, and renames over an existing file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'layerlab-store-'));
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    expect(await nodeFileIO.read(a)).toBeUndefined();
    await nodeFileIO.write(a, new Uint8Array([1, 2, 3]));
    await nodeFileIO.write(b, new Uint8Array([9]));
    await nodeFileIO.rename(a, b);
    const read = await nodeFileIO.read(b);
    expect(read).toEqual(new Uint8Array([1, 2, 3]));
    expect(Object.getPrototypeOf(read)).toBe(Uint8Array.prototype);
    expect(await readdir(dir)).toEqual(['b']);
  });

  it('a FileStore on disk survives a reopen and leaves no temp file behind', async () => {
    dir = await mkdtemp(join(tmpdir(), 'layerlab-store-'));
    const path = join(dir, 'state.json.gz');
    const store = await FileStore.open(path, nodeFileIO);
    await store.apply(sampleOps());
    const written = contents(await store.load());
    await store.close();
    expect(contents(await (await FileStore.open(path, nodeFileIO)).load())).toEqual(written);
    expect(await readdir(dir)).toEqual(['state.json.gz']);
    expect([...(await readFile(path)).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });

  it('errors other than a missing file are passed on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'layerlab-store-'));
    await expect(nodeFileIO.read(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(nodeFileIO.write(join(dir, 'no', 'such', 'dir'), new Uint8Array(1))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
