// fnmatch(3) without FNM_PATHNAME (so `*` also matches `/`), as dpkg's path filters and `find -path` use it.

const cache = new Map<string, RegExp>();

export function fnmatch(pattern: string, path: string): boolean {
  let re = cache.get(pattern);
  if (!re) {
    let src = '^';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === '*') src += '.*';
      else if (c === '?') src += '.';
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 2);
        if (end === -1) src += '\\[';
        else {
          const body = pattern
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\');
          src += `[${body}]`;
          i = end;
        }
      } else src += c.replace(/[.+^${}()|\\/]/g, '\\$&');
    }
    re = new RegExp(src + '$', 's');
    cache.set(pattern, re);
  }
  return re.test(path);
}
