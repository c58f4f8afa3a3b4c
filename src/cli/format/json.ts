// encoding/json as Go writes it: struct field order kept, map keys sorted, `[]`/`{}` for
// empty composites, Go's string escapes, and MarshalIndent's layout.
import { GoNil, GoStruct, isGoMap, mapEntries } from './govalue';

export interface GoJsonOptions {
  /** json.Marshal escapes <, > and & as \u003c, \u003e, \u0026; Encoder.SetEscapeHTML(false) does not. */
  escapeHTML?: boolean;
  /** MarshalIndent's indent per level (e.g. four spaces); undefined = compact. */
  indent?: string;
  prefix?: string;
}

const HEX = '0123456789abcdef';

/** A JSON string literal with Go's escapes (\b and \f short forms as in Go 1.22+). */
export function goJsonString(s: string, escapeHTML = true): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20) {
      if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) {
      out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    } else if (c === 0x2028 || c === 0x2029) {
      out += '\\u202' + HEX[c & 15];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is invalid UTF-8, which Go replaces.
      out += '\ufffd';
    } else out += ch;
  }
  return out + '"';
}

function number(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  if (!Number.isFinite(n)) return 'null';
  // JS and Go agree: exponent form below 1e-6 and from 1e21, shortest digits otherwise.
  return String(n);
}

/** Struct fields in their order; Go maps (Map) sorted by key; plain objects in insertion order. */
function objectEntries(v: unknown): [string, unknown][] {
  if (v instanceof GoStruct) return Object.entries(v.fields);
  if (v instanceof Map) return mapEntries(v);
  if (isGoMap(v)) return Object.entries(v);
  return [];
}

/** json.Marshal / json.MarshalIndent of a value. Functions and undefined fields are skipped. */
export function goJson(value: unknown, opts: GoJsonOptions = {}): string {
  const escapeHTML = opts.escapeHTML ?? true;
  const indent = opts.indent;
  const prefix = opts.prefix ?? '';
  const enc = (v: unknown, level: number): string => {
    if (v === null || v === undefined || v instanceof GoNil) return 'null';
    if (typeof v === 'string') return goJsonString(v, escapeHTML);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number' || typeof v === 'bigint') return number(v);
    let items: string[];
    let open: string;
    let close: string;
    if (Array.isArray(v)) {
      items = v.map((e) => enc(e, level + 1));
      [open, close] = ['[', ']'];
    } else {
      const entries = objectEntries(v);
      items = entries
        .filter(([, e]) => e !== undefined && typeof e !== 'function')
        .map(
          ([k, e]) => goJsonString(k, escapeHTML) + (indent === undefined ? ':' : ': ') + enc(e, level + 1),
        );
      [open, close] = ['{', '}'];
    }
    if (items.length === 0) return open + close;
    if (indent === undefined) return open + items.join(',') + close;
    const inner = '\n' + prefix + indent.repeat(level + 1);
    return open + inner + items.join(',' + inner) + '\n' + prefix + indent.repeat(level) + close;
  };
  return enc(value, 0);
}

/**
 * What `docker inspect` prints: `[]` for nothing, else the objects as a JSON array indented
 * by four spaces, then a newline. The daemon encodes with SetEscapeHTML(false)
 * (moby api/server/httputils WriteJSON) and the CLI only re-indents, so `<>&` stay as typed.
 */
export function inspectJson(objects: readonly unknown[]): string {
  return goJson(objects, { indent: '    ', escapeHTML: false }) + '\n';
}
