// The Dockerfile parser, following BuildKit's dockerfile frontend (frontend/dockerfile/parser,
// instructions/parse.go, dockerfile2llb's step names): directives, comments, continuations, JSON vs
// shell form, heredocs, typed instructions split into stages, BuildKit's error texts with the line.
// Pure: text in, values out. Word expansion lives in shell-lex.ts; `expandInstruction` applies it
// to exactly the words BuildKit expands.

import { type ExpandEnv, expandWord, expandWords, LexError } from './shell-lex';

export { type ExpandEnv, expandWord, expandWords, LexError } from './shell-lex';

/** Where an instruction sits in the file (1-based, inclusive) and its text as BuildKit keeps it. */
export interface Located {
  readonly startLine: number;
  readonly endLine: number;
  /** The instruction line with continuations joined and continued-in comments dropped. */
  readonly original: string;
}

/** A `<<EOF` … `EOF` body attached to RUN/COPY/ADD. */
export interface Heredoc {
  readonly name: string;
  /** The body, each line with its newline; leading tabs still there when `chomp`. */
  readonly content: string;
  /** `<<-EOF`: leading tabs are stripped from the body and the terminator. */
  readonly chomp: boolean;
  /** False when the name was quoted (`<<'EOF'`): no variable expansion in the body. */
  readonly expand: boolean;
  /** `3<<EOF` gives 3; 0 when not written. */
  readonly fd: number;
}

export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** Exec form (`["a","b"]`, used as is) or shell form (one string, run by the stage's SHELL). */
export interface CommandLine {
  readonly form: 'exec' | 'shell';
  /** Exec form: the argv; shell form: one element, the command text. */
  readonly args: readonly string[];
}

interface Base extends Located {
  /** `--name=value` flags as written before the arguments. */
  readonly flags: Readonly<Record<string, string>>;
}

export interface FromInstruction extends Base {
  readonly kind: 'FROM';
  /** The base as written (may hold `$ARG`s): an image, `scratch` or an earlier stage's name. */
  readonly image: string;
  /** Lower-cased `AS` name, or undefined. */
  readonly stageName?: string;
  readonly platform?: string;
}
export interface RunInstruction extends Base, CommandLine {
  readonly kind: 'RUN';
  readonly heredocs: readonly Heredoc[];
}
export interface CmdInstruction extends Base, CommandLine {
  readonly kind: 'CMD';
}
export interface EntrypointInstruction extends Base, CommandLine {
  readonly kind: 'ENTRYPOINT';
}
interface CopyLike extends Base {
  /** Paths as written (may hold `$VAR`s and globs); heredoc sources are in `heredocs`. */
  readonly sources: readonly string[];
  readonly dest: string;
  readonly chown?: string;
  readonly chmod?: string;
  readonly link: boolean;
  readonly heredocs: readonly Heredoc[];
  readonly form: 'exec' | 'shell';
}
export interface CopyInstruction extends CopyLike {
  readonly kind: 'COPY';
  /** `--from=`: a stage name, a stage index, or an image. */
  readonly from?: string;
}
export interface AddInstruction extends CopyLike {
  readonly kind: 'ADD';
}
export interface EnvInstruction extends Base {
  readonly kind: 'ENV';
  /** Raw keys and values (quotes still in; `expandInstruction` removes them). */
  readonly pairs: readonly KeyValue[];
}
export interface LabelInstruction extends Base {
  readonly kind: 'LABEL';
  readonly pairs: readonly KeyValue[];
}
export interface ArgDecl {
  readonly key: string;
  /** The default, or undefined when none was given (`ARG NAME`). */
  readonly value?: string;
}
export interface ArgInstruction extends Base {
  readonly kind: 'ARG';
  readonly args: readonly ArgDecl[];
}
export interface WorkdirInstruction extends Base {
  readonly kind: 'WORKDIR';
  readonly path: string;
}
export interface UserInstruction extends Base {
  readonly kind: 'USER';
  readonly user: string;
}
export interface ExposeInstruction extends Base {
  readonly kind: 'EXPOSE';
  /** Sorted as BuildKit sorts them. */
  readonly ports: readonly string[];
}
export interface VolumeInstruction extends Base {
  readonly kind: 'VOLUME';
  readonly volumes: readonly string[];
}
export interface ShellInstruction extends Base {
  readonly kind: 'SHELL';
  readonly shell: readonly string[];
}
export interface StopSignalInstruction extends Base {
  readonly kind: 'STOPSIGNAL';
  readonly signal: string;
}
export interface HealthcheckInstruction extends Base {
  readonly kind: 'HEALTHCHECK';
  /** `["NONE"]`, `["CMD", …argv]` or `["CMD-SHELL", text]`, as in the image config. */
  readonly test: readonly string[];
  readonly interval?: string;
  readonly timeout?: string;
  readonly startPeriod?: string;
  readonly retries?: number;
}
export interface OnbuildInstruction extends Base {
  readonly kind: 'ONBUILD';
  /** The trigger's text without `ONBUILD `. */
  readonly expression: string;
}
export interface MaintainerInstruction extends Base {
  readonly kind: 'MAINTAINER';
  readonly maintainer: string;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | EntrypointInstruction
  | CopyInstruction
  | AddInstruction
  | EnvInstruction
  | LabelInstruction
  | ArgInstruction
  | WorkdirInstruction
  | UserInstruction
  | ExposeInstruction
  | VolumeInstruction
  | ShellInstruction
  | StopSignalInstruction
  | HealthcheckInstruction
  | OnbuildInstruction
  | MaintainerInstruction;

export type InstructionKind = Instruction['kind'];

/** One build stage: its FROM and the instructions after it up to the next FROM. */
export interface Stage {
  readonly index: number;
  /** Lower-cased `AS` name, or undefined. */
  readonly name?: string;
  readonly from: FromInstruction;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly kind: 'dockerfile';
  /** `\` or a backtick. */
  readonly escapeToken: string;
  /** The `# syntax=` directive, if any. */
  readonly syntax?: string;
  /** ARGs before the first FROM: usable in FROM lines only. */
  readonly globalArgs: readonly ArgInstruction[];
  readonly stages: readonly Stage[];
  /** Every instruction in file order (global ARGs and FROMs included). */
  readonly instructions: readonly Instruction[];
  /** BuildKit's warnings: empty continuation lines, duplicate stage names. */
  readonly warnings: readonly string[];
}

/** A Dockerfile BuildKit refuses: `message` is what it prints after `failed to solve: `. */
export interface ParseError {
  readonly kind: 'parse-error';
  readonly message: string;
  /** 1-based lines the error is about; 0 when about the whole file. */
  readonly startLine: number;
  readonly endLine: number;
}

export function isParseError(x: Dockerfile | ParseError): x is ParseError {
  return x.kind === 'parse-error';
}

// ---------------------------------------------------------------------------------------------
// Lines, directives, continuations

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const VALID_DIRECTIVES = new Set(['escape', 'syntax', 'check']);
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
const HEREDOC_KINDS = new Set(['run', 'copy', 'add']);
const WHITESPACE = /[\t\v\f\r ]+/;

const ALL_INSTRUCTIONS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;

class Failure {
  constructor(
    readonly message: string,
    readonly startLine: number,
    readonly endLine: number,
  ) {}
}

function fail(message: string, startLine: number, endLine = startLine): never {
  throw new Failure(message, startLine, endLine);
}

function escapeRe(ch: string): string {
  return ch.replace(/[\\^$.*+?()[\]{}|`]/g, '\\$&');
}

/** BuildKit's continuation test: the escape token last (spaces after allowed), not itself escaped. */
function continuationRegex(escape: string): RegExp {
  const e = escapeRe(escape);
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

function trimNewline(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}

const isCommentLine = (line: string): boolean => /^#/.test(trimNewline(line).trimStart());

/** Splits keeping each line's ending, as BuildKit's scanner does. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
    out.push(text.slice(start, i + 1));
    start = i + 1;
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

interface Directives {
  escape: string;
  syntax?: string;
  done: boolean;
  seen: Set<string>;
}

function readDirective(d: Directives, line: string, lineNo: number): void {
  if (d.done) return;
  const m = DIRECTIVE.exec(line);
  const key = m?.[1]?.toLowerCase();
  if (!m || key === undefined || !VALID_DIRECTIVES.has(key)) {
    d.done = true;
    return;
  }
  if (d.seen.has(key)) fail(`only one ${key} parser directive can be used`, lineNo);
  d.seen.add(key);
  const value = m[2] ?? '';
  if (key === 'escape') {
    if (value !== '`' && value !== '\\') {
      fail(`invalid escape token '${value}' does not match \` or \\`, lineNo);
    }
    d.escape = value;
  } else if (key === 'syntax') d.syntax = value;
}

/** One logical line: an instruction's joined text and its line span, plus heredoc bodies. */
interface RawNode {
  readonly line: string;
  readonly startLine: number;
  endLine: number;
  heredocs: Heredoc[];
}

// ---------------------------------------------------------------------------------------------
// Words and flags (line_parsers.go, split_command.go)

/** BuildKit's parseWords: splits on spaces, keeps quotes and escapes in the words. */
function parseWords(rest: string, escape: string): string[] {
  const words: string[] = [];
  const chars = Array.from(rest);
  let word = '';
  let phase: 'space' | 'word' | 'quote' = 'space';
  let quote = '';
  let blankOK = false;
  for (let i = 0; i <= chars.length; i++) {
    const ch = chars[i] ?? '';
    if (phase === 'space') {
      if (i === chars.length) break;
      if (/\s/.test(ch)) continue;
      phase = 'word';
    }
    if (i === chars.length) {
      if (blankOK || word.length > 0) words.push(word);
      break;
    }
    if (phase === 'word') {
      if (/\s/.test(ch)) {
        phase = 'space';
        if (blankOK || word.length > 0) words.push(word);
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
      }
      if (ch === escape) {
        if (i + 1 === chars.length) continue;
        word += ch;
        i++;
        word += chars[i] ?? '';
        continue;
      }
      word += ch;
      continue;
    }
    // inside quotes
    if (ch === quote) phase = 'word';
    if (ch === escape && quote !== "'") {
      if (i + 1 === chars.length) {
        phase = 'word';
        continue;
      }
      word += ch;
      i++;
      word += chars[i] ?? '';
      continue;
    }
    word += ch;
  }
  return words;
}

/** BuildKit's extractBuilderFlags: leading `--x=y` words, then the rest of the line. */
function extractFlags(line: string): { rest: string; flags: string[] } {
  const flags: string[] = [];
  let word = '';
  let phase: 'space' | 'word' | 'quote' = 'space';
  let quote = '';
  let blankOK = false;
  let parsingFlagArg = false;
  let needFlagArg = true;
  for (let pos = 0; pos <= line.length; pos++) {
    const ch = line[pos] ?? '';
    if (phase === 'space') {
      if (pos === line.length) break;
      if (/\s/.test(ch)) continue;
      if (!parsingFlagArg && (ch !== '-' || pos + 1 === line.length || line[pos + 1] !== '-')) {
        return { rest: line.slice(pos), flags };
      }
      phase = 'word';
    }
    if (pos === line.length) {
      if (word !== '--' && (blankOK || word.length > 0)) flags.push(word);
      break;
    }
    if (phase === 'word') {
      if (/\s/.test(ch)) {
        phase = 'space';
        if (parsingFlagArg) {
          flags[flags.length - 1] += '=' + word;
          parsingFlagArg = false;
          needFlagArg = true;
        } else {
          if (word === '--') return { rest: line.slice(pos), flags };
          if (blankOK || word.length > 0) {
            if (needFlagArg) parsingFlagArg = true;
            flags.push(word);
          }
        }
        word = '';
        blankOK = false;
        continue;
      }
      if (ch === '=' && needFlagArg) needFlagArg = false;
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOK = true;
        phase = 'quote';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === line.length) continue;
        pos++;
        word += line[pos];
        continue;
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      phase = 'word';
      continue;
    }
    if (ch === '\\') {
      if (pos + 1 === line.length) {
        phase = 'word';
        continue;
      }
      pos++;
      word += line[pos];
      continue;
    }
    word += ch;
  }
  return { rest: '', flags };
}

/** Go's json.Decoder reads the first value and ignores what follows: find that value's end. */
function leadingJsonArray(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return text.slice(0, i + 1);
    }
  }
  return undefined;
}

const NOT_STRINGS = 'when using JSON array syntax, arrays must be comprised of strings only';

/** The JSON (exec) form, or undefined when `rest` is not a JSON array (then it is shell form). */
function parseJsonArray(rest: string): string[] | undefined {
  const trimmed = rest.trimStart();
  if (!trimmed.startsWith('[')) return undefined;
  const candidate = leadingJsonArray(trimmed);
  if (candidate === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  if (!value.every((v): v is string => typeof v === 'string')) throw new Error(NOT_STRINGS);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Per-instruction argument shapes (the parser's dispatch table)

interface NodeArgs {
  args: string[];
  json: boolean;
}

function whitespaceList(rest: string): string[] {
  return rest === '' ? [] : rest.split(WHITESPACE);
}

function maybeJson(rest: string): NodeArgs {
  if (rest === '') return { args: [], json: false };
  const json = parseJsonArray(rest);
  return json ? { args: json, json: true } : { args: [rest], json: false };
}

function maybeJsonList(rest: string): NodeArgs {
  const json = parseJsonArray(rest);
  return json ? { args: json, json: true } : { args: whitespaceList(rest), json: false };
}

function nameVal(rest: string, key: string, escape: string): string[] {
  const words = parseWords(rest, escape);
  if (words.length === 0) return [];
  if (!(words[0] ?? '').includes('=')) {
    const parts = rest.split(WHITESPACE);
    if (parts.length < 2) throw new Error(`${key} must have two arguments`);
    const first = parts[0] ?? '';
    const value = rest.slice(rest.indexOf(first) + first.length).replace(/^[\t\v\f\r ]+/, '');
    return [first, value];
  }
  const out: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      throw new Error(
        `Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`,
      );
    }
    out.push(word.slice(0, eq), word.slice(eq + 1));
  }
  return out;
}

function healthArgs(rest: string): NodeArgs {
  const m = /^(\S*)\s*([\s\S]*)$/.exec(rest);
  const type = m?.[1] ?? '';
  if (type === '') return { args: [], json: false };
  const cmd = maybeJson(m?.[2] ?? '');
  return { args: [type, ...cmd.args], json: cmd.json };
}

function nodeArgs(cmd: string, rest: string, escape: string): NodeArgs {
  switch (cmd) {
    case 'add':
    case 'copy':
    case 'volume':
      return maybeJsonList(rest);
    case 'cmd':
    case 'entrypoint':
    case 'run':
    case 'shell':
      return maybeJson(rest);
    case 'arg':
      return { args: parseWords(rest, escape), json: false };
    case 'env':
      return { args: nameVal(rest, 'ENV', escape), json: false };
    case 'label':
      return { args: nameVal(rest, 'LABEL', escape), json: false };
    case 'expose':
    case 'from':
      return { args: whitespaceList(rest), json: false };
    case 'healthcheck':
      return healthArgs(rest);
    case 'maintainer':
    case 'stopsignal':
    case 'user':
    case 'workdir':
      return { args: rest === '' ? [] : [rest], json: false };
    default:
      return { args: [], json: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Flags (bflag.go)

type FlagKind = 'string' | 'bool' | 'strings';

function parseFlags(
  raw: readonly string[],
  allowed: Readonly<Record<string, FlagKind>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of raw) {
    if (!word.startsWith('--')) throw new Error(`Arg should start with -- : ${word}`);
    if (word === '--') break;
    let name = word.slice(2);
    let value = '';
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = allowed[name];
    if (kind === undefined) throw new Error(`Unknown flag: ${name}`);
    if (name in out && kind !== 'strings') throw new Error(`Duplicate flag specified: ${name}`);
    if (kind === 'bool') {
      if (eq >= 0 && value === '') throw new Error(`Missing a value on flag: ${name}`);
      const lower = value.toLowerCase();
      if (lower !== '' && lower !== 'true' && lower !== 'false') {
        throw new Error(`Expecting boolean value for flag ${name}, not: ${value}`);
      }
      out[name] = lower === '' ? 'true' : lower;
    } else {
      if (eq < 0) throw new Error(`Missing a value on flag: ${name}`);
      out[name] = kind === 'strings' && name in out ? `${out[name]},${value}` : value;
    }
  }
  return out;
}

const FLAGS: Readonly<Record<string, Readonly<Record<string, FlagKind>>>> = {
  from: { platform: 'string' },
  run: { mount: 'strings', network: 'string', security: 'string', device: 'strings' },
  copy: {
    chown: 'string',
    chmod: 'string',
    from: 'string',
    link: 'bool',
    parents: 'bool',
    exclude: 'strings',
  },
  add: {
    chown: 'string',
    chmod: 'string',
    link: 'bool',
    'keep-git-dir': 'bool',
    checksum: 'string',
    exclude: 'strings',
    unpack: 'bool',
  },
  healthcheck: {
    interval: 'string',
    timeout: 'string',
    'start-period': 'string',
    'start-interval': 'string',
    retries: 'string',
  },
};

// ---------------------------------------------------------------------------------------------
// Typed instructions (instructions/parse.go)

const atLeastOne = (c: string): string => `${c} requires at least one argument`;
const exactlyOne = (c: string): string => `${c} requires exactly one argument`;
const noDestination = (c: string): string =>
  `${c} requires at least two arguments, but only one was provided. Destination could not be determined`;
const blankNames = (c: string): string => `${c} names can not be blank`;

function pairs(args: readonly string[], name: string): KeyValue[] {
  if (args.length === 0) throw new Error(atLeastOne(name));
  const out: KeyValue[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    const key = args[i] ?? '';
    if (key === '') throw new Error(blankNames(name));
    out.push({ key, value: args[i + 1] ?? '' });
  }
  return out;
}

function commandLine(a: NodeArgs): CommandLine {
  return a.json
    ? { form: 'exec', args: a.args }
    : { form: 'shell', args: a.args.length ? [a.args.join(' ')] : [] };
}

function heredocName(word: string): Heredoc | undefined {
  const m = HEREDOC_WORD.exec(word);
  const rest = m?.[3] ?? '';
  if (!m || rest === '') return undefined;
  const name = rest.replace(/["']/g, '');
  if (name === '' || /\s/.test(name)) return undefined;
  return { name, content: '', chomp: m[2] === '-', expand: !/["']/.test(rest), fd: Number(m[1] || '0') };
}

function copyLike(
  kind: 'COPY' | 'ADD',
  a: NodeArgs,
  flags: Record<string, string>,
  heredocs: readonly Heredoc[],
): Omit<CopyLike, keyof Base> & { kind: 'COPY' | 'ADD' } {
  if (a.args.length < 2) throw new Error(noDestination(kind));
  const dest = a.args[a.args.length - 1] ?? '';
  if (heredocName(dest)) throw new Error(`${kind} cannot accept a heredoc as a destination`);
  const sources = a.args.slice(0, -1).filter((s) => heredocName(s) === undefined);
  return {
    kind,
    sources,
    dest,
    ...(flags.chown !== undefined ? { chown: flags.chown } : {}),
    ...(flags.chmod !== undefined ? { chmod: flags.chmod } : {}),
    link: flags.link === 'true',
    heredocs,
    form: a.json ? 'exec' : 'shell',
  };
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

function typed(
  cmd: string,
  a: NodeArgs,
  flags: Record<string, string>,
  loc: Base,
  heredocs: Heredoc[],
): Instruction {
  const args = a.args;
  switch (cmd) {
    case 'from': {
      let stageName: string | undefined;
      if (args.length === 3 && (args[1] ?? '').toLowerCase() === 'as') {
        stageName = (args[2] ?? '').toLowerCase();
        if (!STAGE_NAME.test(stageName)) {
          throw new Error(
            `invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`,
          );
        }
      } else if (args.length !== 1) throw new Error('FROM requires either one or three arguments');
      return {
        ...loc,
        kind: 'FROM',
        image: args[0] ?? '',
        ...(stageName !== undefined ? { stageName } : {}),
        ...(flags.platform !== undefined ? { platform: flags.platform } : {}),
      };
    }
    case 'run':
      return { ...loc, kind: 'RUN', ...commandLine(a), heredocs };
    case 'cmd':
      return { ...loc, kind: 'CMD', ...commandLine(a) };
    case 'entrypoint':
      return { ...loc, kind: 'ENTRYPOINT', ...commandLine(a) };
    case 'copy': {
      const base = copyLike('COPY', a, flags, heredocs);
      return { ...loc, ...base, kind: 'COPY', ...(flags.from !== undefined ? { from: flags.from } : {}) };
    }
    case 'add':
      return { ...loc, ...copyLike('ADD', a, flags, heredocs), kind: 'ADD' };
    case 'env':
      return { ...loc, kind: 'ENV', pairs: pairs(args, 'ENV') };
    case 'label':
      return { ...loc, kind: 'LABEL', pairs: pairs(args, 'LABEL') };
    case 'arg': {
      if (args.length === 0) throw new Error(atLeastOne('ARG'));
      const decls = args.map((word): ArgDecl => {
        const eq = word.indexOf('=');
        if (eq < 0) return { key: word };
        if (eq === 0) throw new Error(blankNames('ARG'));
        return { key: word.slice(0, eq), value: word.slice(eq + 1) };
      });
      return { ...loc, kind: 'ARG', args: decls };
    }
    case 'workdir':
      if (args.length !== 1) throw new Error(exactlyOne('WORKDIR'));
      return { ...loc, kind: 'WORKDIR', path: args[0] ?? '' };
    case 'user':
      if (args.length !== 1) throw new Error(exactlyOne('USER'));
      return { ...loc, kind: 'USER', user: args[0] ?? '' };
    case 'expose':
      if (args.length === 0) throw new Error(atLeastOne('EXPOSE'));
      return { ...loc, kind: 'EXPOSE', ports: [...args].sort() };
    case 'volume': {
      if (args.length === 0) throw new Error(atLeastOne('VOLUME'));
      const volumes = args.map((v) => v.trim());
      if (volumes.includes('')) throw new Error('VOLUME specified can not be an empty string');
      return { ...loc, kind: 'VOLUME', volumes };
    }
    case 'shell':
      if (args.length === 0) throw new Error(atLeastOne('SHELL'));
      if (!a.json) throw new Error(`SHELL requires the arguments to be in JSON form`);
      return { ...loc, kind: 'SHELL', shell: args };
    case 'stopsignal':
      if (args.length !== 1) throw new Error(exactlyOne('STOPSIGNAL'));
      return { ...loc, kind: 'STOPSIGNAL', signal: args[0] ?? '' };
    case 'maintainer':
      if (args.length !== 1) throw new Error(exactlyOne('MAINTAINER'));
      return { ...loc, kind: 'MAINTAINER', maintainer: args[0] ?? '' };
    case 'healthcheck':
      return healthcheck(a, flags, loc);
    default:
      throw new Error(`unknown instruction: ${cmd}`);
  }
}

function healthcheck(a: NodeArgs, flags: Record<string, string>, loc: Base): HealthcheckInstruction {
  if (a.args.length === 0) throw new Error(atLeastOne('HEALTHCHECK'));
  const type = (a.args[0] ?? '').toUpperCase();
  const rest = a.args.slice(1);
  if (type === 'NONE') {
    if (rest.length !== 0) throw new Error('HEALTHCHECK NONE takes no arguments');
    return { ...loc, kind: 'HEALTHCHECK', test: ['NONE'] };
  }
  if (type !== 'CMD') throw new Error(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  const cmd = a.json ? rest : rest.length ? [rest.join(' ')] : [];
  if (cmd.length === 0) throw new Error('Missing command after HEALTHCHECK CMD');
  let retries: number | undefined;
  if (flags.retries !== undefined) {
    retries = Number(flags.retries);
    if (!Number.isInteger(retries))
      throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(flags.retries)}: invalid syntax`);
    if (retries < 1) throw new Error(`--retries must be at least 1 (not ${retries})`);
  }
  return {
    ...loc,
    kind: 'HEALTHCHECK',
    test: [a.json ? 'CMD' : 'CMD-SHELL', ...cmd],
    ...(flags.interval !== undefined ? { interval: flags.interval } : {}),
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags['start-period'] !== undefined ? { startPeriod: flags['start-period'] } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

/** Levenshtein distance, for BuildKit's "did you mean" (util/suggest: distance below 3). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

function suggestInstruction(typedName: string): string {
  const val = typedName.toLowerCase();
  let match = '';
  let best = 3;
  for (const opt of ALL_INSTRUCTIONS) {
    const lower = opt.toLowerCase();
    const d = distance(val, lower);
    if (d < best) {
      best = d;
      match =
        typedName === typedName.toLowerCase() ? lower : typedName === typedName.toUpperCase() ? opt : lower;
    }
  }
  return match === '' ? '' : ` (did you mean ${match}?)`;
}

/** One logical line split as the parser does: keyword, flags, argument shape. */
interface Shaped {
  readonly node: RawNode;
  /** The keyword as typed. */
  readonly word: string;
  readonly cmd: string;
  readonly rest: string;
  readonly rawFlags: readonly string[];
  readonly args: NodeArgs;
  /** ONBUILD's trigger, shaped too (the parser checks it). */
  readonly inner?: Shaped;
}

/** A refusal of BuildKit's first pass (parser.Parse): printed without the `dockerfile parse error` prefix. */
class ParserLevel extends Error {}

/** The parser pass: splits the line and shapes its arguments (unknown keywords are left for later). */
function shapeLine(node: RawNode, escape: string): Shaped {
  const trimmed = node.line.trim();
  const [word = ''] = trimmed.split(/\s+/);
  const cmd = word.toLowerCase();
  const { rest: restRaw, flags: rawFlags } = extractFlags(trimmed.slice(word.length).replace(/^\s+/, ''));
  const rest = restRaw.trim();
  try {
    if (cmd === 'onbuild') {
      const inner = rest === '' ? undefined : shapeLine({ ...node, line: rest }, escape);
      const args = inner
        ? { args: [inner.word, ...inner.args.args], json: inner.args.json }
        : { args: [], json: false };
      return { node, word, cmd, rest, rawFlags, args, ...(inner ? { inner } : {}) };
    }
    return { node, word, cmd, rest, rawFlags, args: nodeArgs(cmd, rest, escape) };
  } catch (e) {
    if (e instanceof ParserLevel) throw e;
    throw new ParserLevel(e instanceof Error ? e.message : String(e));
  }
}

/** The instructions pass: a typed instruction; errors carry BuildKit's text without the line prefix. */
function instructionFrom(sh: Shaped): Instruction {
  const { node, word, cmd, rest } = sh;
  const loc = { startLine: node.startLine, endLine: node.endLine, original: node.line };
  if (cmd === 'onbuild') {
    if (sh.args.args.length === 0) throw new Error(atLeastOne('ONBUILD'));
    const trigger = (rest.split(/\s+/)[0] ?? '').toUpperCase();
    if (trigger === 'ONBUILD') throw new Error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    if (trigger === 'MAINTAINER' || trigger === 'FROM') {
      throw new Error(`${trigger} isn't allowed as an ONBUILD trigger`);
    }
    const expression = node.line.replace(/^\s*ONBUILD\s*/i, '');
    return { ...loc, flags: {}, kind: 'ONBUILD', expression };
  }
  if (!(ALL_INSTRUCTIONS as readonly string[]).includes(cmd.toUpperCase())) {
    throw new Error(`unknown instruction: ${word}${suggestInstruction(word)}`);
  }
  const flags = parseFlags(sh.rawFlags, FLAGS[cmd] ?? {});
  return typed(cmd, sh.args, flags, { ...loc, flags }, node.heredocs);
}

// ---------------------------------------------------------------------------------------------
// The whole file

function collectHeredocs(line: string, escape: string): Heredoc[] {
  const out: Heredoc[] = [];
  const [word = ''] = line.trim().split(/\s+/);
  const cmd = word.toLowerCase();
  let body = line;
  if (cmd === 'onbuild') {
    body = line.trim().slice(word.length).trim();
    const [inner = ''] = body.split(/\s+/);
    if (!HEREDOC_KINDS.has(inner.toLowerCase())) return out;
  } else if (!HEREDOC_KINDS.has(cmd)) return out;
  const after = body.trim().replace(/^\S+\s*/, '');
  if (parseJsonArray(extractFlags(after).rest) !== undefined) return out;
  for (const w of parseWords(body, escape)) {
    const doc = heredocName(w);
    if (doc) out.push(doc);
  }
  return out;
}

function logicalLines(text: string, d: Directives, warnings: string[]): RawNode[] {
  const lines = splitLines(text);
  const nodes: RawNode[] = [];
  let i = 0;
  const take = (): string | undefined => lines[i++];
  for (let raw = take(); raw !== undefined; raw = take()) {
    if (i === 1) raw = raw.replace(/^\uFEFF/, '');
    const startLine = i;
    const first = trimNewline(raw).replace(/^\s+/, '');
    readDirective(d, first, startLine);
    const cont = continuationRegex(d.escape);
    const firstLine = first.replace(/^#.*$/, '');
    let line = firstLine;
    let ended = !cont.test(line);
    if (!ended) line = line.replace(cont, '$1');
    if (ended && line === '') continue;
    let emptyContinuation = false;
    while (!ended) {
      const next = take();
      if (next === undefined) break;
      if (isCommentLine(next)) continue;
      const body = trimNewline(next);
      if (body.trim() === '') {
        emptyContinuation = true;
        continue;
      }
      ended = !cont.test(body);
      line += ended ? body : body.replace(cont, '$1');
    }
    if (emptyContinuation) warnings.push(`[WARNING]: Empty continuation line found in:\n    ${line}`);
    const node: RawNode = { line, startLine, endLine: i, heredocs: [] };
    for (const doc of collectHeredocs(line, d.escape)) {
      let content = '';
      let terminated = false;
      for (let next = take(); next !== undefined; next = take()) {
        let candidate = trimNewline(next);
        if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
        if (candidate === doc.name) {
          terminated = true;
          break;
        }
        content += next;
      }
      if (!terminated) fail('unterminated heredoc', startLine, i);
      node.heredocs.push({ ...doc, content });
    }
    node.endLine = i;
    nodes.push(node);
  }
  if (warnings.length > 0) {
    warnings.push('[WARNING]: Empty continuation lines will become errors in a future release.');
  }
  if (nodes.length === 0) fail('file with no instructions', lines.length);
  return nodes;
}

function parseOrThrow(text: string): Dockerfile {
  if (text.length === 0) fail('the Dockerfile cannot be empty', 0);
  const d: Directives = { escape: '\\', done: false, seen: new Set() };
  const warnings: string[] = [];
  const nodes = logicalLines(text, d, warnings);
  const instructions: Instruction[] = [];
  const globalArgs: ArgInstruction[] = [];
  const stages: { index: number; name?: string; from: FromInstruction; instructions: Instruction[] }[] = [];
  const shaped = nodes.map((node) => {
    try {
      return shapeLine(node, d.escape);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      return fail(msg, node.startLine, node.endLine);
    }
  });
  for (const sh of shaped) {
    const node = sh.node;
    let instr: Instruction;
    try {
      instr = instructionFrom(sh);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      fail(`dockerfile parse error on line ${node.startLine}: ${msg}`, node.startLine, node.endLine);
    }
    instructions.push(instr);
    if (instr.kind === 'FROM') {
      if (instr.stageName !== undefined && stages.some((s) => s.name === instr.stageName)) {
        warnings.push(
          `Duplicate stage name ${JSON.stringify(instr.stageName)}, stage names should be unique`,
        );
      }
      stages.push({
        index: stages.length,
        ...(instr.stageName !== undefined ? { name: instr.stageName } : {}),
        from: instr,
        instructions: [],
      });
      continue;
    }
    const current = stages[stages.length - 1];
    if (current === undefined) {
      if (instr.kind === 'ARG') {
        globalArgs.push(instr);
        continue;
      }
      fail('no build stage in current context', node.startLine, node.endLine);
    }
    current.instructions.push(instr);
  }
  if (stages.length === 0) fail('dockerfile contains no stages to build', 0);
  return {
    kind: 'dockerfile',
    escapeToken: d.escape,
    ...(d.syntax !== undefined ? { syntax: d.syntax } : {}),
    globalArgs,
    stages,
    instructions,
    warnings,
  };
}

/** Parses a Dockerfile as BuildKit does; a refusal comes back as a ParseError value with the line. */
export function parseDockerfile(text: string): Dockerfile | ParseError {
  try {
    return parseOrThrow(text);
  } catch (e) {
    if (e instanceof Failure) {
      return { kind: 'parse-error', message: e.message, startLine: e.startLine, endLine: e.endLine };
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Expansion: which words of which instruction BuildKit expands

/**
 * The instruction with its words expanded against `env`, exactly where BuildKit expands:
 * FROM (image, platform), ENV/LABEL (keys and values), ARG (names and defaults), WORKDIR, USER,
 * STOPSIGNAL, VOLUME, EXPOSE (expanded then split), COPY/ADD (sources, dest, --chown, --chmod,
 * --from). RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER come back unchanged:
 * their variables are the shell's business. Throws LexError with BuildKit's text.
 */
export function expandInstruction<T extends Instruction>(instr: T, env: ExpandEnv, escapeToken = '\\'): T {
  return expandAny(instr, env, escapeToken) as T;
}

function expandAny(i: Instruction, env: ExpandEnv, escapeToken: string): Instruction {
  const x = (w: string): string => expandWord(w, env, { escapeToken });
  switch (i.kind) {
    case 'FROM':
      return { ...i, image: x(i.image), ...(i.platform !== undefined ? { platform: x(i.platform) } : {}) };
    case 'ENV':
    case 'LABEL':
      return { ...i, pairs: i.pairs.map((p) => ({ key: x(p.key), value: x(p.value) })) };
    case 'ARG':
      return {
        ...i,
        args: i.args.map((a) => ({ key: x(a.key), ...(a.value !== undefined ? { value: x(a.value) } : {}) })),
      };
    case 'WORKDIR':
      return { ...i, path: x(i.path) };
    case 'USER':
      return { ...i, user: x(i.user) };
    case 'STOPSIGNAL':
      return { ...i, signal: x(i.signal) };
    case 'VOLUME':
      return { ...i, volumes: i.volumes.map(x) };
    case 'EXPOSE':
      return { ...i, ports: i.ports.flatMap((p) => expandWords(p, env, { escapeToken })) };
    case 'COPY':
    case 'ADD': {
      const out: CopyLike & { from?: string } = {
        ...i,
        sources: i.sources.map(x),
        dest: x(i.dest),
        ...(i.chown !== undefined ? { chown: x(i.chown) } : {}),
        ...(i.chmod !== undefined ? { chmod: x(i.chmod) } : {}),
      };
      if (i.kind === 'COPY' && i.from !== undefined) out.from = x(i.from);
      return out as CopyInstruction | AddInstruction;
    }
    default:
      return i;
  }
}

/**
 * The values the global ARGs (those before the first FROM) give to FROM lines, as dockerfile2llb
 * computes them: each default is expanded with the ARGs before it, a `--build-arg` of the same name
 * wins, and an ARG without default or build-arg is set but empty. `predefined` seeds the map (the
 * executor's BUILDPLATFORM/TARGETPLATFORM…). Throws LexError like BuildKit on a bad default.
 */
export function globalArgValues(
  df: Dockerfile,
  buildArgs: ExpandEnv = {},
  predefined: ExpandEnv = {},
): Map<string, string> {
  const out = new Map<string, string>(predefined instanceof Map ? predefined : Object.entries(predefined));
  const given = buildArgs instanceof Map ? buildArgs : new Map(Object.entries(buildArgs));
  for (const arg of df.globalArgs) {
    for (const decl of arg.args) {
      const fallback =
        decl.value === undefined ? '' : expandWord(decl.value, out, { escapeToken: df.escapeToken });
      out.set(decl.key, given.get(decl.key) ?? fallback);
    }
  }
  return out;
}

/** Whether BuildKit expands this instruction's words (false: they go to the shell as written). */
export function expandsWords(kind: InstructionKind): boolean {
  return !['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER'].includes(kind);
}

// ---------------------------------------------------------------------------------------------
// Step names, as dockerfile2llb names its vertexes

function uppercaseFirstWord(text: string): string {
  const sp = text.indexOf(' ');
  return sp < 0 ? text.toUpperCase() : text.slice(0, sp).toUpperCase() + text.slice(sp);
}

function summarizeHeredoc(doc: string): string {
  const lines = doc.trim().replace(/\r\n/g, '\n').split('\n');
  return (lines[0] ?? '') + (lines.length > 1 ? '...' : '');
}

/**
 * The text BuildKit shows for an instruction's step: its original line with the keyword upper-cased
 * and, given the stage's env, variables expanded (`COPY index.html /usr/share/nginx/html`). RUN keeps
 * quotes and leaves unset variables as written; a RUN heredoc adds ` (first line...)`. When the
 * expansion fails the text is shown unexpanded, as BuildKit does.
 */
export function instructionText(instr: Instruction, env: ExpandEnv = {}, escapeToken = '\\'): string {
  const original = instr.original.trim();
  const run = instr.kind === 'RUN';
  let text: string;
  try {
    text = expandWord(original, env, {
      escapeToken,
      ...(run ? { rawQuotes: true, skipUnsetEnv: true } : {}),
    });
  } catch (e) {
    if (!(e instanceof LexError)) throw e;
    text = original;
  }
  text = uppercaseFirstWord(text);
  const doc = run ? instr.heredocs[0] : undefined;
  return doc ? `${text} (${summarizeHeredoc(doc.content)})` : text;
}

/** Instructions that make a numbered step (and a vertex) in BuildKit: RUN, COPY, ADD, WORKDIR. */
export function isStep(instr: Instruction): boolean {
  return instr.kind === 'RUN' || instr.kind === 'COPY' || instr.kind === 'ADD' || instr.kind === 'WORKDIR';
}

/**
 * The stage's label in step names: none for a one-stage file, else its `AS` name or `stage-N`
 * (N = its index), as dockerfile2llb does. dockerfile2llb counts an image named by `COPY --from=`
 * (not a stage) as one more state, so a one-stage file with such a COPY is labelled: pass how many
 * such images the build uses as `copyFromImages`.
 */
export function stageLabel(df: Dockerfile, stageIndex: number, copyFromImages = 0): string {
  if (df.stages.length + copyFromImages <= 1) return '';
  const st = df.stages[stageIndex];
  return st?.name ?? `stage-${stageIndex}`;
}

/**
 * How many numbered steps a stage has: its RUN/COPY/ADD/WORKDIR, plus 1 for the FROM unless the
 * base is `scratch` or an earlier stage. `baseName` is the expanded FROM image when ARGs were used.
 */
export function stageStepTotal(df: Dockerfile, stageIndex: number, baseName?: string): number {
  const st = df.stages[stageIndex];
  if (st === undefined) return 0;
  const base = baseName ?? st.from.image;
  const fromEarlier = df.stages
    .slice(0, stageIndex)
    .some((s) => s.name !== undefined && s.name === base.toLowerCase());
  const fromCounts = base.toLowerCase() !== 'scratch' && !fromEarlier;
  return (fromCounts ? 1 : 0) + st.instructions.filter(isStep).length;
}

/**
 * A step's vertex name: `[2/4] COPY …`, `[stage-1 2/3] RUN …`, the number right-aligned to the
 * width of the total (`[ 3/12]`) as BuildKit's `%*d` does.
 */
export function stepName(label: string, index: number, total: number, text: string): string {
  const width = String(total).length;
  const num = String(index).padStart(width, ' ');
  return `[${label === '' ? '' : `${label} `}${num}/${total}] ${text}`;
}
