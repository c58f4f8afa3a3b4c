// The little web browser's logic, without the DOM: which address to offer, how an address is read
// (only this host's published ports), what a response becomes (a page for the sandboxed frame, a
// status line, the layer that served it). Pure, so tested in Node.

import type { Engine } from '../../engine/engine';
import type { HttpResponse } from '../../engine/runtime/http';
import type { ContainerRec } from '../../engine/state';
import type { Focus, StackKind } from './model';
import { stackModel } from './model';
import { layerLook, type LayerLook } from './palette';

export type Address =
  | {
      readonly ok: true;
      readonly url: string;
      readonly host: string;
      readonly port: number;
      readonly path: string;
    }
  | { readonly ok: false; readonly reason: 'not-local' | 'invalid'; readonly text: string };

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/** Reads what was typed in the address bar: `localhost:8888`, `http://127.0.0.1:8888/x.html`… */
export function parseAddress(input: string): Address {
  const text = input.trim();
  if (!text) return { ok: false, reason: 'invalid', text };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: 'invalid', text };
  }
  if (url.protocol !== 'http:' || !LOCAL_HOSTS.has(url.hostname) || url.username || url.password)
    return { ok: false, reason: 'not-local', text };
  const port = url.port ? Number(url.port) : 80;
  const path = `${url.pathname || '/'}${url.search}`;
  const shown = `http://${url.hostname}${url.port ? `:${url.port}` : ''}${path === '/' ? '' : path}`;
  return { ok: true, url: shown, host: url.hostname, port, path };
}

/** The running container that publishes `port` on the host (what `engine.http` reaches). */
export function containerOnPort(engine: Engine, port: number): ContainerRec | undefined {
  for (const c of engine.state.containers.values())
    if (c.state.status === 'running' && c.boundPorts.some((b) => b.hostPort === port)) return c;
  return undefined;
}

/** The address to offer: the focused container's first published port, else the oldest running one's. */
export function defaultAddress(engine: Engine, focus: Focus | null): string | null {
  const running = [...engine.state.containers.values()]
    .filter((c) => c.state.status === 'running' && c.boundPorts.length)
    .sort((a, b) => a.created - b.created);
  const focused = focus?.kind === 'container' ? running.find((c) => c.id === focus.id) : undefined;
  const c = focused ?? running[0];
  const port = c?.boundPorts[0]?.hostPort;
  return port === undefined ? null : `http://localhost:${port}`;
}

export interface ServedBy {
  readonly container: string;
  /** The layer that supplied the file, or null when nginx made the page itself (a 404). */
  readonly kind: StackKind | null;
  /** 1-based number among the image's layers (image layers only). */
  readonly n: number;
  readonly image: string;
  readonly diffId: string | null;
  readonly look: LayerLook | null;
}

/** Which container and which of its layers answered. */
export function servedBy(engine: Engine, ctr: ContainerRec, layer: number | null): ServedBy {
  const stack = stackModel(engine, { kind: 'container', id: ctr.id });
  const l = layer === null ? undefined : stack?.layers.find((s) => s.index === layer);
  return {
    container: ctr.name,
    kind: l?.kind ?? null,
    n: l?.n ?? 0,
    image: stack?.image ?? '',
    diffId: l?.diffId ?? null,
    look: l ? layerLook(l.kind, l.n) : null,
  };
}

export function header(res: HttpResponse, name: string): string | null {
  const h = res.headers.find(([k]) => k.toLowerCase() === name.toLowerCase());
  return h ? h[1] : null;
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);

export interface Page {
  /** What the sandboxed frame shows: the body as served for HTML, text wrapped in <pre> otherwise. */
  readonly html: string;
  /** The body as text, for "view source". */
  readonly source: string;
  readonly type: string;
  readonly binary: boolean;
}

/** The response body as a page for the frame. */
export function pageOf(res: HttpResponse): Page {
  const type = (header(res, 'Content-Type') ?? 'application/octet-stream')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  const text = new TextDecoder('utf-8').decode(res.body);
  if (type === 'text/html') return { html: text, source: text, type, binary: false };
  if (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/javascript' ||
    type === 'image/svg+xml'
  )
    return {
      html: `<pre style="white-space:pre-wrap">${escapeHtml(text)}</pre>`,
      source: text,
      type,
      binary: false,
    };
  return { html: '', source: '', type, binary: true };
}

/**
 * The frame shell (static/frame.html) writes the page it finds after `#`: a real same-site document
 * with its own policy, so the learner's inline scripts run, in the opaque origin `sandbox` gives it.
 * srcdoc, blob: and data: frames inherit this page's policy (no inline scripts) and are not used.
 */
export const FRAME_SHELL = './frame.html';
/** Chromium keeps URLs up to 2 MB; past this the page goes to srcdoc (shown, scripts blocked). */
export const FRAME_URL_LIMIT = 1_500_000;

export type FrameSource = { readonly src: string } | { readonly srcdoc: string };

export function frameSource(html: string, shell: string | null = FRAME_SHELL): FrameSource {
  if (shell) {
    const src = `${shell}#${encodeURIComponent(html)}`;
    if (src.length <= FRAME_URL_LIMIT) return { src };
  }
  return { srcdoc: html };
}

/** "200 OK", "404 Not Found". */
export const statusLine = (res: HttpResponse): string => `${res.status} ${res.reason}`.trim();
