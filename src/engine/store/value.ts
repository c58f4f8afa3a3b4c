// What a record may hold: plain objects, arrays, strings, finite numbers, booleans, null and
// Uint8Array. Every backend (and the JSON session format) can keep exactly these, so all agree.

/** A Uint8Array from any realm (Node's Buffer included); `instanceof` fails across realms. */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    typeof value === 'object' &&
    value !== null &&
    ArrayBuffer.isView(value) &&
    Object.prototype.toString.call(value) === '[object Uint8Array]'
  );
}

/** An object literal (or Object.create(null)), from any realm; not a Map, Date or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (Object.prototype.toString.call(value) !== '[object Object]') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Thrown for a value a store cannot keep; `path` points inside the value (`.config.Env[2]`). */
export class ValueError extends TypeError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path === '' ? 'value' : `value at ${path}`}: ${reason}`);
    this.name = 'ValueError';
  }
}

/** Names a value that cannot be stored: `a function`, `NaN`, `a Map`, `an ArrayBuffer`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  const what =
    typeof value === 'object' && value !== null
      ? Object.prototype.toString.call(value).slice(8, -1)
      : typeof value;
  const name = what === 'Object' ? 'class instance' : what;
  return `${/^([aeio]|u(?!int))/i.test(name) ? 'an' : 'a'} ${name}`;
}

export function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Sets a property even when it is named `__proto__` (a plain assignment would change the prototype). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

interface CopyOptions {
  /** Keep the caller's bytes instead of copying them (for IndexedDB, which clones them itself). */
  readonly shareBytes?: boolean;
}

/**
 * A deep copy sharing nothing with `value` (unless `shareBytes`), or a ValueError saying why it
 * cannot be stored. Object properties holding `undefined` are dropped (as JSON does); -0 becomes 0.
 */
export function copyValue(value: unknown, options: CopyOptions = {}): unknown {
  const open = new Set<object>();
  const walk = (v: unknown, path: string): unknown => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (!Number.isFinite(v)) throw new ValueError(path, `${describe(v)} cannot be stored`);
        return v === 0 ? 0 : v;
      case 'object':
        break;
      default:
        throw new ValueError(path, `${describe(v)} cannot be stored`);
    }
    if (v === null) return null;
    if (isBytes(v)) {
      if (!options.shareBytes) return new Uint8Array(v);
      return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    }
    if (open.has(v)) throw new ValueError(path, 'a cycle cannot be stored');
    if (Array.isArray(v)) {
      open.add(v);
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        if (!(i in v) || v[i] === undefined)
          throw new ValueError(`${path}[${i}]`, 'undefined cannot be stored');
        out.push(walk(v[i], `${path}[${i}]`));
      }
      open.delete(v);
      return out;
    }
    if (isPlainObject(v)) {
      open.add(v);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const item = v[key];
        if (item !== undefined) setOwn(out, key, walk(item, keyPath(path, key)));
      }
      open.delete(v);
      return out;
    }
    throw new ValueError(path, `${describe(v)} cannot be stored`);
  };
  return walk(value, '');
}

/** Why `value` cannot be stored, or undefined when it can. */
export function valueProblem(value: unknown): string | undefined {
  try {
    copyValue(value, { shareBytes: true });
    return undefined;
  } catch (error) {
    if (error instanceof ValueError) return error.message;
    throw error;
  }
}

/** Deep equality of two storable values (object properties holding undefined count as absent). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b) || (a === 0 && b === 0)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (isBytes(a) || isBytes(b)) {
    if (!isBytes(a) || !isBytes(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameValue(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameValue(ra[k], rb[k]));
}
