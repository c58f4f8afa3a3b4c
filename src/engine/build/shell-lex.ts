// Word expansion as BuildKit's Dockerfile frontend does it (frontend/dockerfile/shell/lex.go):
// quotes are removed, `$VAR` / `${VAR}` / `${VAR:-w}` / `${VAR-w}` / `${VAR:+w}` / `${VAR+w}` /
// `${VAR:?msg}` / `${VAR?msg}` are substituted from an env map, the escape token (`\` or a backtick)
// escapes the next character. Used on the words of ENV, ARG, LABEL, WORKDIR, USER, EXPOSE, VOLUME,
// STOPSIGNAL, COPY/ADD and FROM; RUN/CMD/ENTRYPOINT are left to the shell. Newer BuildKit's pattern
// forms are here too: `${VAR#p}`, `${VAR##p}`, `${VAR%p}`, `${VAR%%p}`, `${VAR/p/r}`, `${VAR//p/r}`.

/** Variables visible to an expansion: a Map or a plain record. A missing key is "unset". */
export type ExpandEnv = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export interface ExpandOptions {
  /** `\` (default) or a backtick, from the `# escape=` directive. */
  readonly escapeToken?: string;
  /** Keep quote characters in the output (BuildKit does for RUN step names). */
  readonly rawQuotes?: boolean;
  /** Leave `$X` / `${X}` as written when X is unset (BuildKit does for RUN step names). */
  readonly skipUnsetEnv?: boolean;
}

/** A word BuildKit could not expand; `message` is its text, e.g. `syntax error: missing '}'`. */
export class LexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LexError';
  }
}

function lookup(env: ExpandEnv, name: string): string | undefined {
  if (env instanceof Map) return env.get(name);
  const rec = env as Readonly<Record<string, string>>;
  return Object.prototype.hasOwnProperty.call(rec, name) ? rec[name] : undefined;
}

const SPECIAL_PARAMS = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);
const isSpace = (ch: string): boolean => /\s/u.test(ch);
const isDigit = (ch: string): boolean => /\p{Nd}/u.test(ch);
const isNameChar = (ch: string): boolean => /[\p{L}\p{Nd}_]/u.test(ch);

/** Accumulates the joined word and the space-split words at once, as lex.go's wordsStruct. */
class Words {
  words: string[] = [];
  word = '';
  inWord = false;
  addChar(ch: string): void {
    if (isSpace(ch)) {
      if (this.inWord && this.word.length > 0) {
        this.words.push(this.word);
        this.word = '';
        this.inWord = false;
      }
    } else this.addRaw(ch);
  }
  addRaw(s: string): void {
    this.word += s;
    this.inWord = true;
  }
  addSplit(s: string): void {
    for (const ch of s) this.addChar(ch);
  }
  done(): string[] {
    if (this.word.length > 0) {
      this.words.push(this.word);
      this.word = '';
      this.inWord = false;
    }
    return this.words;
  }
}

class Scanner {
  private readonly chars: string[];
  private pos = 0;
  readonly escape: string;
  constructor(
    text: string,
    readonly env: ExpandEnv,
    readonly opts: ExpandOptions,
  ) {
    this.chars = Array.from(text);
    this.escape = opts.escapeToken ?? '\\';
  }
  peek(): string | undefined {
    return this.chars[this.pos];
  }
  next(): string | undefined {
    return this.chars[this.pos++];
  }

  /** Reads until `stop` (consumed) or the end; returns the joined text and the split words. */
  until(stop: string | undefined): { text: string; words: string[] } {
    let text = '';
    const words = new Words();
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (stop !== undefined && ch === stop) {
        this.next();
        return { text, words: words.done() };
      }
      if (ch === "'" || ch === '"' || ch === '$') {
        const part = ch === "'" ? this.single() : ch === '"' ? this.double() : this.dollar();
        text += part;
        if (ch === '$') words.addSplit(part);
        else words.addRaw(part);
        continue;
      }
      this.next();
      if (ch === this.escape) {
        const escaped = this.next();
        if (escaped === undefined) break;
        words.addRaw(escaped);
        text += escaped;
        continue;
      }
      words.addChar(ch);
      text += ch;
    }
    if (stop !== undefined) {
      throw new LexError(`unexpected end of statement while looking for matching ${stop}`);
    }
    return { text, words: words.done() };
  }

  private single(): string {
    this.next();
    let out = '';
    for (;;) {
      const ch = this.next();
      if (ch === undefined) {
        throw new LexError('unexpected end of statement while looking for matching single-quote');
      }
      if (ch === "'") return this.opts.rawQuotes ? `'${out}'` : out;
      out += ch;
    }
  }

  private double(): string {
    this.next();
    let out = '';
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) {
        throw new LexError('unexpected end of statement while looking for matching double-quote');
      }
      if (ch === '"') {
        this.next();
        return this.opts.rawQuotes ? `"${out}"` : out;
      }
      if (ch === '$') {
        out += this.dollar();
        continue;
      }
      this.next();
      if (ch === this.escape) {
        const after = this.peek();
        if (after === undefined) continue;
        if (after === '"' || after === '$' || after === this.escape) {
          out += this.next();
          continue;
        }
      }
      out += ch;
    }
  }

  private name(): string {
    let out = '';
    for (let ch = this.peek(); ch !== undefined; ch = this.peek()) {
      if (out === '' && isDigit(ch)) {
        while (this.peek() !== undefined && isDigit(this.peek() as string)) out += this.next();
        return out;
      }
      if (out === '' && SPECIAL_PARAMS.has(ch)) return this.next() as string;
      if (!isNameChar(ch)) break;
      out += this.next();
    }
    return out;
  }

  /** The word up to the closing brace of a `${…}` form, itself expanded. */
  private toBrace(): string {
    try {
      return this.until('}').text;
    } catch (e) {
      if (this.peek() === undefined) throw new LexError("syntax error: missing '}'");
      throw e;
    }
  }

  /** `${VAR#p}` / `${VAR##p}` drop the shortest / longest matching prefix, `%` / `%%` the suffix. */
  private trim(name: string, op: string): string {
    const longest = this.peek() === op;
    if (longest) this.next();
    const pattern = this.toBrace();
    const value = lookup(this.env, name) ?? '';
    if (op === '#') {
      const m = new RegExp(`^(?:${globSource(pattern, !longest)})`).exec(value);
      return m ? value.slice(m[0].length) : value;
    }
    const glob = globSource(pattern);
    // Suffix: try each start position, earliest first for the longest match, latest first for the shortest.
    const re = new RegExp(`^(?:${glob})$`);
    const starts = Array.from({ length: value.length + 1 }, (_, i) => i);
    for (const i of longest ? starts : starts.reverse()) {
      if (re.test(value.slice(i))) return value.slice(0, i);
    }
    return value;
  }

  /** `${VAR/p/r}` replaces the first (longest) match of p, `${VAR//p/r}` every match. */
  private replace(name: string): string {
    const all = this.peek() === '/';
    if (all) this.next();
    let pattern = '';
    for (let ch = this.peek(); ch !== undefined && ch !== '/' && ch !== '}'; ch = this.peek()) {
      this.next();
      // An escaped character (`\/`) is literal; globSource reads `\x` as a literal x.
      pattern += ch === this.escape && this.peek() !== undefined ? '\\' + this.next() : ch;
    }
    let replacement = '';
    if (this.peek() === '/') {
      this.next();
      replacement = this.toBrace();
    } else if (this.next() === undefined) throw new LexError("syntax error: missing '}'");
    const value = lookup(this.env, name) ?? '';
    if (pattern === '') return value;
    const re = new RegExp(globSource(pattern), all ? 'g' : '');
    return value.replace(re, () => replacement);
  }

  private dollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.name();
      if (name === '') return '$';
      return lookup(this.env, name) ?? (this.opts.skipUnsetEnv ? `$${name}` : '');
    }
    this.next();
    const first = this.peek();
    if (first === undefined) throw new LexError("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') {
      throw new LexError('syntax error: bad substitution');
    }
    const name = this.name();
    const ch = this.next();
    if (ch === '}') return lookup(this.env, name) ?? (this.opts.skipUnsetEnv ? `\${${name}}` : '');
    if (ch === undefined) throw new LexError("syntax error: missing '}'");
    if (ch === '#' || ch === '%') return this.trim(name, ch);
    if (ch === '/') return this.replace(name);
    let colon = false;
    let modifier = ch;
    if (ch === ':') {
      colon = true;
      modifier = this.next() ?? '';
    }
    if (modifier !== '-' && modifier !== '+' && modifier !== '?') {
      if (!colon) throw new LexError("missing ':' in substitution");
      throw new LexError(`unsupported modifier (${modifier}) in substitution`);
    }
    const word = this.toBrace();
    const value = lookup(this.env, name);
    // With a colon an empty value counts as unset (`:-`, `:+`, `:?`); without, only unset does.
    const present = colon ? value !== undefined && value !== '' : value !== undefined;
    if (modifier === '-') return present ? (value ?? '') : word;
    if (modifier === '+') return present ? word : '';
    if (!present) {
      const why = word !== '' ? word : colon ? 'is not allowed to be empty' : 'is not allowed to be unset';
      throw new LexError(`${name}: ${why}`);
    }
    return value ?? '';
  }
}

/** A shell glob (`*`, `?`, `[…]`, `\\x`) as a regular-expression source. */
function globSource(pattern: string, lazy = false): string {
  let out = '';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '*') out += lazy ? '[\\s\\S]*?' : '[\\s\\S]*';
    else if (ch === '?') out += '[\\s\\S]';
    else if (ch === '[') {
      const close = chars.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let set = chars.slice(i + 1, close).join('');
        if (set.startsWith('!')) set = '^' + set.slice(1);
        out += `[${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (ch === '\\' && i + 1 < chars.length) {
      i++;
      out += (chars[i] as string).replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
    } else out += ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
  }
  return out;
}

function scan(word: string, env: ExpandEnv, opts: ExpandOptions): { text: string; words: string[] } {
  const sc = new Scanner(word, env, opts);
  try {
    return sc.until(undefined);
  } catch (e) {
    if (e instanceof LexError) throw new LexError(`failed to process "${word}": ${e.message}`);
    throw e;
  }
}

/**
 * Expands one word as BuildKit's `ProcessWord`: quotes removed, variables substituted, spaces kept.
 * Throws LexError with BuildKit's text (`failed to process "${A": syntax error: missing '}'`).
 */
export function expandWord(word: string, env: ExpandEnv, opts: ExpandOptions = {}): string {
  return scan(word, env, opts).text;
}

/**
 * Expands and then splits on unquoted white space, as BuildKit's `ProcessWords` (EXPOSE, heredoc names):
 * `"a b" c` → [`a b`, `c`]; a variable's value is split, a quoted one is not.
 */
export function expandWords(word: string, env: ExpandEnv, opts: ExpandOptions = {}): string[] {
  return scan(word, env, opts).words;
}
