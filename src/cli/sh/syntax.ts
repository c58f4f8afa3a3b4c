// A recursive-descent parser for the bash subset: lists, pipelines, simple commands,
// subshells, groups, redirections and here-documents. Words are read by `words.ts`.
import type { AndOrList, Assignment, Command, Pipeline, Redirect, RedirectOp, Script, Word } from './ast';
import { ShellSyntaxError } from './errors';
import { isMeta, Scanner, type PendingHeredoc } from './scanner';
import { readHeredocParts, readWord, type WordHost } from './words';

export interface ParseOptions {
  /** No more lines will follow (a script, `bash -c`, or Ctrl-D): unfinished input is an error. */
  final?: boolean;
}

export interface Parsed {
  script: Script;
  /** Bash's warnings, e.g. a here-document ended by the end of input. */
  warnings: string[];
}

export type ParseOutcome =
  | { kind: 'ok'; script: Script; warnings: string[] }
  | { kind: 'incomplete'; message: string }
  | { kind: 'error'; error: ShellSyntaxError };

/** Parses shell input; throws only `ShellSyntaxError` (with `incomplete` when more lines may finish it). */
export function parse(source: string, options: ParseOptions = {}): Parsed {
  const p = new Parser(source, options.final ?? false, 0);
  const script = p.parseAll();
  return { script, warnings: p.warnings };
}

/** `parse` as a value: ok, incomplete (show the `> ` prompt), or a syntax error. */
export function tryParse(source: string, options: ParseOptions = {}): ParseOutcome {
  try {
    const { script, warnings } = parse(source, options);
    return { kind: 'ok', script, warnings };
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    return e.incomplete ? { kind: 'incomplete', message: e.message } : { kind: 'error', error: e };
  }
}

const REDIRECT_OPS = new Set(['>', '>>', '>|', '<', '<>', '>&', '<&', '&>', '&>>', '<<', '<<-', '<<<']);
const CLOSERS = new Set(['}', 'then', 'fi', 'do', 'done', 'esac', 'else', 'elif', 'in']);
const COMPOUND = new Set(['if', 'while', 'until', 'for', 'case', 'select', 'function', '[[', 'coproc']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

type Closer = '' | ')' | '}';

class Parser extends Scanner implements WordHost {
  parseAll(): Script {
    const script = this.list('', '');
    if (this.pending.length > 0) {
      const h = this.pending[0] as PendingHeredoc;
      if (!this.final) this.eof(heredocWarning(h));
      for (const rest of this.pending.splice(0)) this.warnings.push(heredocWarning(rest));
    }
    return script;
  }

  substitution(): Script {
    const script = this.list(')', '$(');
    this.pos++;
    return script;
  }

  subHost(text: string, lineBase: number): WordHost {
    return new Parser(text, true, lineBase);
  }

  /** Items up to the end of input, or up to (not through) the closer of a `(`, `$(` or `{`. */
  private list(closer: Closer, opener: string): Script {
    const items: AndOrList[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.atEnd()) {
        if (closer === '') return { type: 'script', items };
        this.eof(
          opener === '$('
            ? "unexpected EOF while looking for matching `)'"
            : 'syntax error: unexpected end of file',
        );
      }
      const op = this.operator();
      if (closer === ')' && op === ')') return { type: 'script', items };
      if (closer === '}' && this.reservedWord() === '}') return { type: 'script', items };
      if (op !== '' && op !== '(' && !REDIRECT_OPS.has(op)) this.unexpected(op);
      const item = this.andOr();
      items.push(item);
      this.skipBlanksAndComment();
      const sep = this.operator();
      if (sep === ';' || sep === '&') {
        this.pos++;
        item.background = sep === '&';
      } else if (sep === '\n') {
        this.newline((h) => this.readHeredoc(h));
      } else if (this.atEnd() || (closer === ')' && sep === ')')) {
        continue;
      } else {
        this.unexpected(sep !== '' ? sep : this.tokenText());
      }
    }
  }

  private skipSeparators(): void {
    for (;;) {
      this.skipBlanksAndComment();
      if (this.peek() !== '\n') return;
      this.newline((h) => this.readHeredoc(h));
    }
  }

  /** After `|`, `&&` or `||` a command must follow, possibly on a later line. */
  private skipLinebreaks(): void {
    this.skipSeparators();
    if (this.atEnd()) this.eof('syntax error: unexpected end of file');
  }

  private andOr(): AndOrList {
    const pipelines = [this.pipeline()];
    const ops: ('&&' | '||')[] = [];
    for (;;) {
      this.skipBlanksAndComment();
      const op = this.operator();
      if (op !== '&&' && op !== '||') break;
      this.pos += 2;
      ops.push(op);
      this.skipLinebreaks();
      pipelines.push(this.pipeline());
    }
    return { type: 'andor', pipelines, ops, background: false };
  }

  private pipeline(): Pipeline {
    this.skipBlanks();
    let negated = false;
    if (this.peek() === '!' && (isMeta(this.peek(1)) || this.peek(1) === '')) {
      negated = true;
      this.pos++;
      this.skipBlanks();
      if (this.atEnd()) this.eof('syntax error: unexpected end of file');
    }
    const commands = [this.command()];
    const stderr: boolean[] = [];
    for (;;) {
      this.skipBlanksAndComment();
      const op = this.operator();
      if (op !== '|' && op !== '|&') break;
      this.pos += op.length;
      stderr.push(op === '|&');
      this.skipLinebreaks();
      commands.push(this.command());
    }
    return { type: 'pipeline', negated, commands, stderr };
  }

  private command(): Command {
    this.skipBlanks();
    const op = this.operator();
    if (op === '(') {
      if (this.peek(1) === '(') this.unsupported('((');
      this.pos++;
      this.enter();
      const body = this.list(')', '(');
      this.pos++;
      this.leave();
      return { type: 'subshell', body, redirects: this.trailingRedirects() };
    }
    if (op !== '' && !REDIRECT_OPS.has(op)) this.unexpected(op);
    const reserved = this.reservedWord();
    if (reserved === '{') {
      this.pos++;
      this.enter();
      const body = this.list('}', '{');
      this.pos++;
      this.leave();
      return { type: 'group', body, redirects: this.trailingRedirects() };
    }
    if (reserved !== '' && CLOSERS.has(reserved)) this.unexpected(reserved);
    if (reserved !== '' && COMPOUND.has(reserved)) this.unsupported(reserved);
    return this.simple();
  }

  private simple(): Command {
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.atEnd() || this.peek() === '#') break;
      const fd = this.ioNumber();
      const op = this.operator();
      if (REDIRECT_OPS.has(op)) {
        redirects.push(this.redirect(fd));
        continue;
      }
      if (op !== '') break;
      const word = readWord(this);
      const assignment = words.length === 0 ? asAssignment(word) : undefined;
      if (assignment) assignments.push(assignment);
      else words.push(word);
    }
    if (assignments.length + words.length + redirects.length === 0) this.unexpected(this.tokenText());
    if (this.operator() === '(') this.functionSyntax(words.length === 1 && assignments.length === 0);
    return { type: 'simple', assignments, words, redirects };
  }

  /** `name (` starts a function definition in bash; we report what bash reports, or refuse. */
  private functionSyntax(possible: boolean): never {
    if (!possible) this.unexpected('(');
    this.pos++;
    this.skipBlanks();
    if (this.operator() === ')') this.unsupported('function');
    this.unexpected(this.tokenText());
  }

  private trailingRedirects(): Redirect[] {
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipBlanks();
      const fd = this.ioNumber();
      if (!REDIRECT_OPS.has(this.operator())) {
        if (fd !== undefined) this.unexpected(String(fd));
        return redirects;
      }
      redirects.push(this.redirect(fd));
    }
  }

  /** Digits directly followed by `<` or `>` name the file descriptor (`2>&1`). */
  private ioNumber(): number | undefined {
    let end = this.pos;
    while (end < this.src.length && /[0-9]/.test(this.src[end] as string)) end++;
    if (end === this.pos || end - this.pos > 9) return undefined;
    const next = this.src[end];
    if (next !== '<' && next !== '>') return undefined;
    const fd = Number(this.src.slice(this.pos, end));
    this.pos = end;
    return fd;
  }

  private redirect(fd: number | undefined): Redirect {
    const op = this.operator() as RedirectOp;
    this.pos += op.length;
    this.skipBlanks();
    if (this.atEnd() || this.operator() !== '' || this.peek() === '#') {
      this.unexpected(this.peek() === '#' ? '\n' : this.operator());
    }
    const target = readWord(this);
    const input = op === '<' || op === '<>' || op === '<&' || op === '<<' || op === '<<-' || op === '<<<';
    const redirect: Redirect = { type: 'redirect', fd: fd ?? (input ? 0 : 1), op, target };
    if (op === '<<' || op === '<<-') {
      const quoted = target.parts.some((p) => p.type === 'text' && p.quoted);
      const delimiter = target.parts
        .map((p) => (p.type === 'text' ? p.value : p.type === 'tilde' ? '~' + p.user : p.text))
        .join('');
      redirect.heredoc = { delimiter, quoted, body: '', parts: [] };
      this.pending.push({
        redirect,
        delimiter,
        stripTabs: op === '<<-',
        quoted,
        line: this.lineAt(this.pos),
      });
    }
    return redirect;
  }

  private readHeredoc(h: PendingHeredoc): void {
    let body = '';
    for (;;) {
      if (this.atEnd()) {
        if (!this.final) this.eof(heredocWarning(h));
        this.warnings.push(heredocWarning(h));
        break;
      }
      const nl = this.src.indexOf('\n', this.pos);
      const end = nl < 0 ? this.src.length : nl;
      let line = this.src.slice(this.pos, end);
      if (h.stripTabs) line = line.replace(/^\t+/, '');
      this.pos = nl < 0 ? this.src.length : nl + 1;
      if (line === h.delimiter) break;
      body += line + '\n';
    }
    const doc = h.redirect.heredoc;
    if (!doc) return;
    doc.body = body;
    if (!h.quoted) {
      const sub = new Parser(body, true, h.line);
      sub.depth = this.depth;
      doc.parts = readHeredocParts(sub);
    }
  }

  /** A reserved word at the cursor (`{`, `}`, `if`, `then`…), or ''. */
  private reservedWord(): string {
    let end = this.pos;
    while (end < this.src.length && !isMeta(this.src[end] as string)) end++;
    const text = this.src.slice(this.pos, end);
    return CLOSERS.has(text) || COMPOUND.has(text) || text === '{' ? text : '';
  }

  /** The next token's text, as bash names it in `near unexpected token`. */
  private tokenText(): string {
    const op = this.operator();
    if (op !== '' || this.atEnd()) return op;
    let end = this.pos;
    while (end < this.src.length && !isMeta(this.src[end] as string)) end++;
    return this.src.slice(this.pos, end);
  }

  private unsupported(word: string): never {
    throw new ShellSyntaxError(
      `${word}: compound commands are not supported in this shell`,
      this.lineAt(this.pos),
    );
  }
}

function heredocWarning(h: PendingHeredoc): string {
  return `warning: here-document at line ${h.line} delimited by end-of-file (wanted \`${h.delimiter}')`;
}

function asAssignment(word: Word): Assignment | undefined {
  const first = word.parts[0];
  if (!first || first.type !== 'text' || first.quoted) return undefined;
  const m = ASSIGNMENT.exec(first.value);
  if (!m) return undefined;
  const name = m[1] as string;
  const rest = first.value.slice(name.length + 1);
  const parts = rest === '' ? word.parts.slice(1) : [{ ...first, value: rest }, ...word.parts.slice(1)];
  return { name, value: { type: 'word', parts, text: word.text.slice(name.length + 1) } };
}
