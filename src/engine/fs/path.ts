// Absolute, normalised paths: '/a/b', never a trailing slash, '/' for the root.

/** Joins and normalises without touching the filesystem ('..' above '/' stays at '/'). */
export function normalize(p: string, cwd = '/'): string {
  const parts: string[] = [];
  const all = p.startsWith('/') ? p : `${cwd}/${p}`;
  for (const seg of all.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

export function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

/** '/a/b/c' → ['/a', '/a/b']: the proper ancestors, outermost first, without '/'. */
export function ancestors(p: string): string[] {
  const out: string[] = [];
  let i = p.indexOf('/', 1);
  while (i !== -1) {
    out.push(p.slice(0, i));
    i = p.indexOf('/', i + 1);
  }
  return out;
}

/** True when `p` is `dir` itself or lies below it. */
export function isWithin(p: string, dir: string): boolean {
  return dir === '/' || p === dir || p.startsWith(dir + '/');
}

/** Orders names as their UTF-8 bytes do (code point order), which is how Go sorts directory entries. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) as number;
    const y = b.codePointAt(i) as number;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Orders whole paths component by component (a directory right before its children). */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const c = compareNames(x[i] as string, y[i] as string);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}
