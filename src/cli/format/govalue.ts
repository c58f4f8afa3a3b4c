// How JS values stand for Go values in templates and JSON:
//   string, boolean, number (an integer is an int, anything else a float64), null (a nil
//   interface), undefined (a missing value, printed "<no value>"), arrays (slices),
//   Map and plain objects (maps: missing keys are not errors), GoStruct (a struct: missing
//   fields are errors; function fields are methods), GoNil (a typed nil slice, map or pointer).
import { formatFloat } from './strconv';

/** A Go struct: field order is kept; unknown fields are errors in templates. */
export class GoStruct {
  constructor(
    /** The Go type as error messages name it, e.g. `*formatter.ContainerContext`. */
    readonly typeName: string,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}
}

/** A nil slice (`[]` in templates), map (`map[]`) or pointer (`<nil>`); `null` in JSON. */
export class GoNil {
  constructor(
    readonly kind: 'slice' | 'map' | 'ptr',
    readonly typeName: string,
  ) {}
}

export type GoMap = ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isGoMap(v: unknown): v is GoMap {
  return v instanceof Map || isPlainObject(v);
}

/** Byte-wise UTF-8 order, the order Go sorts string keys in. */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

export function mapEntries(m: GoMap): [string, unknown][] {
  const entries = m instanceof Map ? [...m.entries()] : Object.entries(m);
  return entries.sort(([a], [b]) => compareUtf8(a, b));
}

export function mapGet(m: GoMap, key: string): unknown {
  if (m instanceof Map) return m.get(key);
  return Object.prototype.hasOwnProperty.call(m, key) ? (m as Record<string, unknown>)[key] : undefined;
}

export function mapSize(m: GoMap): number {
  return m instanceof Map ? m.size : Object.keys(m).length;
}

/** The Go type name used in messages (`can't evaluate field X in type string`). */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'bigint') return 'int64';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoStruct || v instanceof GoNil) return v.typeName;
  if (typeof v === 'function') return 'func';
  return 'map[string]interface {}';
}

/** Go template truth: false, 0, nil, empty strings, slices and maps are false. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null || v instanceof GoNil) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'string') return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isGoMap(v)) return mapSize(v) > 0;
  return true;
}

export function formatNumber(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : formatFloat(n, 'g', -1);
}

/**
 * fmt's `%v` (what `{{.X}}` prints): `[a b c]`, `map[k:v]` sorted by key, `{v1 v2}` for
 * structs, `<nil>` for nil inside composites. `plus` is `%+v` (struct field names).
 */
export function goSprintValue(v: unknown, plus = false, depth = 0): string {
  if (v === undefined) return depth === 0 ? '<no value>' : '<nil>';
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return formatNumber(v);
  if (v instanceof GoNil) return v.kind === 'slice' ? '[]' : v.kind === 'map' ? 'map[]' : '<nil>';
  if (Array.isArray(v)) return '[' + v.map((e) => goSprintValue(e, plus, depth + 1)).join(' ') + ']';
  if (v instanceof GoStruct) {
    const fields = Object.entries(v.fields).filter(([, f]) => typeof f !== 'function');
    const body = fields.map(([k, f]) => (plus ? `${k}:` : '') + goSprintValue(f, plus, depth + 1)).join(' ');
    return (depth === 0 && v.typeName.startsWith('*') ? '&' : '') + '{' + body + '}';
  }
  if (isGoMap(v)) {
    return (
      'map[' +
      mapEntries(v)
        .map(([k, e]) => `${k}:${goSprintValue(e, plus, depth + 1)}`)
        .join(' ') +
      ']'
    );
  }
  if (typeof v === 'function') return '<func>';
  return String(v);
}

/** What a template action prints: a missing value or a nil interface is `<no value>`. */
export function templatePrint(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  return goSprintValue(v);
}
