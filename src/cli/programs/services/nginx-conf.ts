// What `nginx -t` checks before nginx loads a configuration: the syntax (statements, braces, quotes),
// known directive names, and `include` files, with nginx's own messages and line numbers.

import { contentBytes } from '../../../engine/fs/content';
import { dirname, normalize } from '../../../engine/fs/path';
import type { View } from '../../../engine/fs/view';

/** Blocks whose insides are tables, not directives. */
const FREE_FORM = new Set(['types', 'map', 'geo', 'split_clients', 'charset_map', 'match']);
/** Directives that open a block. */
const BLOCKS = new Set([
  'events',
  'http',
  'server',
  'location',
  'upstream',
  'if',
  'limit_except',
  'stream',
  'mail',
  ...FREE_FORM,
]);
const KNOWN = new Set([
  ...BLOCKS,
  'user',
  'worker_processes',
  'error_log',
  'pid',
  'include',
  'load_module',
  'worker_rlimit_nofile',
  'daemon',
  'master_process',
  'env',
  'pcre_jit',
  'worker_cpu_affinity',
  'worker_priority',
  'thread_pool',
  'timer_resolution',
  'lock_file',
  'working_directory',
  'worker_shutdown_timeout',
  'worker_connections',
  'use',
  'multi_accept',
  'accept_mutex',
  'accept_mutex_delay',
  'log_format',
  'access_log',
  'sendfile',
  'tcp_nopush',
  'tcp_nodelay',
  'keepalive_timeout',
  'keepalive_requests',
  'default_type',
  'types_hash_max_size',
  'types_hash_bucket_size',
  'server_tokens',
  'client_max_body_size',
  'client_body_buffer_size',
  'server_names_hash_bucket_size',
  'server_names_hash_max_size',
  'charset',
  'resolver',
  'resolver_timeout',
  'add_header',
  'expires',
  'etag',
  'if_modified_since',
  'root',
  'index',
  'listen',
  'server_name',
  'return',
  'rewrite',
  'try_files',
  'error_page',
  'alias',
  'autoindex',
  'autoindex_exact_size',
  'autoindex_localtime',
  'autoindex_format',
  'deny',
  'allow',
  'internal',
  'set',
  'break',
  'auth_basic',
  'auth_basic_user_file',
  'ssi',
  'sub_filter',
  'sub_filter_once',
  'absolute_redirect',
  'port_in_redirect',
  'server_name_in_redirect',
  'log_not_found',
  'client_header_timeout',
  'client_body_timeout',
  'send_timeout',
  'reset_timedout_connection',
  'http2',
  'real_ip_header',
  'set_real_ip_from',
  'merge_slashes',
  'underscores_in_headers',
  'ignore_invalid_headers',
  'large_client_header_buffers',
  'client_header_buffer_size',
  'keepalive_disable',
  'output_buffers',
  'postpone_output',
  'aio',
  'directio',
  'sendfile_max_chunk',
  'stub_status',
  'mp4',
  'flv',
  'random_index',
  'gunzip',
  'empty_gif',
  'source_charset',
  'recursive_error_pages',
  'rewrite_log',
  'log_subrequest',
  'open_log_file_cache',
  'server_tokens',
  'chunked_transfer_encoding',
  'satisfy',
  'disable_symlinks',
  'msie_padding',
  'lingering_close',
  'lingering_time',
  'lingering_timeout',
]);
const FAMILIES = [
  'proxy_',
  'fastcgi_',
  'ssl_',
  'gzip',
  'uwsgi_',
  'scgi_',
  'grpc_',
  'open_file_cache',
  'limit_',
  'js_',
  'map_hash_',
  'variables_hash_',
  'memcached_',
  'auth_request',
  'secure_link',
  'userid',
];

function known(name: string): boolean {
  return KNOWN.has(name) || FAMILIES.some((f) => name.startsWith(f));
}

export class ConfError extends Error {}

interface Token {
  text: string;
  /** `;`, `{`, `}` as syntax, not as a quoted word. */
  special: boolean;
  line: number;
}

function* tokens(text: string, file: string): Generator<Token, number> {
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ';' || c === '{' || c === '}') {
      yield { text: c, special: true, line };
      i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      let j = i + 1;
      let word = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        if (text[j] === '\n') line++;
        word += text[j];
        j++;
      }
      if (j >= text.length)
        throw new ConfError(`unexpected end of file, expecting ";" or "}" in ${file}:${line}`);
      i = j + 1;
      yield { text: word, special: false, line: start };
    } else {
      let j = i;
      while (j < text.length && !/[\s;{}]/.test(text[j]!) && !(text[j] === '#' && j === i)) j++;
      yield { text: text.slice(i, j), special: false, line };
      i = j;
    }
  }
  return line;
}

const dec = new TextDecoder();

function readConf(view: View, path: string, from: string | null): string | null {
  let entry;
  try {
    entry = view.fileOf(view.resolve(path, true));
  } catch {
    entry = undefined;
  }
  if (!entry) {
    if (from === null) throw new ConfError(`open() "${path}" failed (2: No such file or directory)`);
    throw new ConfError(`open() "${path}" failed (2: No such file or directory) in ${from}`);
  }
  // a file known only by its size (a virtual fill) is taken as nginx would find it: valid
  if (entry.content.kind !== 'bytes') return null;
  return dec.decode(contentBytes(entry.content));
}

/** `include` with a `*` in the last component matches files in that directory, sorted. */
function expandInclude(view: View, pattern: string): string[] | null {
  if (!pattern.includes('*')) return null;
  const dir = dirname(pattern);
  const re = new RegExp(
    `^${pattern
      .slice(dir.length + (dir === '/' ? 0 : 1))
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  const names = view.lookup(dir) ? view.names(dir) : [];
  return names.filter((n) => re.test(n)).map((n) => normalize(`${dir}/${n}`));
}

function checkFile(view: View, path: string, stack: string[], from: string | null): void {
  const text = readConf(view, path, from);
  if (text === null) return;
  const it = tokens(text, path);
  // a file is parsed on its own: it must close every block it opens, and no others
  const depth = stack.length;
  let words: Token[] = [];
  for (;;) {
    const next = it.next();
    if (next.done) {
      if (words.length)
        throw new ConfError(`unexpected end of file, expecting ";" or "}" in ${path}:${next.value}`);
      if (stack.length > depth)
        throw new ConfError(`unexpected end of file, expecting "}" in ${path}:${next.value}`);
      return;
    }
    const t = next.value;
    const where = `${path}:${t.line}`;
    const inside = stack[stack.length - 1];
    if (!t.special) {
      words.push(t);
      continue;
    }
    if (t.text === '}') {
      if (words.length) throw new ConfError(`unexpected "}" in ${where}`);
      if (stack.length <= depth) throw new ConfError(`unexpected "}" in ${where}`);
      stack.pop();
      continue;
    }
    const name = words[0];
    if (!name) throw new ConfError(`unexpected "${t.text}" in ${where}`);
    const args = words.slice(1).map((w) => w.text);
    words = [];
    if (inside && FREE_FORM.has(inside)) {
      if (t.text === '{') throw new ConfError(`unexpected "{" in ${where}`);
      continue;
    }
    if (!known(name.text)) throw new ConfError(`unknown directive "${name.text}" in ${where}`);
    const opens = BLOCKS.has(name.text);
    if (opens && t.text === ';')
      throw new ConfError(`directive "${name.text}" has no opening "{" in ${where}`);
    if (!opens && t.text === '{')
      throw new ConfError(`directive "${name.text}" is not terminated by ";" in ${where}`);
    if (t.text === '{') {
      stack.push(name.text);
      continue;
    }
    if (args.length === 0 && !['internal', 'break', 'http2'].includes(name.text))
      throw new ConfError(`invalid number of arguments in "${name.text}" directive in ${where}`);
    if (name.text === 'include') {
      const pattern = normalize(args[0]!, '/etc/nginx');
      const files = expandInclude(view, pattern) ?? [pattern];
      for (const f of files) checkFile(view, f, stack, where);
    }
  }
}

/** Checks /etc/nginx/nginx.conf and what it includes; throws ConfError with nginx's message. */
export function checkNginxConf(view: View, path = '/etc/nginx/nginx.conf'): void {
  checkFile(view, path, [], null);
}

/** The level of the main `error_log` (what nginx's own notices reach the terminal at). */
export function errorLogLevel(view: View, path = '/etc/nginx/nginx.conf'): string | null {
  const entry = view.fileOf(path);
  if (!entry || entry.content.kind !== 'bytes') return null;
  const m = /^\s*error_log\s+\S+\s*(\w*)\s*;/m.exec(dec.decode(contentBytes(entry.content)));
  return m ? m[1] || 'error' : null;
}
