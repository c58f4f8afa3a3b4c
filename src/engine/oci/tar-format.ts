// The tar header block: field offsets and the number/string codecs shared by the writer and the reader.
// Layout and encodings follow Go's archive/tar (format.go, strconv.go), which is what Docker uses.

export const BLOCK = 512;

/** [offset, length] of each header field (V7 + USTAR). */
export const F = {
  name: [0, 100],
  mode: [100, 8],
  uid: [108, 8],
  gid: [116, 8],
  size: [124, 12],
  mtime: [136, 12],
  chksum: [148, 8],
  typeflag: [156, 1],
  linkname: [157, 100],
  magic: [257, 6],
  version: [263, 2],
  uname: [265, 32],
  gname: [297, 32],
  devmajor: [329, 8],
  devminor: [337, 8],
  prefix: [345, 155],
} as const satisfies Record<string, readonly [number, number]>;

/** star's shorter prefix field and its trailer magic. */
export const STAR_PREFIX = [345, 131] as const;
export const STAR_TRAILER = [508, 4] as const;

export const NAME_SIZE = 100;
export const PREFIX_SIZE = 155;
/** Upper bound for PAX and GNU long-name bodies, as Go's maxSpecialFileSize. */
export const MAX_SPECIAL_SIZE = 1 << 20;

export const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function field(block: Uint8Array, f: readonly [number, number]): Uint8Array {
  return block.subarray(f[0], f[0] + f[1]);
}

/** True when every character is ASCII and not NUL (Go's isASCII). */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c === 0) return false;
  }
  return true;
}

/** Drops every non-ASCII character and NUL (Go's toASCII), for the best-effort fields of a PAX entry. */
export function toAscii(s: string): string {
  if (isAscii(s)) return s;
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 && c !== 0) out += ch;
  }
  return out;
}

/** Whether x fits an n-byte octal field with its NUL terminator. */
export function fitsOctal(n: number, x: number): boolean {
  return Number.isInteger(x) && x >= 0 && (n >= 22 || x < 8 ** (n - 1));
}

/**
 * Writes an ASCII string into a field: copied, NUL-terminated when there is room; a value cut at the
 * field's end that leaves a trailing '/' loses its trailing slashes (Go's formatString).
 */
export function putString(b: Uint8Array, s: string): void {
  const bytes = encoder.encode(s);
  b.set(bytes.subarray(0, b.length));
  if (bytes.length < b.length) b[bytes.length] = 0;
  if (bytes.length > b.length && b[b.length - 1] === 0x2f) {
    let n = b.length - 1;
    while (n > 0 && bytes[n - 1] === 0x2f) n--;
    b[n] = 0;
  }
}

/** Zero-padded octal with a trailing NUL; 0 when the value does not fit (Go's formatOctal). */
export function putOctal(b: Uint8Array, x: number): void {
  const s = fitsOctal(b.length, x) ? x.toString(8) : '0';
  putString(b, s.padStart(b.length - 1, '0'));
}

/** Unsigned sum of the block with the checksum field read as spaces, and the signed sum old tars used. */
export function checksums(block: Uint8Array): [number, number] {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += c;
    signed += c < 128 ? c : c - 256;
  }
  return [unsigned, signed];
}

/** Fills the checksum field as "%06o\0 ". */
export function sealChecksum(block: Uint8Array): void {
  const [sum] = checksums(block);
  const f = field(block, F.chksum);
  putOctal(f.subarray(0, 7), sum);
  f[7] = 0x20;
}

/** The bytes up to the first NUL, decoded as UTF-8. */
export function parseString(b: Uint8Array): string {
  const end = b.indexOf(0);
  const s = end === -1 ? b : b.subarray(0, end);
  // Header fields are nearly always ASCII: build those directly (the decoder's call costs more).
  let ascii = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c >= 0x80) return decoder.decode(s);
    ascii += String.fromCharCode(c);
  }
  return ascii;
}

export function decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/**
 * An octal field (leading/trailing spaces and NULs ignored) or a base-256 one (high bit set, GNU).
 * Returns undefined when the field is malformed or the value is not a safe integer.
 */
export function parseNumeric(b: Uint8Array): number | undefined {
  if (b.length > 0 && (b[0]! & 0x80) !== 0) {
    const negative = (b[0]! & 0x40) !== 0;
    let x = 0n;
    for (let i = 0; i < b.length; i++) {
      let c = b[i]!;
      if (negative) c ^= 0xff;
      if (i === 0) c &= 0x7f;
      x = (x << 8n) | BigInt(c);
    }
    if (negative) x = -x - 1n;
    if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < -BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    return Number(x);
  }
  let start = 0;
  let end = b.length;
  while (start < end && (b[start] === 0x20 || b[start] === 0)) start++;
  while (end > start && (b[end - 1] === 0x20 || b[end - 1] === 0)) end--;
  if (start === end) return 0;
  const nul = b.indexOf(0, start);
  if (nul !== -1 && nul < end) end = nul;
  let x = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c < 0x30 || c > 0x37) return undefined;
    x = x * 8 + (c - 0x30);
  }
  return Number.isSafeInteger(x) ? x : undefined;
}

/** UTF-8 length of a string. */
export function byteLength(s: string): number {
  return isAscii(s) ? s.length : encoder.encode(s).length;
}

/** One PAX record "%d %s=%s\n", where the leading length counts itself (Go's formatPAXRecord). */
export function paxRecord(key: string, value: string): string {
  const body = byteLength(key) + byteLength(value) + 3;
  let size = body + String(body).length;
  if (String(size).length + body !== size) size = String(size).length + body;
  return `${size} ${key}=${value}\n`;
}
