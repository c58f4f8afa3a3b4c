// Standard base64 (RFC 4648 §4, padded), in plain TypeScript so the engine needs neither Buffer nor btoa.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Built in slices: one string per 48 KiB keeps memory flat and avoids huge concatenations.
  for (let start = 0; start < bytes.length; start += 49_152) {
    const end = Math.min(start + 49_152, bytes.length);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
    }
    if (end - i === 1) {
      const n = bytes[i]! << 16;
      s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
    } else if (end - i === 2) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
      s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
    }
    parts.push(s);
  }
  return parts.join('');
}

/** The bytes, or undefined when `text` is not canonical padded base64 (so decoding is one-to-one). */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  const sextet = (i: number): number => {
    const code = text.charCodeAt(i);
    return code < 128 ? DECODE[code]! : -1;
  };
  const full = text.length - (pad > 0 ? 4 : 0);
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const a = sextet(i);
    const b = sextet(i + 1);
    const c = sextet(i + 2);
    const d = sextet(i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  if (pad > 0) {
    const a = sextet(full);
    const b = sextet(full + 1);
    const c = pad === 1 ? sextet(full + 2) : 0;
    if ((a | b | c) < 0) return undefined;
    // Bits left under the padding must be zero, else two texts would name the same bytes.
    if (pad === 2 ? (b & 15) !== 0 : (c & 3) !== 0) return undefined;
    out[o++] = (a << 2) | (b >> 4);
    if (pad === 1) out[o++] = ((b & 15) << 4) | (c >> 2);
  }
  return out;
}
