// A tiny static file server for the offline browser tests: the directory it serves can be switched
// while it runs (a "new deploy" on the same origin), and it can be taken down (every request 503).

import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.gz': 'application/gzip',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export interface StaticServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Serves another directory from now on (null: down, every request answered 503). */
  serve(root: string | null): void;
  /** Requests answered since the last serve() call. */
  requests: string[];
  close(): Promise<void>;
}

export async function startStaticServer(root: string): Promise<StaticServer> {
  let current: string | null = resolve(root);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (current === null) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('down');
      return;
    }
    const file = normalize(join(current, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(current + sep)) {
      res.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(size),
      // Always revalidated: what the page gets offline must come from the service worker's cache.
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    serve(next) {
      current = next === null ? null : resolve(next);
      requests.length = 0;
    },
    requests,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
