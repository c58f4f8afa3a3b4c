// `.dockerignore`: reading the file as docker/cli and BuildKit do (moby/patternmatcher `ignorefile`)
// and matching context paths against its patterns as `patternmatcher` does — `*`, `?`, `[…]`, `**`,
// `\` escapes, `!` exceptions where the last matching line wins, and a pattern that matches a directory
// also matching everything below it. Paths are relative to the context root, '/'-separated, no './'.

/** A pattern Go's filepath.Match would reject (`filepath.ErrBadPattern`), or a lone `!`. */
export class DockerignoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DockerignoreError';
  }
}

/** Go's `filepath.ErrBadPattern` text. */
export const BAD_PATTERN = 'syntax error in pattern';

/**
 * Go's path.Clean: one slash between names, no '.' names, '..' eaten with the name before it
 * ('..' above a rooted path stays at '/'), no trailing slash, '.' for an empty result.
 */
export function goClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(seg);
  }
  const body = out.join('/');
  if (rooted) return '/' + body;
  return body === '' ? '.' : body;
}

const BOM = '\uFEFF';

/**
 * The patterns of a `.dockerignore` file, as `ignorefile.ReadAll` gives them: a BOM on the first line
 * dropped; lines starting with `#` (before any trimming) are comments; blank lines skipped; the rest
 * trimmed, cleaned, a leading `/` removed, and a `!` kept in front of the cleaned pattern.
 */
export function readDockerignore(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (i === 0 && line.startsWith(BOM)) line = line.slice(BOM.length);
    if (line.startsWith('#')) return;
    let pattern = line.trim();
    if (pattern === '') return;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern.length > 0) {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    out.push(invert ? '!' + pattern : pattern);
  });
  return out;
}

// ---- Go's filepath.Match, for syntax checking and for COPY wildcards ----

interface ClassResult {
  next: number;
  matched: boolean;
}

/** One escaped-or-plain character of a class; -1 when the syntax is bad. */
function classChar(p: string, i: number): { ch: string; next: number } | null {
  if (i >= p.length || p[i] === '-' || p[i] === ']') return null;
  if (p[i] === '\\') {
    i++;
    if (i >= p.length) return null;
  }
  const ch = String.fromCodePoint(p.codePointAt(i) as number);
  const next = i + ch.length;
  if (next >= p.length) return null;
  return { ch, next };
}

/** Parses the class starting after '[' and tests `c` against it; null on bad syntax. */
function matchClass(p: string, start: number, c: string | undefined): ClassResult | null {
  let i = start;
  let negated = false;
  if (p[i] === '^') {
    negated = true;
    i++;
  }
  let inRange = false;
  let ranges = 0;
  const cp = c === undefined ? -1 : (c.codePointAt(0) as number);
  for (;;) {
    if (i < p.length && p[i] === ']' && ranges > 0) {
      i++;
      break;
    }
    const lo = classChar(p, i);
    if (!lo) return null;
    i = lo.next;
    let hi = lo.ch;
    if (p[i] === '-') {
      const h = classChar(p, i + 1);
      if (!h) return null;
      hi = h.ch;
      i = h.next;
    }
    const a = lo.ch.codePointAt(0) as number;
    const b = hi.codePointAt(0) as number;
    if (a <= cp && cp <= b) inRange = true;
    ranges++;
  }
  return { next: i, matched: c !== undefined && inRange !== negated };
}

/** Checks the rest of a pattern for syntax only (Go does this before answering "no match"). */
function checkSyntax(p: string, from: number): boolean {
  let i = from;
  while (i < p.length) {
    const ch = p[i] as string;
    if (ch === '\\') {
      if (i + 1 >= p.length) return false;
      i += 2;
    } else if (ch === '[') {
      const r = matchClass(p, i + 1, 'a');
      if (!r) return false;
      i = r.next;
    } else i++;
  }
  return true;
}

/**
 * Go's filepath.Match on '/'-separated names: `*` and `?` never match '/', `[…]` classes with `^`
 * negation and ranges, `\` escapes. Throws DockerignoreError on a malformed pattern.
 */
export function goMatch(pattern: string, name: string): boolean {
  const r = matchAt(pattern, 0, name, 0);
  if (r === null || !checkSyntax(pattern, 0)) throw new DockerignoreError(BAD_PATTERN);
  return r;
}

function matchAt(p: string, pi: number, s: string, si: number): boolean | null {
  while (pi < p.length) {
    const ch = p[pi] as string;
    if (ch === '*') {
      while (p[pi] === '*') pi++;
      // '*' eats any run of non-'/' characters; try every split, shortest first.
      for (let k = si; ; k++) {
        const r = matchAt(p, pi, s, k);
        if (r === null) return null;
        if (r) return true;
        if (k >= s.length || s[k] === '/') return false;
      }
    }
    const c = si < s.length ? String.fromCodePoint(s.codePointAt(si) as number) : undefined;
    if (ch === '?') {
      if (c === undefined || c === '/') return checkSyntax(p, pi + 1) ? false : null;
      pi++;
      si += c.length;
    } else if (ch === '[') {
      const r = matchClass(p, pi + 1, c);
      if (!r) return null;
      if (!r.matched || c === undefined) return checkSyntax(p, r.next) ? false : null;
      pi = r.next;
      si += c.length;
    } else {
      let lit = ch;
      if (ch === '\\') {
        if (pi + 1 >= p.length) return null;
        lit = String.fromCodePoint(p.codePointAt(pi + 1) as number);
        pi++;
      } else lit = String.fromCodePoint(p.codePointAt(pi) as number);
      if (c !== lit) return checkSyntax(p, pi + lit.length) ? false : null;
      pi += lit.length;
      si += lit.length;
    }
  }
  return si === s.length;
}

/** Whether a COPY source names more than one path (BuildKit's `containsWildcards`). */
export function hasWildcards(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '\\') i++;
    else if (ch === '*' || ch === '?' || ch === '[') return true;
  }
  return false;
}

// ---- patternmatcher ----

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

/** One compiled `.dockerignore` line. */
export interface IgnorePattern {
  /** The cleaned pattern without its `!`. */
  readonly text: string;
  /** A `!` line: re-includes what earlier lines excluded. */
  readonly exclusion: boolean;
  readonly type: MatchType;
  readonly regexp?: RegExp;
}

const REGEX_ESCAPED = new Set('.+()|{}$');

/** A literal character written so that a `u`-flag RegExp reads it as itself, inside a class or out. */
function literal(ch: string): string {
  return `\\u{${(ch.codePointAt(0) as number).toString(16)}}`;
}

/** patternmatcher's translation of a pattern into a match type (and a regexp when needed). */
function compile(text: string, exclusion: boolean): IgnorePattern {
  let re = '^';
  let type: MatchType = 'exact';
  const chars = Array.from(text);
  for (let i = 0, n = 0; i < chars.length; i++, n++) {
    const ch = chars[i] as string;
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        if (i + 1 >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            re += '.*';
            type = 'regexp';
          }
        } else {
          re += '(.*/)?';
          type = 'regexp';
        }
        if (n === 0) type = 'suffix';
      } else {
        re += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      re += '[^/]';
      type = 'regexp';
    } else if (REGEX_ESCAPED.has(ch)) {
      re += literal(ch);
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        re += literal(chars[++i] as string);
        type = 'regexp';
      } else re += literal('\\');
    } else if (ch === '[' || ch === ']') {
      re += ch;
      type = 'regexp';
    } else if (ch === '^' || ch === '-') {
      re += ch;
    } else {
      re += literal(ch);
    }
  }
  if (type !== 'regexp') return { text, exclusion, type };
  let regexp: RegExp;
  try {
    regexp = new RegExp(re + '$', 'u');
  } catch {
    throw new DockerignoreError(BAD_PATTERN);
  }
  return { text, exclusion, type, regexp };
}

function matchOne(p: IgnorePattern, path: string): boolean {
  switch (p.type) {
    case 'exact':
      return path === p.text;
    case 'prefix':
      return path.startsWith(p.text.slice(0, -2));
    case 'suffix': {
      const suffix = p.text.slice(2);
      if (path.endsWith(suffix)) return true;
      return suffix.startsWith('/') && path === suffix.slice(1);
    }
    case 'regexp':
      return (p.regexp as RegExp).test(path);
  }
}

/** A set of `.dockerignore` patterns, compiled once; `matches` says whether a path is left out. */
export class PatternMatcher {
  private constructor(
    readonly patterns: readonly IgnorePattern[],
    /** Whether any `!` line exists (then an excluded directory must still be walked). */
    readonly exclusions: boolean,
  ) {}

  /** Compiles patterns as `patternmatcher.New` does; throws DockerignoreError on a bad one. */
  static of(patterns: readonly string[]): PatternMatcher {
    const out: IgnorePattern[] = [];
    let exclusions = false;
    for (const raw of patterns) {
      let p = raw.trim();
      if (p === '') continue;
      p = goClean(p);
      let exclusion = false;
      if (p.startsWith('!')) {
        if (p.length === 1) throw new DockerignoreError('illegal exclusion pattern: "!"');
        exclusion = true;
        exclusions = true;
        p = p.slice(1);
      }
      goMatch(p, '.'); // syntax check, as patternmatcher does with filepath.Match
      out.push(compile(p, exclusion));
    }
    return new PatternMatcher(out, exclusions);
  }

  /**
   * `MatchesOrParentMatches`: true when the last pattern that matches the path — or one of its parent
   * directories — is not a `!` line. The context root '.' is never excluded.
   */
  matches(file: string): boolean {
    const path = goClean(file);
    if (path === '.') return false;
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.';
    const dirs = parent.split('/');
    let matched = false;
    for (const p of this.patterns) {
      if (p.exclusion !== matched) continue;
      let m = matchOne(p, path);
      if (!m && parent !== '.') {
        for (let i = 1; i <= dirs.length && !m; i++) m = matchOne(p, dirs.slice(0, i).join('/'));
      }
      if (m) matched = !p.exclusion;
    }
    return matched;
  }
}

/** One-shot `MatchesOrParentMatches(file, patterns)`. */
export function isExcluded(file: string, patterns: readonly string[]): boolean {
  return PatternMatcher.of(patterns).matches(file);
}

/**
 * docker/cli's `TrimBuildFilesFromExcludes`: if the patterns would leave out `.dockerignore` or the
 * Dockerfile (a context-relative path), a `!` line is added so both still reach the builder.
 */
export function keepBuildFiles(excludes: readonly string[], dockerfile: string): string[] {
  const out = [...excludes];
  if (isExcluded('.dockerignore', out)) out.push('!.dockerignore');
  if (dockerfile !== '' && isExcluded(dockerfile, out)) out.push('!' + dockerfile);
  return out;
}
