// A streaming tar reader for untrusted input: it validates structure (checksums, numbers, lengths)
// and never holds more than one header block or one PAX/GNU long-name body. What the entries mean
// (paths, types) is judged by its callers.

import {
  BLOCK,
  F,
  MAX_SPECIAL_SIZE,
  STAR_PREFIX,
  STAR_TRAILER,
  checksums,
  decode,
  field,
  parseNumeric,
  parseString,
} from './tar-format';

export type TarErrorCode = 'truncated' | 'checksum' | 'number' | 'header' | 'pax' | 'too-large';

/** A malformed archive: what is wrong and at which byte offset. */
export class TarError extends Error {
  constructor(
    readonly code: TarErrorCode,
    readonly offset: number,
    detail: string,
  ) {
    super(`tar: ${detail} (at byte ${offset})`);
    this.name = 'TarError';
  }
}

export type TarEntryKind =
  'file' | 'hardlink' | 'symlink' | 'chardev' | 'blockdev' | 'dir' | 'fifo' | 'other';
export type TarFormat = 'v7' | 'ustar' | 'pax' | 'gnu' | 'star';

export interface TarHeader {
  /** The full name as stored (USTAR prefix joined, PAX `path` or GNU long name applied). */
  readonly name: string;
  readonly linkname: string;
  readonly kind: TarEntryKind;
  /** The raw typeflag character ('\0' for old regular files). */
  readonly typeflag: string;
  /** The mode field as stored (old archives may carry file-type bits above 07777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Bytes of content that follow (0 for links, directories and devices whatever the field says). */
  readonly size: number;
  /** Whole seconds. */
  readonly mtime: number;
  readonly uname: string;
  readonly gname: string;
  readonly devmajor: number;
  readonly devminor: number;
  readonly format: TarFormat;
  /** Byte offset of the entry's main header block. */
  readonly offset: number;
}

/** `entry` starts an entry; the `data` events that follow (views of the input) are its content, in order. */
export type TarEvent =
  | { readonly kind: 'entry'; readonly header: TarHeader }
  | { readonly kind: 'data'; readonly bytes: Uint8Array };

export type TarInput = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

const KINDS: Record<string, TarEntryKind> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'chardev',
  '4': 'blockdev',
  '5': 'dir',
  '6': 'fifo',
};
/** Types whose size field never announces content (Go's isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

interface Overrides {
  path?: string;
  linkpath?: string;
  size?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  uname?: string;
  gname?: string;
}

type State =
  | { s: 'header' }
  | { s: 'meta'; typeflag: string; left: number; pad: number; body: Uint8Array; at: number }
  | { s: 'data'; left: number; pad: number }
  | { s: 'pad'; left: number }
  | { s: 'end1' }
  | { s: 'done' };

/** A push parser: feed it chunks with `write`, then call `end`. Both may throw `TarError`. */
export class TarParser {
  private state: State = { s: 'header' };
  private readonly block = new Uint8Array(BLOCK);
  private blockLen = 0;
  private offset = 0;
  private overrides: Overrides = {};
  private pendingMeta = false;

  write(chunk: Uint8Array): TarEvent[] {
    const events: TarEvent[] = [];
    let i = 0;
    while (i < chunk.length) {
      const st = this.state;
      const avail = chunk.length - i;
      switch (st.s) {
        case 'done':
          // Anything after the end-of-archive marker (record padding) is ignored.
          this.offset += avail;
          return events;
        case 'header':
        case 'end1': {
          const n = Math.min(BLOCK - this.blockLen, avail);
          this.block.set(chunk.subarray(i, i + n), this.blockLen);
          this.blockLen += n;
          i += n;
          if (this.blockLen === BLOCK) {
            const at = this.offset;
            this.offset += BLOCK;
            this.blockLen = 0;
            if (st.s === 'end1') {
              if (!this.block.every((b) => b === 0))
                throw new TarError('header', at, 'a zero block is followed by a non-zero block');
              this.state = { s: 'done' };
            } else {
              const ev = this.onHeader(at);
              if (ev) events.push(ev);
            }
          }
          break;
        }
        case 'meta': {
          const n = Math.min(st.left, avail);
          st.body.set(chunk.subarray(i, i + n), st.body.length - st.left);
          st.left -= n;
          i += n;
          this.offset += n;
          if (st.left === 0) {
            this.onMeta(st.typeflag, st.body, st.at);
            this.state = st.pad > 0 ? { s: 'pad', left: st.pad } : { s: 'header' };
          }
          break;
        }
        case 'data': {
          const n = Math.min(st.left, avail);
          events.push({ kind: 'data', bytes: chunk.subarray(i, i + n) });
          st.left -= n;
          i += n;
          this.offset += n;
          if (st.left === 0) this.state = st.pad > 0 ? { s: 'pad', left: st.pad } : { s: 'header' };
          break;
        }
        case 'pad': {
          const n = Math.min(st.left, avail);
          st.left -= n;
          i += n;
          this.offset += n;
          if (st.left === 0) this.state = { s: 'header' };
          break;
        }
      }
    }
    return events;
  }

  /** The input is over: it must have ended at (or after) the end-of-archive marker. */
  end(): void {
    const st = this.state;
    if (st.s === 'done' || (st.s === 'end1' && this.blockLen === 0)) return;
    const where = this.offset + this.blockLen;
    switch (st.s) {
      case 'data':
        throw new TarError('truncated', where, `archive ends ${st.left} bytes into an entry's content`);
      case 'meta':
        throw new TarError('truncated', where, 'archive ends inside an extended header');
      case 'pad':
        throw new TarError('truncated', where, 'archive ends inside block padding');
      default:
        if (this.blockLen > 0) throw new TarError('truncated', where, 'archive ends inside a header block');
        if (this.pendingMeta) throw new TarError('truncated', where, 'archive ends after an extended header');
        throw new TarError('truncated', where, 'archive ends without the end-of-archive marker');
    }
  }

  private onHeader(at: number): TarEvent | undefined {
    const b = this.block;
    if (b.every((x) => x === 0)) {
      if (this.pendingMeta)
        throw new TarError('header', at, 'end-of-archive marker right after an extended header');
      this.state = { s: 'end1' };
      return undefined;
    }
    const stored = parseNumeric(field(b, F.chksum));
    const [unsigned, signed] = checksums(b);
    if (stored === undefined || (stored !== unsigned && stored !== signed)) {
      const got = parseString(field(b, F.chksum)).trim();
      throw new TarError(
        'checksum',
        at,
        `bad header checksum: field says ${JSON.stringify(got)}, block sums to ${unsigned.toString(8)}`,
      );
    }
    const magic = decode(field(b, F.magic));
    const version = decode(field(b, F.version));
    let format: TarFormat;
    if (magic === 'ustar\0' && decode(field(b, STAR_TRAILER)) === 'tar\0') format = 'star';
    else if (magic === 'ustar\0') format = 'ustar';
    else if (magic === 'ustar ' && version === ' \0') format = 'gnu';
    else format = 'v7';

    const typeflag = String.fromCharCode(b[F.typeflag[0]]!);
    const num = (name: keyof typeof F): number => {
      const v = parseNumeric(field(b, F[name]));
      if (v === undefined)
        throw new TarError(
          'number',
          at,
          `bad ${name} field ${JSON.stringify(parseString(field(b, F[name])))}`,
        );
      return v;
    };
    const rawSize = num('size');
    if (rawSize < 0) throw new TarError('number', at, `negative size ${rawSize}`);

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (rawSize > MAX_SPECIAL_SIZE)
        throw new TarError('too-large', at, `extended header of ${rawSize} bytes`);
      const pad = (BLOCK - (rawSize % BLOCK)) % BLOCK;
      const body = new Uint8Array(rawSize);
      if (rawSize === 0) {
        this.onMeta(typeflag, body, at);
        this.state = { s: 'header' };
      } else this.state = { s: 'meta', typeflag, left: rawSize, pad, body, at };
      return undefined;
    }

    let name = parseString(field(b, F.name));
    if (format === 'ustar' || format === 'star') {
      const prefix = parseString(field(b, format === 'star' ? STAR_PREFIX : F.prefix));
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    const o = this.overrides;
    this.overrides = {};
    this.pendingMeta = false;
    if (o.path !== undefined) name = o.path;
    const size = o.size ?? rawSize;
    const kind: TarEntryKind = typeflag === '\0' && name.endsWith('/') ? 'dir' : (KINDS[typeflag] ?? 'other');
    const isDev = typeflag === '3' || typeflag === '4';
    const header: TarHeader = {
      name,
      linkname: o.linkpath ?? parseString(field(b, F.linkname)),
      kind,
      typeflag,
      mode: num('mode'),
      uid: o.uid ?? num('uid'),
      gid: o.gid ?? num('gid'),
      size: HEADER_ONLY.has(typeflag) ? 0 : size,
      mtime: o.mtime ?? num('mtime'),
      uname: o.uname ?? (format === 'v7' ? '' : parseString(field(b, F.uname))),
      gname: o.gname ?? (format === 'v7' ? '' : parseString(field(b, F.gname))),
      devmajor: isDev ? num('devmajor') : 0,
      devminor: isDev ? num('devminor') : 0,
      format:
        o.path !== undefined || o.linkpath !== undefined || o.size !== undefined
          ? format === 'gnu'
            ? 'gnu'
            : 'pax'
          : format,
      offset: at,
    };
    if (header.size > 0)
      this.state = { s: 'data', left: header.size, pad: (BLOCK - (header.size % BLOCK)) % BLOCK };
    return { kind: 'entry', header };
  }

  private onMeta(typeflag: string, body: Uint8Array, at: number): void {
    if (typeflag === 'g') return; // global records would apply to every later entry; layers never use them
    this.pendingMeta = true;
    if (typeflag === 'L' || typeflag === 'K') {
      const value = parseString(body);
      if (typeflag === 'L') this.overrides.path = value;
      else this.overrides.linkpath = value;
      return;
    }
    for (const [key, value] of parsePax(body, at)) {
      switch (key) {
        case 'path':
          this.overrides.path = value;
          break;
        case 'linkpath':
          this.overrides.linkpath = value;
          break;
        case 'uname':
          this.overrides.uname = value;
          break;
        case 'gname':
          this.overrides.gname = value;
          break;
        case 'size':
        case 'uid':
        case 'gid': {
          if (!/^[0-9]{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
            throw new TarError('pax', at, `bad PAX ${key} ${JSON.stringify(value)}`);
          }
          this.overrides[key] = Number(value);
          break;
        }
        case 'mtime': {
          const m = /^(-?[0-9]{1,16})(\.[0-9]*)?$/.exec(value);
          if (!m || !Number.isSafeInteger(Number(m[1])))
            throw new TarError('pax', at, `bad PAX mtime ${JSON.stringify(value)}`);
          this.overrides.mtime = Number(m[1]);
          break;
        }
      }
    }
  }
}

/** Parses "%d %s=%s\n" records (Go's parsePAXRecord), lengths counted in bytes. */
export function parsePax(body: Uint8Array, at: number): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  while (i < body.length) {
    const sp = body.indexOf(0x20, i);
    if (sp === -1 || sp - i > 16) throw new TarError('pax', at, 'PAX record without a length');
    const lenText = decode(body.subarray(i, sp));
    if (!/^[0-9]+$/.test(lenText))
      throw new TarError('pax', at, `bad PAX record length ${JSON.stringify(lenText)}`);
    const n = Number(lenText);
    if (n < 5 || i + n > body.length || sp + 1 >= i + n)
      throw new TarError('pax', at, `bad PAX record length ${n}`);
    if (body[i + n - 1] !== 0x0a) throw new TarError('pax', at, 'PAX record not ending in a newline');
    const rec = body.subarray(sp + 1, i + n - 1);
    const eq = rec.indexOf(0x3d);
    if (eq === -1) throw new TarError('pax', at, 'PAX record without "="');
    const key = decode(rec.subarray(0, eq));
    const valueBytes = rec.subarray(eq + 1);
    if (['path', 'linkpath', 'uname', 'gname'].includes(key) && valueBytes.includes(0)) {
      throw new TarError('pax', at, `NUL in PAX ${key}`);
    }
    out.push([key, decode(valueBytes)]);
    i += n;
  }
  return out;
}

function iterate(source: TarInput): AsyncIterator<Uint8Array> | Iterator<Uint8Array> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

/** Reads a tar stream, yielding each entry's header then its content in `data` events. */
export async function* readTar(source: TarInput): AsyncGenerator<TarEvent> {
  const parser = new TarParser();
  const it = iterate(source);
  for (;;) {
    const r = await it.next();
    if (r.done) break;
    yield* parser.write(r.value);
  }
  parser.end();
}

/** The synchronous twin of `readTar`, for chunks already in memory. */
export function* readTarSync(source: Iterable<Uint8Array>): Generator<TarEvent> {
  const parser = new TarParser();
  for (const chunk of source) yield* parser.write(chunk);
  parser.end();
}

/** Each entry with its whole content gathered (one entry in memory at a time). */
export async function* readTarEntries(
  source: TarInput,
): AsyncGenerator<{ header: TarHeader; content: Uint8Array }> {
  let header: TarHeader | undefined;
  let parts: Uint8Array[] = [];
  const flush = () => {
    const h = header!;
    const content = parts.length === 1 ? parts[0]!.slice() : concat(parts);
    parts = [];
    header = undefined;
    return { header: h, content };
  };
  for await (const ev of readTar(source)) {
    if (ev.kind === 'entry') {
      if (header) yield flush();
      header = ev.header;
    } else parts.push(ev.bytes);
  }
  if (header) yield flush();
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
