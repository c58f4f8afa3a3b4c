// The service worker built by scripts/sw-plugin.ts: which files it precaches, how its version
// follows the files' contents, and (run in a small fake worker scope) how it answers requests.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { precacheList, swSource, swVersion, writeServiceWorker } from '../../scripts/sw-plugin';

const BUILT = [
  'index.html',
  'frame.html',
  'manifest.webmanifest',
  'favicon.svg',
  'sw.js',
  'assets/index-abc.js',
  'assets/index-abc.js.map',
  'assets/index-def.css',
  'assets/docker-123.js',
  'assets/docker-123.js.map',
  'catalog/index.json',
  'catalog/packages.json.gz',
  'catalog/layers/nginx-1.27-10.json.gz',
  'catalog/layers/alpine-3.21.json.gz',
];

describe('precacheList', () => {
  it('lists every asset, page and catalog file, sorted, without source maps or sw.js itself', () => {
    expect(precacheList(BUILT)).toEqual([
      'assets/docker-123.js',
      'assets/index-abc.js',
      'assets/index-def.css',
      'catalog/index.json',
      'catalog/layers/alpine-3.21.json.gz',
      'catalog/layers/nginx-1.27-10.json.gz',
      'catalog/packages.json.gz',
      'favicon.svg',
      'frame.html',
      'index.html',
      'manifest.webmanifest',
    ]);
  });

  it('lists a file once however it is spelled', () => {
    const list = precacheList([
      'index.html',
      './index.html',
      '/index.html',
      'catalog/index.json',
      'catalog/index.json',
    ]);
    expect(list).toEqual(['catalog/index.json', 'index.html']);
  });

  it('leaves out dot files', () => {
    expect(precacheList(['.DS_Store', 'catalog/.gitkeep', 'index.html'])).toEqual(['index.html']);
  });
});

describe('swVersion', () => {
  const files = (): Map<string, string> =>
    new Map([
      ['index.html', '<html>'],
      ['assets/index-abc.js', 'console.log(1)'],
      ['catalog/index.json', '{"images":[]}'],
    ]);

  it('is the same for the same files, whatever their order', () => {
    const reversed = new Map([...files()].reverse());
    expect(swVersion(reversed)).toBe(swVersion(files()));
  });

  it('changes when any listed file changes, including a catalog file', () => {
    const base = swVersion(files());
    for (const path of files().keys()) {
      const changed = files();
      changed.set(path, `${changed.get(path)} `);
      expect(swVersion(changed), path).not.toBe(base);
    }
  });

  it('changes when a file is added or removed, and with the salt', () => {
    const base = swVersion(files());
    const added = files().set('assets/new-1.js', '');
    expect(swVersion(added)).not.toBe(base);
    const removed = files();
    removed.delete('catalog/index.json');
    expect(swVersion(removed)).not.toBe(base);
    expect(swVersion(files(), 'next')).not.toBe(base);
  });

  it('ignores files that are not precached (source maps, sw.js)', () => {
    const base = swVersion(files());
    const more = files().set('assets/index-abc.js.map', '{}').set('sw.js', 'old worker');
    expect(swVersion(more)).toBe(base);
  });
});

describe('writeServiceWorker', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes sw.js listing the built files, with a version that follows their contents', () => {
    dir = mkdtempSync(join(tmpdir(), 'sw-test-'));
    for (const f of BUILT) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), `content of ${f}`);
    }
    const first = writeServiceWorker(dir);
    expect(first.files).toEqual(precacheList(BUILT));
    const source = readFileSync(join(dir, 'sw.js'), 'utf8');
    expect(source).toContain(`const VERSION = "${first.version}"`);
    expect(source).toContain(JSON.stringify(first.files));
    // Rebuilding the same files (sw.js now exists) gives the same version; a changed catalog does not.
    expect(writeServiceWorker(dir).version).toBe(first.version);
    writeFileSync(join(dir, 'catalog/index.json'), '{"changed":true}');
    expect(writeServiceWorker(dir).version).not.toBe(first.version);
  });
});

// ---- the worker itself, run against fake caches and network ----

type Listener = (event: Record<string, unknown>) => void;
interface FakeRequest {
  url: string;
  method: string;
  mode: string;
}

function fakeWorker(files: string[], version = 'v1', network: Record<string, string> = {}) {
  const scope = 'https://lab.example/app/';
  const listeners = new Map<string, Listener[]>();
  const stores = new Map<string, Map<string, Response>>();
  const cache = (name: string) => {
    let store = stores.get(name);
    if (!store) stores.set(name, (store = new Map()));
    const s = store;
    return {
      put: async (url: string, response: Response) => void s.set(url, response),
      match: async (url: string) => s.get(url)?.clone(),
    };
  };
  const caches = {
    open: async (name: string) => cache(name),
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
  };
  const fetch = vi.fn(async (req: Request | FakeRequest) => {
    const body = network[req.url];
    return body === undefined ? new Response('missing', { status: 404 }) : new Response(body);
  });
  const self = {
    registration: { scope },
    skipWaiting: vi.fn(),
    addEventListener: (type: string, fn: Listener) =>
      listeners.set(type, [...(listeners.get(type) ?? []), fn]),
  };
  new Function('self', 'caches', 'fetch', swSource(version, files))(self, caches, fetch);

  async function dispatch(type: string, extra: Record<string, unknown> = {}) {
    const waits: Promise<unknown>[] = [];
    let response: Promise<Response> | undefined;
    const event = {
      ...extra,
      waitUntil: (p: Promise<unknown>) => void waits.push(p),
      respondWith: (p: Promise<Response>) => void (response = p),
    };
    for (const fn of listeners.get(type) ?? []) fn(event);
    await Promise.all(waits);
    return response;
  }
  const request = (path: string, mode = 'cors'): FakeRequest => ({
    url: new URL(path, scope).href,
    method: 'GET',
    mode,
  });
  const served = async (path: string, mode = 'cors') => {
    const response = await dispatch('fetch', { request: request(path, mode) });
    return response === undefined ? undefined : (await response).text();
  };
  return { scope, stores, fetch, self, dispatch, served };
}

describe('the generated worker', () => {
  const FILES = ['index.html', 'assets/index-abc.js', 'catalog/index.json', 'catalog/layers/nginx.json.gz'];
  const network = Object.fromEntries(
    FILES.map((f) => [`https://lab.example/app/${f}`, `body of ${f}`]),
  ) as Record<string, string>;

  it('precaches every listed file on install, resolved against its scope', async () => {
    const sw = fakeWorker(FILES, 'v1', network);
    await sw.dispatch('install');
    expect(sw.fetch.mock.calls.map(([r]) => r.url).sort()).toEqual(Object.keys(network).sort());
    expect([...(sw.stores.get('layer-lab-v1')?.keys() ?? [])].sort()).toEqual(Object.keys(network).sort());
  });

  it('fails to install when a file cannot be fetched, so a broken deploy never takes over', async () => {
    const partial = { ...network };
    delete partial['https://lab.example/app/catalog/index.json'];
    const sw = fakeWorker(FILES, 'v1', partial);
    await expect(sw.dispatch('install')).rejects.toThrow(/catalog\/index\.json: HTTP 404/);
  });

  it('answers precached files and the catalog from the cache, without the network', async () => {
    const sw = fakeWorker(FILES, 'v1', network);
    await sw.dispatch('install');
    sw.fetch.mockClear();
    expect(await sw.served('catalog/layers/nginx.json.gz')).toBe('body of catalog/layers/nginx.json.gz');
    expect(await sw.served('assets/index-abc.js?x=1')).toBe('body of assets/index-abc.js');
    expect(sw.fetch).not.toHaveBeenCalled();
  });

  it('answers every page of the app (any query) with the cached index.html', async () => {
    const sw = fakeWorker(FILES, 'v1', network);
    await sw.dispatch('install');
    sw.fetch.mockClear();
    for (const page of ['./', './?speed=instant', './?lang=zh-CN', './index.html?speed=instant']) {
      expect(await sw.served(page, 'navigate'), page).toBe('body of index.html');
    }
    expect(sw.fetch).not.toHaveBeenCalled();
  });

  it('leaves everything else to the network', async () => {
    const sw = fakeWorker(FILES, 'v1', network);
    await sw.dispatch('install');
    expect(await sw.served('assets/not-built.js')).toBeUndefined();
    expect(await sw.served('https://elsewhere.example/app/index.html')).toBeUndefined();
    expect(await sw.served('https://lab.example/other/', 'navigate')).toBeUndefined();
  });

  it('deletes the caches of other versions when it takes over, and only those', async () => {
    const sw = fakeWorker(FILES, 'v2', network);
    sw.stores.set('layer-lab-v1', new Map());
    sw.stores.set('someone-else', new Map());
    await sw.dispatch('install');
    await sw.dispatch('activate');
    expect([...sw.stores.keys()].sort()).toEqual(['layer-lab-v2', 'someone-else']);
  });

  it('waits after install and takes over only when asked (SKIP_WAITING); tells its version', async () => {
    const sw = fakeWorker(FILES, 'v7', network);
    await sw.dispatch('install');
    expect(sw.self.skipWaiting).not.toHaveBeenCalled();
    await sw.dispatch('message', { data: { type: 'SKIP_WAITING' } });
    expect(sw.self.skipWaiting).toHaveBeenCalledOnce();
    const port = { postMessage: vi.fn() };
    await sw.dispatch('message', { data: { type: 'GET_VERSION' }, ports: [port] });
    expect(port.postMessage).toHaveBeenCalledWith({ type: 'VERSION', version: 'v7' });
  });
});
