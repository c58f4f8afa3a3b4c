// A request to a published port: the container's web server answers from its merged filesystem, and
// the answer says which layer the file came from (the screen lights that layer up).

import type { Core } from '../core';
import { contentBytes } from '../fs/content';
import { normalize } from '../fs/path';
import type { ContainerRec } from '../state';
import { classify } from './processes';

export interface HttpResponse {
  status: number;
  reason: string;
  headers: [string, string][];
  body: Uint8Array;
  /** Index in the container's stack of the layer that supplied the file (the top is the writable layer). */
  layer: number | null;
  path: string | null;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
};
const dec = new TextDecoder();
const enc = new TextEncoder();

const MIME: Record<string, string> = {
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  txt: 'text/plain',
  png: 'image/png',
  svg: 'image/svg+xml',
  jpg: 'image/jpeg',
  ico: 'image/x-icon',
};

function errorPage(status: number): Uint8Array {
  const title = `${status} ${REASONS[status] ?? ''}`;
  return enc.encode(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  );
}

/** root and index of the server block, as nginx would read /etc/nginx/conf.d/default.conf. */
export function nginxSite(ctr: ContainerRec): { root: string; index: string[] } {
  const view = ctr.upper.view();
  const e = view.lookup('/etc/nginx/conf.d/default.conf')?.entry;
  let root = '/usr/share/nginx/html';
  let index = ['index.html', 'index.htm'];
  if (e && e.type === 'file') {
    const text = dec.decode(contentBytes(e.content)).replace(/#[^\n]*/g, '');
    const r = /\broot\s+([^;\s]+)\s*;/.exec(text);
    if (r?.[1]) root = r[1];
    const i = /\bindex\s+([^;]+);/.exec(text);
    if (i?.[1]) index = i[1].trim().split(/\s+/);
  }
  return { root, index };
}

export function findByPort(core: Core, port: number): ContainerRec | undefined {
  for (const c of core.state.containers.values())
    if (c.state.status === 'running' && c.boundPorts.some((b) => b.hostPort === port)) return c;
  return undefined;
}

function respond(
  status: number,
  body: Uint8Array,
  type: string,
  layer: number | null,
  path: string | null,
): HttpResponse {
  return {
    status,
    reason: REASONS[status] ?? '',
    headers: [
      ['Server', 'nginx/1.27.3'],
      ['Content-Type', type],
      ['Content-Length', String(body.length)],
      ['Connection', 'keep-alive'],
    ],
    body,
    layer,
    path,
  };
}

/** Serves `GET path` from a running nginx container; other servers answer nothing over HTTP. */
export function serve(core: Core, ctr: ContainerRec, method: string, rawPath: string): HttpResponse | null {
  if (classify(ctr) !== 'nginx') return null;
  const { root, index } = nginxSite(ctr);
  const view = ctr.upper.view();
  const urlPath = decodeURIComponent(rawPath.split('?')[0] || '/');
  let res: HttpResponse;
  if (method !== 'GET' && method !== 'HEAD') res = respond(405, errorPage(405), 'text/html', null, null);
  else {
    let target = normalize(`${root}/${urlPath}`);
    let hit = view.lookup(target);
    if (hit && hit.entry.type === 'dir') {
      const found = index
        .map((n) => normalize(`${target}/${n}`))
        .find((p) => view.lookup(p)?.entry.type === 'file');
      if (found) {
        target = found;
        hit = view.lookup(found);
      } else hit = undefined;
    }
    if (hit && (hit.entry.type === 'file' || hit.entry.type === 'hardlink')) {
      const entry = view.fileOf ? view.fileOf(target) : hit.entry;
      const body = entry && entry.type === 'file' ? contentBytes(entry.content) : new Uint8Array();
      const ext = target.slice(target.lastIndexOf('.') + 1).toLowerCase();
      res = respond(200, body, MIME[ext] ?? 'application/octet-stream', hit.layer, target);
    } else res = respond(404, errorPage(404), 'text/html', null, null);
  }
  const when = new Date(core.platform.clock.now());
  const stamp = when.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  const line = `172.17.0.1 - - [${stamp}] "${method} ${rawPath} HTTP/1.1" ${res.status} ${res.body.length} "-" "curl/7.88.1" "-"`;
  core.tx().touch(ctr, 'containers', ctr.id, () => ({ logs: ctr.logs }));
  ctr.logs = [...ctr.logs, { time: core.platform.clock.now(), stream: 'stdout', text: line }];
  core.events.emit({
    type: 'http',
    id: ctr.id,
    path: res.path ?? urlPath,
    status: res.status,
    layer: res.layer,
  });
  if (method === 'HEAD') res = { ...res, body: new Uint8Array() };
  return res;
}
