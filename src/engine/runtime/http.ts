// A request to a published port: the container's web server answers from its merged filesystem, and
// the answer says which layer the file came from (the screen lights that layer up).

import type { Core } from '../core';
import { contentBytes } from '../fs/content';
import { normalize } from '../fs/path';
import type { ContainerRec, NginxSite } from '../state';
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
export function nginxSite(ctr: ContainerRec): NginxSite {
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

/** nginx reads its configuration when it starts and on `nginx -s reload`, never per request. */
export function loadNginxSite(core: Core, ctr: ContainerRec): void {
  const site = nginxSite(ctr);
  core.tx().touch(ctr, 'containers', ctr.id, () => ({ nginxSite: ctr.nginxSite }));
  ctr.nginxSite = site;
}

export function findByPort(core: Core, port: number): ContainerRec | undefined {
  for (const c of core.state.containers.values())
    if (c.state.status === 'running' && c.boundPorts.some((b) => b.hostPort === port)) return c;
  return undefined;
}

/** What nginx says about itself: the image's NGINX_VERSION when it has one. */
function serverName(ctr: ContainerRec): string {
  const v = (ctr.config.Env ?? []).find((e) => e.startsWith('NGINX_VERSION='));
  return v ? `nginx/${v.slice('NGINX_VERSION='.length)}` : 'nginx';
}

/** An HTTP date, as nginx writes Date and Last-Modified. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function respond(
  ctr: ContainerRec,
  now: number,
  status: number,
  body: Uint8Array,
  type: string,
  layer: number | null,
  path: string | null,
  mtime: number | null,
): HttpResponse {
  const headers: [string, string][] = [
    ['Server', serverName(ctr)],
    ['Date', httpDate(now)],
    ['Content-Type', type],
    ['Content-Length', String(body.length)],
  ];
  if (mtime !== null) headers.push(['Last-Modified', httpDate(mtime * 1000)]);
  headers.push(['Connection', 'keep-alive']);
  // nginx's static module: ETag is "<mtime hex>-<length hex>", and it serves byte ranges
  if (mtime !== null)
    headers.push(['ETag', `"${mtime.toString(16)}-${body.length.toString(16)}"`], ['Accept-Ranges', 'bytes']);
  return { status, reason: REASONS[status] ?? '', headers, body, layer, path };
}

/** Serves `GET path` from a running nginx container; other servers answer nothing over HTTP. */
export function serve(core: Core, ctr: ContainerRec, method: string, rawPath: string): HttpResponse | null {
  if (classify(ctr) !== 'nginx') return null;
  const { root, index } = ctr.nginxSite ?? nginxSite(ctr);
  const now = core.platform.clock.now();
  const view = ctr.upper.view();
  const urlPath = decodeURIComponent(rawPath.split('?')[0] || '/');
  let res: HttpResponse;
  if (method !== 'GET' && method !== 'HEAD')
    res = respond(ctr, now, 405, errorPage(405), 'text/html', null, null, null);
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
      const mtime = entry ? entry.mtime : null;
      res = respond(ctr, now, 200, body, MIME[ext] ?? 'application/octet-stream', hit.layer, target, mtime);
    } else res = respond(ctr, now, 404, errorPage(404), 'text/html', null, null, null);
  }
  const when = new Date(now);
  const stamp = when.toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
  const line = `172.17.0.1 - - [${stamp}] "${method} ${rawPath} HTTP/1.1" ${res.status} ${method === 'HEAD' ? 0 : res.body.length} "-" "curl/7.88.1" "-"`;
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
