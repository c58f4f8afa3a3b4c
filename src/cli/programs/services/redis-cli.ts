// redis-cli inside a container whose main process is redis-server: a handful of string commands over
// a keyspace the container's record keeps (it survives restarts), and SAVE writing /data/dump.rdb.

import { classify, redisStamp } from '../../../engine/runtime/processes';
import type { ContainerRec } from '../../../engine/state';
import type { Program, ProgramContext } from '../../types';
import { rdbBytes } from './rdb';

type Reply =
  | { t: 'status'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: number }
  | { t: 'bulk'; v: string | null }
  | { t: 'array'; v: Reply[] };

const OK: Reply = { t: 'status', v: 'OK' };
const arity = (cmd: string): Reply => ({
  t: 'error',
  v: `ERR wrong number of arguments for '${cmd}' command`,
});
const NOT_INT: Reply = { t: 'error', v: 'ERR value is not an integer or out of range' };

/** Redis's glob for KEYS: * ? [abc] [^a] and backslash escapes. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

/** Runs one command against `data` (changed in place); `save` is set when the keyspace must be written. */
function execute(
  argv: string[],
  data: Map<string, string>,
  effects: { save?: boolean; changed?: boolean },
): Reply {
  const [name = '', ...args] = argv;
  const cmd = name.toLowerCase();
  const n = args.length;
  const intOf = (s: string | undefined): number | null =>
    s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null;
  switch (cmd) {
    case 'ping':
      if (n > 1) return arity(cmd);
      return n === 1 ? { t: 'bulk', v: args[0]! } : { t: 'status', v: 'PONG' };
    case 'echo':
      return n === 1 ? { t: 'bulk', v: args[0]! } : arity(cmd);
    case 'set': {
      if (n < 2) return arity(cmd);
      const opts = args.slice(2).map((a) => a.toUpperCase());
      if (opts.includes('NX') && data.has(args[0]!)) return { t: 'bulk', v: null };
      if (opts.includes('XX') && !data.has(args[0]!)) return { t: 'bulk', v: null };
      data.set(args[0]!, args[1]!);
      effects.changed = true;
      return OK;
    }
    case 'get':
      return n === 1 ? { t: 'bulk', v: data.get(args[0]!) ?? null } : arity(cmd);
    case 'mget':
      return n >= 1
        ? { t: 'array', v: args.map((k) => ({ t: 'bulk', v: data.get(k) ?? null })) }
        : arity(cmd);
    case 'mset':
      if (n === 0 || n % 2) return arity(cmd);
      for (let i = 0; i < n; i += 2) data.set(args[i]!, args[i + 1]!);
      effects.changed = true;
      return OK;
    case 'del':
    case 'unlink': {
      if (n === 0) return arity(cmd);
      let count = 0;
      for (const k of args) if (data.delete(k)) count++;
      if (count) effects.changed = true;
      return { t: 'int', v: count };
    }
    case 'exists':
      return n >= 1 ? { t: 'int', v: args.filter((k) => data.has(k)).length } : arity(cmd);
    case 'keys': {
      if (n !== 1) return arity(cmd);
      const re = globToRegExp(args[0]!);
      return { t: 'array', v: [...data.keys()].filter((k) => re.test(k)).map((k) => ({ t: 'bulk', v: k })) };
    }
    case 'dbsize':
      return n === 0 ? { t: 'int', v: data.size } : arity(cmd);
    case 'type':
      return n === 1 ? { t: 'status', v: data.has(args[0]!) ? 'string' : 'none' } : arity(cmd);
    case 'strlen':
      return n === 1
        ? { t: 'int', v: new TextEncoder().encode(data.get(args[0]!) ?? '').length }
        : arity(cmd);
    case 'append': {
      if (n !== 2) return arity(cmd);
      const next = (data.get(args[0]!) ?? '') + args[1]!;
      data.set(args[0]!, next);
      effects.changed = true;
      return { t: 'int', v: new TextEncoder().encode(next).length };
    }
    case 'incr':
    case 'decr':
    case 'incrby':
    case 'decrby': {
      const by = cmd === 'incr' ? 1 : cmd === 'decr' ? -1 : intOf(args[1]);
      if (n !== (cmd.endsWith('by') ? 2 : 1)) return arity(cmd);
      if (by === null) return NOT_INT;
      const cur = data.has(args[0]!) ? intOf(data.get(args[0]!)) : 0;
      if (cur === null) return NOT_INT;
      const next = cur + (cmd.startsWith('decr') && cmd.endsWith('by') ? -by : by);
      data.set(args[0]!, String(next));
      effects.changed = true;
      return { t: 'int', v: next };
    }
    case 'flushall':
    case 'flushdb':
      data.clear();
      effects.changed = true;
      return OK;
    case 'save':
      if (n) return arity(cmd);
      effects.save = true;
      return OK;
    case 'bgsave':
      effects.save = true;
      return { t: 'status', v: 'Background saving started' };
    default: {
      const shown = args.map((a) => `'${a}' `).join('');
      return { t: 'error', v: `ERR unknown command '${name}', with args beginning with: ${shown}` };
    }
  }
}

/** redis-cli's quoting of a bulk string on a terminal (sdscatrepr). */
function repr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c > 0x7f)
      for (const b of new TextEncoder().encode(ch)) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function human(r: Reply, indent = ''): string {
  switch (r.t) {
    case 'status':
      return `${r.v}\n`;
    case 'error':
      return `(error) ${r.v}\n`;
    case 'int':
      return `(integer) ${r.v}\n`;
    case 'bulk':
      return r.v === null ? '(nil)\n' : `${repr(r.v)}\n`;
    case 'array': {
      if (r.v.length === 0) return '(empty array)\n';
      const w = String(r.v.length).length;
      return r.v
        .map(
          (e, i) =>
            `${i ? indent : ''}${String(i + 1).padStart(w)}) ${human(e, `${indent}${' '.repeat(w + 2)}`)}`,
        )
        .join('');
    }
  }
}

function raw(r: Reply): string {
  switch (r.t) {
    case 'status':
    case 'error':
      return `${r.v}\n`;
    case 'int':
      return `${r.v}\n`;
    case 'bulk':
      return `${r.v ?? ''}\n`;
    case 'array':
      return r.v.map(raw).join('');
  }
}

function server(ctx: ProgramContext): ContainerRec | null {
  if (ctx.where === 'host') return null;
  const ctr = ctx.engine.container(ctx.where);
  return ctr.state.status === 'running' && classify(ctr) === 'redis' ? ctr : null;
}

export const redisCli: Program = async (argv, ctx) => {
  const { io } = ctx;
  let rawMode: boolean | null = null;
  let host = '127.0.0.1';
  let port = 6379;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--raw') rawMode = true;
    else if (a === '--no-raw') rawMode = false;
    else if (a === '-h' && argv[i + 1] !== undefined) host = argv[++i]!;
    else if (a === '-p' && argv[i + 1] !== undefined) port = Number(argv[++i]);
    else if (a === '-n' && argv[i + 1] !== undefined) i++;
    else break;
  }
  const words = argv.slice(i);
  const local = host === '127.0.0.1' || host === 'localhost';
  const ctr = local && port === 6379 ? server(ctx) : null;
  if (!ctr) {
    io.err(`Could not connect to Redis at ${host}:${port}: Connection refused\n`);
    return 1;
  }
  if (words.length === 0) {
    io.err(
      'redis-cli: the interactive prompt is not modelled here; give the command on the line (redis-cli SET k v)\n',
    );
    return 1;
  }
  const data = new Map(Object.entries(ctr.redisData ?? {}));
  const effects: { save?: boolean; changed?: boolean } = {};
  const reply = execute(words, data, effects);
  const tty = rawMode === null ? io.tty : !rawMode;
  io.out(tty ? human(reply) : raw(reply));
  const engine = ctx.engine;
  if (effects.changed)
    await engine.command(() => {
      engine.tx().touch(ctr, 'containers', ctr.id, () => ({ redisData: ctr.redisData }));
      ctr.redisData = Object.fromEntries(data);
    });
  if (effects.save) {
    const now = engine.platform.clock.now();
    const bytes = rdbBytes(data, Math.floor(now / 1000));
    const owner = ctx.fs.view().lookup('/data')?.entry;
    await ctx.fs.change((u) =>
      u.writeFile(
        '/data/dump.rdb',
        { kind: 'bytes', bytes },
        {
          mtime: Math.floor(now / 1000),
          mode: 0o644,
          uid: owner?.uid ?? 0,
          gid: owner?.gid ?? 0,
        },
      ),
    );
    await engine.command(() => {
      engine.tx().touch(ctr, 'containers', ctr.id, () => ({ logs: ctr.logs }));
      ctr.logs = [
        ...ctr.logs,
        { time: now, stream: 'stdout', text: `1:M ${redisStamp(now)} * DB saved on disk` },
      ];
    });
  }
  return reply.t === 'error' ? 1 : 0;
};
