// The Dockerfile's values: where an instruction sits, its heredocs, the typed instructions BuildKit
// knows, stages, the parsed file and the refusal BuildKit prints. Types only, plus `isParseError`.

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

export interface Base extends Located {
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
export interface CopyLike extends Base {
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
