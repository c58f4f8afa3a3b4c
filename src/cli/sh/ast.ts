// The syntax tree of the bash subset the terminal understands. Pure data: the parser
// builds it, `expand.ts` turns words into argument strings, the shells execute it.

/** A whole input: and-or lists separated by `;`, `&` or newlines. */
export interface Script {
  type: 'script';
  items: AndOrList[];
}

/** `p1 && p2 || p3`: `ops[i]` joins `pipelines[i]` and `pipelines[i + 1]`. */
export interface AndOrList {
  type: 'andor';
  pipelines: Pipeline[];
  ops: ('&&' | '||')[];
  /** Ended by `&` rather than `;` or a newline. */
  background: boolean;
}

/** `[!] c1 | c2 |& c3`: `stderr[i]` is true when `|&` joins `commands[i]` and `commands[i + 1]`. */
export interface Pipeline {
  type: 'pipeline';
  negated: boolean;
  commands: Command[];
  stderr: boolean[];
}

export type Command = SimpleCommand | Subshell | Group;

export interface SimpleCommand {
  type: 'simple';
  assignments: Assignment[];
  words: Word[];
  redirects: Redirect[];
}

/** `( list )` */
export interface Subshell {
  type: 'subshell';
  body: Script;
  redirects: Redirect[];
}

/** `{ list; }` */
export interface Group {
  type: 'group';
  body: Script;
  redirects: Redirect[];
}

/** `NAME=value` before the command name. */
export interface Assignment {
  name: string;
  value: Word;
}

export type RedirectOp = '>' | '>>' | '>|' | '<' | '<>' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

/**
 * A redirection. `fd` is resolved (1 for output ops, 0 for input ops) unless written;
 * `&>` / `&>>` carry fd 1 and mean stdout and stderr together.
 */
export interface Redirect {
  type: 'redirect';
  fd: number;
  op: RedirectOp;
  /** The file, the fd number for `>&`/`<&`, or the delimiter for here-documents. */
  target: Word;
  heredoc?: Heredoc;
}

export interface Heredoc {
  delimiter: string;
  /** Any quoting in the delimiter makes the body literal. */
  quoted: boolean;
  /** Body text after `<<-` tab stripping, each line ending in `\n`. */
  body: string;
  /** The body as word parts (expansions inside) when not quoted. */
  parts: WordPart[];
}

/** One shell word as written: the parts keep which text was quoted. */
export interface Word {
  type: 'word';
  parts: WordPart[];
  /** The word's source text. */
  text: string;
}

export type WordPart = TextPart | TildePart | ParamPart | CommandPart | ArithPart;

/** Literal text; `quoted` text is neither split nor globbed. */
export interface TextPart {
  type: 'text';
  value: string;
  quoted: boolean;
}

/** `~` or `~user` at the start of an unquoted word. */
export interface TildePart {
  type: 'tilde';
  user: string;
}

export type ParamOp =
  ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | '#' | '##' | '%' | '%%' | '/' | '//' | 'length';

/** `$NAME`, `${NAME}`, `$?`, `${NAME:-word}`, `${#NAME}`… */
export interface ParamPart {
  type: 'param';
  name: string;
  quoted: boolean;
  op?: ParamOp;
  /** The word after the operator (`/` ops: the pattern). */
  arg?: WordPart[];
  /** `${NAME/pattern/replacement}`: the replacement. */
  replacement?: WordPart[];
  /** Source text, e.g. `${a b}`; `bad` marks text bash rejects at expansion time. */
  text: string;
  bad?: boolean;
}

/** `$(…)` or backquotes. */
export interface CommandPart {
  type: 'command';
  script: Script;
  quoted: boolean;
  text: string;
}

/** `$((…))`: the expression's parts are expanded, then evaluated. */
export interface ArithPart {
  type: 'arith';
  parts: WordPart[];
  quoted: boolean;
  text: string;
}
