// curl on the host: a request to a published port reaches the container's web server through the
// engine; the texts (progress meter, -v trace, error lines and exit codes) are curl 7.88.1's.

import { FsError } from '../../../engine/errors';
import { normalize } from '../../../engine/fs/path';
import type { HttpResponse } from '../../../engine/runtime/http';
import { serve } from '../../../engine/runtime/http';
import { classify } from '../../../engine/runtime/processes';
import type { Program, ProgramContext } from '../../types';

interface CurlOptions {
  silent: boolean;
  showError: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  fail: boolean;
  location: boolean;
  output: string | null;
  method: string | null;
  urls: string[];
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

const LONG: Record<string, keyof CurlOptions> = {
  '--silent': 'silent',
  '--show-error': 'showError',
  '--head': 'head',
  '--include': 'include',
  '--verbose': 'verbose',
  '--fail': 'fail',
  '--location': 'location',
};
const SHORT: Record<string, keyof CurlOptions> = {
  s: 'silent',
  S: 'showError',
  I: 'head',
  i: 'include',
  v: 'verbose',
  f: 'fail',
  L: 'location',
};

/** curl's own option parsing, for the options modelled; an error is the text to print. */
function parseArgs(argv: string[]): CurlOptions | string {
  const o: CurlOptions = {
    silent: false,
    showError: false,
    head: false,
    include: false,
    verbose: false,
    fail: false,
    location: false,
    output: null,
    method: null,
    urls: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (name: string, inline: string): string | null => {
      if (inline !== '') return inline;
      const v = argv[++i];
      return v === undefined ? null : v;
    };
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), ''] : [a, ''];
      const flag = LONG[name];
      if (flag) (o[flag] as boolean) = true;
      else if (name === '--output' || name === '--request') {
        const v = value(name, inline);
        if (v === null) return `curl: option ${name}: requires parameter\n`;
        if (name === '--output') o.output = v;
        else o.method = v;
      } else if (name === '--url') {
        const v = value(name, inline);
        if (v === null) return `curl: option ${name}: requires parameter\n`;
        o.urls.push(v);
      } else return `curl: option ${a}: is unknown\n`;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const flag = SHORT[c];
        if (flag) {
          (o[flag] as boolean) = true;
          continue;
        }
        if (c === 'o' || c === 'X') {
          const v = value(`-${c}`, a.slice(j + 1));
          if (v === null) return `curl: option -${c}: requires parameter\n`;
          if (c === 'o') o.output = v;
          else o.method = v;
          break;
        }
        return `curl: option -${a.slice(1)}: is unknown\n`;
      }
    } else o.urls.push(a);
  }
  return o;
}

interface Target {
  host: string;
  port: number;
  path: string;
  scheme: string;
}

function parseUrl(url: string): Target | { code: number; message: string } {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?([^#]*)/.exec(url);
  const scheme = (m?.[1] ?? 'http').toLowerCase();
  if (!m) return { code: 3, message: 'URL using bad/illegal format or missing URL' };
  if (scheme !== 'http' && scheme !== 'https')
    return { code: 1, message: `Protocol "${scheme}" not supported or disabled in libcurl` };
  const host = m[2] ?? '';
  if (host === '') return { code: 3, message: 'URL using bad/illegal format or missing URL' };
  const portText = m[3];
  let port = scheme === 'https' ? 443 : 80;
  if (portText !== undefined && portText !== '') {
    if (!/^\d+$/.test(portText) || Number(portText) > 65535)
      return { code: 3, message: 'URL using bad/illegal format or missing URL' };
    port = Number(portText);
  }
  let path = m[4] || '/';
  if (!path.startsWith('/')) path = `/${path}`;
  return { host, port, path, scheme };
}

const LOCAL = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]']);

/** curl's max5data: a byte count in at most five characters. */
function max5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${Math.floor(n / 1024)}k`.padStart(5);
  if (n < 100 * 1024 * 1024) {
    const m = Math.floor(n / (1024 * 1024));
    return `${String(m).padStart(2)}.${Math.floor((n % (1024 * 1024)) / ((1024 * 1024) / 10))}M`;
  }
  return `${Math.floor(n / (1024 * 1024))}M`.padStart(5);
}

const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** One progress line; the simulated transfer takes a millisecond, so speed = bytes × 1000. */
function meterLine(total: number, received: number): string {
  const pct = total > 0 ? Math.floor((received * 100) / total) : 0;
  const speed = received * 1000;
  return (
    `\r${String(pct).padStart(3)} ${max5(total)}  ${String(pct).padStart(3)} ${max5(received)}  ` +
    `  0 ${max5(0)}  ${max5(speed)}  ${max5(0)} --:--:-- --:--:-- --:--:-- ${max5(speed)}`
  );
}

const dec = new TextDecoder();

function headerBlock(res: HttpResponse): string[] {
  return [`HTTP/1.1 ${res.status} ${res.reason}`, ...res.headers.map(([k, v]) => `${k}: ${v}`)];
}

/**
 * On the host, localhost:<port> reaches a published port; inside a container, localhost is the
 * container's own network namespace: its nginx answers on port 80 whether published or not.
 */
async function request(ctx: ProgramContext, port: number, path: string, method: string) {
  if (ctx.where === 'host') return ctx.engine.http(port, path, method);
  const engine = ctx.engine;
  return engine.command(() => {
    const ctr = engine.container(ctx.where);
    const listening = ctr.state.status === 'running' && classify(ctr) === 'nginx' && port === 80;
    return listening ? serve(engine, ctr, method, path) : null;
  });
}

async function fetchOne(ctx: ProgramContext, o: CurlOptions, url: string): Promise<number> {
  const { io } = ctx;
  const meter = !o.silent && (o.output !== null || !io.tty);
  const showErrors = !o.silent || o.showError;
  let err = '';
  const fail = (code: number, message: string): number => {
    if (o.verbose && code !== 6) err += `* ${message}\n`;
    if (meter) err += `${meterLine(0, 0)}\n`;
    if (o.verbose && code !== 6) err += '* Closing connection 0\n';
    if (showErrors) err += `curl: (${code}) ${message}\n`;
    io.err(err);
    return code;
  };
  if (meter) err += METER_HEAD + meterLine(0, 0);
  const t = parseUrl(url);
  if ('code' in t) return fail(t.code, t.message);
  const ip = t.host === '[::1]' ? '::1' : t.host === 'localhost' ? '127.0.0.1' : t.host;
  if (!LOCAL.has(t.host)) return fail(6, `Could not resolve host: ${t.host}`);
  const method = o.method ?? (o.head ? 'HEAD' : 'GET');
  const res = await request(ctx, t.port, t.path, method);
  if (o.verbose) {
    err += `*   Trying ${ip.includes(':') ? `[${ip}]` : ip}:${t.port}...\n`;
    if (!res) {
      err += `* connect to ${ip} port ${t.port} failed: Connection refused\n`;
      if (t.host === 'localhost')
        err += `*   Trying [::1]:${t.port}...\n* connect to ::1 port ${t.port} failed: Connection refused\n`;
    }
  }
  if (!res)
    return fail(7, `Failed to connect to ${t.host} port ${t.port} after 0 ms: Couldn't connect to server`);
  if (t.scheme === 'https') {
    if (o.verbose) err += `* Connected to ${t.host} (${ip}) port ${t.port} (#0)\n`;
    return fail(35, 'error:0A00010B:SSL routines::wrong version number');
  }
  const head = headerBlock(res);
  if (o.verbose) {
    err += `* Connected to ${t.host} (${ip}) port ${t.port} (#0)\n`;
    const hostHeader = t.port === 80 ? t.host : `${t.host}:${t.port}`;
    for (const l of [
      `${method} ${t.path} HTTP/1.1`,
      `Host: ${hostHeader}`,
      'User-Agent: curl/7.88.1',
      'Accept: */*',
      '',
    ])
      err += `> ${l}\r\n`;
    for (const l of [...head, '']) err += `< ${l}\r\n`;
  }
  if (o.fail && res.status >= 400) {
    return fail(22, `The requested URL returned error: ${res.status}`);
  }
  const total = Number(res.headers.find(([k]) => k === 'Content-Length')?.[1] ?? res.body.length);
  let out = '';
  if (o.include || o.head) out += head.map((l) => `${l}\r\n`).join('') + '\r\n';
  const body = method === 'HEAD' ? new Uint8Array() : res.body;
  if (o.verbose && body.length > 0 && !io.tty) err += `{ [${body.length} bytes data]\n`;
  if (meter) err += `${meterLine(total, body.length)}\n`;
  if (o.verbose) err += `* Connection #0 to host ${t.host} left intact\n`;
  if (o.output !== null) {
    const path = normalize(o.output, ctx.shell.cwd);
    const header = new TextEncoder().encode(out);
    const bytes = new Uint8Array(header.length + body.length);
    bytes.set(header);
    bytes.set(body, header.length);
    try {
      await ctx.fs.change((u) => u.writeFile(path, { kind: 'bytes', bytes }, { mtime: ctx.fs.now() }));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      if (err) io.err(err);
      if (showErrors) io.err('curl: (23) Failure writing output to destination\n');
      return 23;
    }
  } else {
    out += dec.decode(body);
    io.out(out);
  }
  if (err) io.err(err);
  return 0;
}

export const curl: Program = async (argv, ctx) => {
  const args = argv.slice(1);
  if (args.length === 0) {
    ctx.io.err(TRY);
    return 2;
  }
  const o = parseArgs(args);
  if (typeof o === 'string') {
    ctx.io.err(o + TRY);
    return 2;
  }
  if (o.urls.length === 0) {
    ctx.io.err(`curl: no URL specified!\n${TRY}`);
    return 2;
  }
  let code = 0;
  for (const url of o.urls) code = await fetchOne(ctx, o, url);
  return code;
};
