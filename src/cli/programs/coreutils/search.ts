// grep and find: walking the merged view (sorted, as our readdir is) and matching names or lines.

import { FsError } from '../../../engine/errors';
import type { Entry } from '../../../engine/fs/entry';
import { join } from '../../../engine/fs/path';
import type { View } from '../../../engine/fs/view';
import type { Program } from '../../types';
import { abs, getopt, qa, qf, readText, say, tryStat } from './util';

/** A basic (BRE) or extended (ERE) regular expression as a JS one. */
export function regexOf(
  pattern: string,
  extended: boolean,
  fixed: boolean,
  ignoreCase: boolean,
  word: boolean,
): RegExp | null {
  let src: string;
  if (fixed) src = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  else if (extended) src = pattern;
  else {
    // In a BRE, \( \) \{ \} \| \+ \? are the operators and the bare characters are literal.
    src = '';
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] as string;
      if (c === '\\' && i + 1 < pattern.length) {
        const n = pattern[++i] as string;
        src += '(){}|+?'.includes(n) ? n : '\\' + n;
      } else if ('(){}|+?'.includes(c)) src += '\\' + c;
      else if (c === '[') {
        const end = pattern.indexOf(
          ']',
          i + (pattern[i + 1] === ']' ? 2 : pattern[i + 1] === '^' && pattern[i + 2] === ']' ? 3 : 1),
        );
        if (end < 0) return null;
        src += pattern.slice(i, end + 1).replace(/\\/g, '\\\\');
        i = end;
      } else src += c;
    }
  }
  src = src.replace(
    /\[:(alpha|digit|alnum|space|upper|lower|punct|xdigit):\]/g,
    (_, k: string) => POSIX_CLASSES[k] as string,
  );
  if (word) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
  try {
    return new RegExp(src, ignoreCase ? 'i' : '');
  } catch {
    return null;
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  lower: 'a-z',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
};

export const grep: Program = async (argv, ctx) => {
  const o = getopt(
    ctx,
    'grep',
    argv,
    'ivnrRclLqsEFwoHhe',
    {
      'ignore-case': 'i',
      'invert-match': 'v',
      'line-number': 'n',
      recursive: 'r',
      count: 'c',
      'files-with-matches': 'l',
      quiet: 'q',
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      'word-regexp': 'w',
      'only-matching': 'o',
      regexp: 'e',
    },
    'e',
  );
  if (typeof o === 'number') return 2;
  const f = o.flags;
  const operands = [...o.operands];
  const pattern = o.values.get('e') ?? operands.shift();
  if (pattern === undefined) {
    ctx.io.err("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n");
    return 2;
  }
  const re = regexOf(pattern, f.has('E'), f.has('F'), f.has('i'), f.has('w'));
  if (!re) {
    say(ctx, 'grep', 'Unmatched [, [^, [:, [., or [=');
    return 2;
  }
  const recursive = f.has('r') || f.has('R');
  let errors = false;
  // The files to read, as [shown name, text|null for stdin].
  const files: [string, string | null][] = [];
  const view = ctx.fs.view();
  const addTree = (shown: string, real: string) => {
    for (const name of view.names(real)) {
      const p = join(real, name);
      const e = view.lookup(p)?.entry;
      const s = shown === '' ? name : shown.endsWith('/') ? shown + name : `${shown}/${name}`;
      if (e?.type === 'dir') addTree(s, p);
      else if (e?.type === 'file' || e?.type === 'hardlink') files.push([s, p]);
    }
  };
  if (!operands.length && recursive) addTree('', view.resolve(ctx.shell.cwd));
  else if (!operands.length) files.push(['(standard input)', null]);
  for (const name of operands) {
    if (name === '-') {
      files.push(['(standard input)', null]);
      continue;
    }
    const s = tryStat(view, abs(ctx, name), true);
    if (s instanceof FsError) {
      if (!f.has('s')) say(ctx, 'grep', `${qf(name)}: ${s.text}`);
      errors = true;
    } else if (s.entry.type === 'dir') {
      if (recursive) addTree(name, s.path);
      else {
        if (!f.has('s')) say(ctx, 'grep', `${qf(name)}: Is a directory`);
        errors = true;
      }
    } else files.push([name, s.path]);
  }
  const prefix = f.has('H') || (!f.has('h') && (files.length > 1 || recursive));
  let matched = false;
  let out = '';
  for (const [name, path] of files) {
    const text = path === null ? (ctx.io.stdin ?? '') : readText(ctx, path);
    if (text instanceof FsError) continue;
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    let count = 0;
    const binary = text.includes('\0');
    const head = prefix ? `${name}:` : '';
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const hit = re.test(line) !== f.has('v');
      if (!hit) continue;
      count++;
      matched = true;
      if (f.has('q') || f.has('l') || f.has('L') || f.has('c') || binary) continue;
      const n = f.has('n') ? `${i + 1}:` : '';
      if (f.has('o') && !f.has('v')) {
        const g = new RegExp(re.source, re.flags + 'g');
        for (const m of line.matchAll(g)) if (m[0]) out += `${head}${n}${m[0]}\n`;
      } else out += `${head}${n}${line}\n`;
    }
    if (f.has('q')) continue;
    if (binary && count && !f.has('c') && !f.has('l')) out += `grep: ${name}: binary file matches\n`;
    if (f.has('c')) out += `${head}${count}\n`;
    if (f.has('l') && count) out += `${name}\n`;
    if (f.has('L') && !count) out += `${name}\n`;
  }
  ctx.io.out(out);
  if (errors && !(f.has('q') && matched)) return 2;
  return matched ? 0 : 1;
};

/** A shell glob (`*.conf`, `y?`, `[ab]*`) as an anchored regular expression. */
export function globRegex(glob: string, ignoreCase = false): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') src += '.*';
    else if (c === '?') src += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) src += '\\[';
      else {
        src +=
          '[' +
          glob
            .slice(i + 1, end)
            .replace(/^!/, '^')
            .replace(/\\/g, '\\\\') +
          ']';
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) src += '\\' + glob[++i];
    else src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
}

type Test = (name: string, e: Entry, depth: number) => boolean;

export const find: Program = async (argv, ctx) => {
  const paths: string[] = [];
  let i = 0;
  for (; i < argv.length && !(argv[i] as string).startsWith('-') && argv[i] !== '!' && argv[i] !== '('; i++)
    paths.push(argv[i] as string);
  if (!paths.length) paths.push('.');
  const tests: Test[] = [];
  let maxDepth = Infinity;
  let minDepth = 0;
  let negate = false;
  const add = (t: Test) => {
    const neg = negate;
    negate = false;
    tests.push(neg ? (n, e, d) => !t(n, e, d) : t);
  };
  for (; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`missing argument to \`${a}'`);
      return v;
    };
    try {
      if (a === '!' || a === '-not') negate = !negate;
      else if (a === '-name' || a === '-iname') {
        const re = globRegex(next(), a === '-iname');
        add((n) => re.test(n));
      } else if (a === '-type') {
        const t = next();
        const map: Record<string, Entry['type']> = { f: 'file', d: 'dir', l: 'symlink' };
        const want = map[t];
        if (!want) {
          say(ctx, 'find', `Unknown argument to -type: ${t}`);
          return 1;
        }
        add((_, e) => e.type === want || (want === 'file' && e.type === 'hardlink'));
      } else if (a === '-maxdepth') maxDepth = Number(next());
      else if (a === '-mindepth') minDepth = Number(next());
      else if (a === '-print' || a === '-a' || a === '-and') continue;
      else {
        say(ctx, 'find', `unknown predicate \`${a}'`);
        return 1;
      }
    } catch (e) {
      if (!(e instanceof Error) || e instanceof FsError) throw e;
      say(ctx, 'find', e.message);
      return 1;
    }
  }
  const view = ctx.fs.view();
  let out = '';
  let code = 0;
  const visit = (shown: string, real: string, e: Entry, depth: number, view: View) => {
    const name =
      depth === 0
        ? shown.replace(/\/+$/, '').split('/').pop() || shown
        : real.slice(real.lastIndexOf('/') + 1);
    if (depth >= minDepth && tests.every((t) => t(name, e, depth))) out += shown + '\n';
    if (e.type !== 'dir' || depth >= maxDepth) return;
    for (const child of view.names(real)) {
      const p = join(real, child);
      const f = view.lookup(p);
      if (f)
        visit(
          shown.endsWith('/') ? shown + child : `${shown}/${child}`,
          p,
          view.resolvedEntry(p, f),
          depth + 1,
          view,
        );
    }
  };
  for (const p of paths) {
    const s = tryStat(view, abs(ctx, p), false);
    if (s instanceof FsError) {
      say(ctx, 'find', `${qa(p)}: ${s.text}`);
      code = 1;
      continue;
    }
    visit(p, s.path, s.entry, 0, view);
  }
  ctx.io.out(out);
  return code;
};
