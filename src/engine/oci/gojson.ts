// JSON text exactly as Go's encoding/json writes it, so that digests of the bytes match Docker's:
// no spaces, <, > and & escaped, struct fields in declaration order, map keys sorted.

import { compareNames } from '../fs/path';

const HEX = '0123456789abcdef';

/** A JSON string literal with Go's escaping (HTML-safe, U+2028/9 escaped, lone surrogates → U+FFFD). */
export function goString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = s.charCodeAt(i + 1);
      if (c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\\ufffd';
      continue;
    }
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x0c:
        out += '\\f';
        break;
      default:
        if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26) out += `\\u00${HEX[c >> 4]}${HEX[c & 15]}`;
        else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
        else out += s[i];
    }
  }
  return out + '"';
}

/** A Go struct: fields in the given order; `undefined` values are left out (omitempty or absent). */
export function goStruct(fields: readonly (readonly [string, string | undefined])[]): string {
  const parts: string[] = [];
  for (const [k, v] of fields) if (v !== undefined) parts.push(`${goString(k)}:${v}`);
  return `{${parts.join(',')}}`;
}

/** A Go map: keys sorted by bytes; null for a nil map. */
export function goMap<T>(m: Readonly<Record<string, T>> | null, value: (v: T) => string): string {
  if (m === null) return 'null';
  const keys = Object.keys(m).sort(compareNames);
  return `{${keys.map((k) => `${goString(k)}:${value(m[k]!)}`).join(',')}}`;
}

/** A Go slice: null for a nil slice. */
export function goSlice<T>(a: readonly T[] | null, value: (v: T) => string): string {
  return a === null ? 'null' : `[${a.map(value).join(',')}]`;
}

export const goStrings = (a: readonly string[] | null): string => goSlice(a, goString);
export const goBool = (b: boolean): string => (b ? 'true' : 'false');
export const goInt = (n: number): string => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
};

/** omitempty: the value only when it is not Go's zero value for its type. */
export const omitEmptyString = (s: string | undefined): string | undefined => (s ? goString(s) : undefined);
export const omitFalse = (b: boolean | undefined): string | undefined => (b ? 'true' : undefined);

/** A time as Go's time.Time marshals it in UTC (RFC 3339 with trailing zero nanoseconds trimmed). */
export function goTime(ms: number, extraNanos = 0): string {
  const iso = new Date(Math.floor(ms)).toISOString(); // 2024-01-02T03:04:05.678Z
  const nanos = (((Math.floor(ms) % 1000) + 1000) % 1000) * 1_000_000 + extraNanos;
  const frac = String(nanos).padStart(9, '0').replace(/0+$/, '');
  return `${iso.slice(0, 19)}${frac ? `.${frac}` : ''}Z`;
}
