// Position, errors and operator recognition shared by the word reader and the parser.
import type { Redirect } from './ast';
import { ShellSyntaxError } from './errors';

/** A here-document whose body starts on the line after the one that named it. */
export interface PendingHeredoc {
  redirect: Redirect;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  line: number;
}

// Longest first, so `<<-` wins over `<<` and `&&` over `&`.
const OPERATORS = [
  '<<<',
  '<<-',
  '&>>',
  ';;&',
  '&&',
  '||',
  ';;',
  ';&',
  '|&',
  '&>',
  '<<',
  '<>',
  '<&',
  '>>',
  '>&',
  '>|',
  '|',
  '&',
  ';',
  '(',
  ')',
  '<',
  '>',
];

/** Characters that end an unquoted word. */
export function isMeta(ch: string): boolean {
  return (
    ch === ' ' ||
    ch === '\t' ||
    ch === '\n' ||
    ch === '|' ||
    ch === '&' ||
    ch === ';' ||
    ch === '(' ||
    ch === ')' ||
    ch === '<' ||
    ch === '>'
  );
}

export const MAX_DEPTH = 64;

export class Scanner {
  pos = 0;
  readonly pending: PendingHeredoc[] = [];
  readonly warnings: string[] = [];
  depth = 0;

  constructor(
    readonly src: string,
    /** No more input will come: unfinished constructs are errors, not requests for more lines. */
    readonly final: boolean,
    /** Lines before `src` in the caller's numbering (nested parses of backquotes). */
    readonly lineBase = 0,
  ) {}

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }

  lineAt(pos: number): number {
    let line = 1 + this.lineBase;
    for (let i = 0; i < pos && i < this.src.length; i++) if (this.src[i] === '\n') line++;
    return line;
  }

  /** The input ended inside a construct: more lines may finish it. */
  eof(message: string): never {
    throw new ShellSyntaxError(message, this.lineAt(this.pos), !this.final);
  }

  unexpected(token: string): never {
    const shown = token === '' || token === '\n' ? 'newline' : token;
    throw new ShellSyntaxError(`syntax error near unexpected token \`${shown}'`, this.lineAt(this.pos));
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw new ShellSyntaxError('expression nested too deeply', this.lineAt(this.pos));
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Skips spaces, tabs and backslash-newline continuations. */
  skipBlanks(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t') this.pos++;
      else if (ch === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (ch === '\\' && this.pos + 1 === this.src.length && !this.final) {
        this.eof('syntax error: unexpected end of file');
      } else return;
    }
  }

  /** Skips blanks and a `# comment` (up to, not including, the newline). */
  skipBlanksAndComment(): void {
    this.skipBlanks();
    if (this.peek() === '#') {
      while (!this.atEnd() && this.peek() !== '\n') this.pos++;
    }
  }

  /** The operator at the cursor, or '' when a word (or the end) starts here. */
  operator(): string {
    const ch = this.peek();
    if (ch === '\n') return '\n';
    for (const op of OPERATORS) if (this.startsWith(op)) return op;
    return '';
  }

  /** Consumes a newline and reads the bodies of here-documents named on the line it ends. */
  newline(readBodies: (h: PendingHeredoc) => void): void {
    this.pos++;
    while (this.pending.length > 0) readBodies(this.pending.shift() as PendingHeredoc);
  }
}
