// Go text/template as docker's `--format` uses it: parse once, execute per object.
import { Executor, type MissingKey } from './exec';
import { BUILTINS, DOCKER_FUNCS, type GoFunc } from './funcs';
import { Parser, type Node } from './parse';

export { TemplateError } from './parse';
export { FuncError, DOCKER_FUNCS, HEADER_FUNCS, type GoFunc } from './funcs';
export type { MissingKey } from './exec';

export interface ParseOptions {
  /** The template's name in messages; docker's templates are unnamed (""). */
  name?: string;
  /** Functions beyond Go's builtins; defaults to docker's basicFunctions. */
  funcs?: Readonly<Record<string, GoFunc>>;
}

export interface ExecuteOptions {
  /** Go's missingkey option: default prints "<no value>", error fails. */
  missingKey?: MissingKey;
  /** Replaces functions by name for this run (docker's HeaderFunctions for table headers). */
  funcs?: Readonly<Record<string, GoFunc>>;
}

export class GoTemplate {
  private constructor(
    readonly name: string,
    readonly text: string,
    private readonly root: readonly Node[],
    private readonly funcs: Readonly<Record<string, GoFunc>>,
  ) {}

  /** Parses a template; throws TemplateError with Go's message (`template: :1: …`). */
  static parse(text: string, options: ParseOptions = {}): GoTemplate {
    const name = options.name ?? '';
    const funcs = options.funcs ?? DOCKER_FUNCS;
    const known = (f: string): boolean => f === 'and' || f === 'or' || f in BUILTINS || f in funcs;
    const root = new Parser(name, text, known).parse();
    return new GoTemplate(name, text, root, funcs);
  }

  /** Runs the template over `data`; throws TemplateError (with the output so far in `partial`). */
  execute(data: unknown, options: ExecuteOptions = {}): string {
    const funcs = options.funcs ? { ...this.funcs, ...options.funcs } : this.funcs;
    return new Executor(this.name, this.text, funcs, options.missingKey ?? 'default').run(this.root, data);
  }
}
