// Hand-made tar blocks for the archive fuzz: headers whose fields may lie (size, checksum, numbers,
// names), PAX records with junk, and the valid-archive mutations (cuts, bit flips, splices, a header
// field rewritten and its checksum sealed again so the reader gets past the checksum).

import {
  BLOCK,
  F,
  checksums,
  field,
  paxRecord,
  putOctal,
  putString,
  sealChecksum,
} from '../../src/engine/oci/tar-format';

const enc = new TextEncoder();

/** One header as the fuzz writes it: every field may be odd, and the checksum may be wrong on purpose. */
export interface CraftHeader {
  name: string;
  typeflag?: string;
  /** A number (written in octal, or base-256 when it does not fit) or the field's raw text. */
  size?: number | string;
  mode?: number;
  linkname?: string;
  prefix?: string;
  /** 'ustar' (default), 'gnu' or 'v7' (no magic). */
  format?: 'ustar' | 'gnu' | 'v7';
  /** 'good' (default), 'bad' (off by one) or raw text for the field. */
  checksum?: 'good' | 'bad' | string;
  mtime?: number | string;
}

/** Go's base-256 encoding: the high bit set, the value big-endian in the rest of the field. */
function putBase256(b: Uint8Array, x: number): void {
  let v = BigInt(x);
  const negative = v < 0n;
  for (let i = b.length - 1; i >= 0; i--) {
    b[i] = Number(BigInt.asUintN(8, v));
    v >>= 8n;
  }
  b[0] = (b[0]! & 0x7f) | 0x80 | (negative ? 0x40 : 0);
}

function putNumber(b: Uint8Array, x: number | string): void {
  if (typeof x === 'string') putString(b, x);
  else if (Number.isInteger(x) && x >= 0 && x < 8 ** (b.length - 1)) putOctal(b, x);
  else putBase256(b, Math.trunc(x));
}

export function craftHeader(h: CraftHeader): Uint8Array {
  const b = new Uint8Array(BLOCK);
  putString(field(b, F.name), h.name);
  putOctal(field(b, F.mode), h.mode ?? 0o644);
  putOctal(field(b, F.uid), 0);
  putOctal(field(b, F.gid), 0);
  putNumber(field(b, F.size), h.size ?? 0);
  putNumber(field(b, F.mtime), h.mtime ?? 1_700_000_000);
  b[F.typeflag[0]] = (h.typeflag ?? '0').charCodeAt(0) & 0xff;
  putString(field(b, F.linkname), h.linkname ?? '');
  const format = h.format ?? 'ustar';
  if (format === 'ustar') b.set(enc.encode('ustar\u000000'), F.magic[0]);
  if (format === 'gnu') b.set(enc.encode('ustar  \u0000'), F.magic[0]);
  if (h.prefix && format === 'ustar') putString(field(b, F.prefix), h.prefix);
  const checksum = h.checksum ?? 'good';
  sealChecksum(b);
  if (checksum === 'bad') {
    const [sum] = checksums(b);
    putOctal(field(b, F.chksum).subarray(0, 7), sum + 1);
  } else if (checksum !== 'good') putString(field(b, F.chksum), checksum);
  return b;
}

/** Content padded to whole blocks. */
export function padded(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(body.length / BLOCK) * BLOCK);
  out.set(body);
  return out;
}

/** A PAX extended header ('x') carrying records, or junk text standing in for them. */
export function paxEntry(records: readonly [string, string][] | string, typeflag = 'x'): Uint8Array[] {
  const text = typeof records === 'string' ? records : records.map(([k, v]) => paxRecord(k, v)).join('');
  const body = enc.encode(text);
  return [craftHeader({ name: 'PaxHeaders/x', typeflag, size: body.length }), padded(body)];
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The end-of-archive marker. */
export const EOA = new Uint8Array(2 * BLOCK);

// ---- mutations of valid archives ----

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'splice'; at: number; remove: number; insert: Uint8Array }
  | { kind: 'zero-block'; block: number }
  | { kind: 'repeat-block'; block: number }
  | { kind: 'field'; header: number; field: keyof typeof F; value: Uint8Array };

/** Byte offsets of the header blocks of a plain tar (walking the size fields; stops at anything odd). */
export function headerOffsets(tar: Uint8Array): number[] {
  const out: number[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const block = tar.subarray(at, at + BLOCK);
    if (block.every((x) => x === 0)) break;
    out.push(at);
    const sizeText = new TextDecoder().decode(field(block, F.size)).replace(/[\0 ]/g, '');
    const size = /^[0-7]+$/.test(sizeText) ? parseInt(sizeText, 8) : 0;
    const typeflag = String.fromCharCode(block[F.typeflag[0]]!);
    const content = '123456'.includes(typeflag) ? 0 : size;
    at += BLOCK + Math.ceil(content / BLOCK) * BLOCK;
  }
  return out;
}

/** One mutation applied to a copy (positions are taken modulo the length, so any number fits). */
export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  const blocks = Math.max(1, Math.floor(n / BLOCK));
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, n ? m.at % n : 0);
    case 'flip': {
      const out = bytes.slice();
      if (n) out[m.at % n]! ^= 1 << (m.bit & 7);
      return out;
    }
    case 'splice': {
      const at = n ? m.at % n : 0;
      return concat([bytes.subarray(0, at), m.insert, bytes.subarray(Math.min(n, at + m.remove))]);
    }
    case 'zero-block': {
      const out = bytes.slice();
      out.fill(0, (m.block % blocks) * BLOCK, (m.block % blocks) * BLOCK + BLOCK);
      return out;
    }
    case 'repeat-block': {
      const at = (m.block % blocks) * BLOCK;
      return concat([
        bytes.subarray(0, at + BLOCK),
        bytes.subarray(at, at + BLOCK),
        bytes.subarray(at + BLOCK),
      ]);
    }
    case 'field': {
      // Rewrites one header field and seals the checksum again: the reader believes the header.
      const headers = headerOffsets(bytes);
      if (!headers.length) return bytes;
      const at = headers[m.header % headers.length]!;
      const out = bytes.slice();
      const block = out.subarray(at, at + BLOCK);
      const f = field(block, F[m.field]);
      f.fill(0);
      f.set(m.value.subarray(0, f.length));
      if (m.field !== 'chksum') sealChecksum(block);
      return out;
    }
  }
}
