// Executing a parsed template over Go-like values (see ../govalue.ts), with Go's rules for
// fields, maps, functions, variables and truth, and its error texts.
import { goQuote } from '../strconv';
import { GoNil, GoStruct, goTypeName, isGoMap, isTrue, mapEntries, mapGet, templatePrint } from '../govalue';
import { BUILTINS, FuncError, type GoFunc, type ParamType } from './funcs';
import {
  nodeString,
  TemplateError,
  type ArgNode,
  type CommandNode,
  type ControlNode,
  type Node,
  type PipeNode,
} from './parse';

export type MissingKey = 'default' | 'zero' | 'error';

const NO_FINAL = Symbol('no final argument');
type Final = unknown;

class Break {}
class Continue {}

const utf8 = new TextEncoder();
const MAX_STEPS = 1_000_000;

export class Executor {
  private out = '';
  private vars: { name: string; value: unknown }[] = [];
  private node: ArgNode | CommandNode | undefined;
  private steps = 0;

  constructor(
    private readonly name: string,
    private readonly text: string,
    private readonly funcs: Readonly<Record<string, GoFunc>>,
    private readonly missingKey: MissingKey,
  ) {}

  run(root: readonly Node[], data: unknown): string {
    this.vars = [{ name: '$', value: data }];
    try {
      this.walk(data, root);
    } catch (e) {
      if (e instanceof TemplateError) throw new TemplateError(e.message, this.out);
      throw e;
    }
    return this.out;
  }

  private errorf(message: string): never {
    if (!this.node) throw new TemplateError(`template: ${this.name}: ${message}`);
    const before = this.text.slice(0, this.node.pos);
    const line = before.split('\n').length;
    const col = utf8.encode(before.slice(before.lastIndexOf('\n') + 1)).length;
    throw new TemplateError(
      `template: ${this.name}:${line}:${col}: executing ${goQuote(this.name)} at <${nodeString(this.node)}>: ${message}`,
    );
  }

  private tick(): void {
    if (++this.steps > MAX_STEPS) {
      this.node = undefined;
      this.errorf('execution stopped: too many steps');
    }
  }

  private walk(dot: unknown, nodes: readonly Node[]): void {
    for (const n of nodes) {
      this.tick();
      switch (n.type) {
        case 'text':
          this.out += n.text;
          break;
        case 'action': {
          const v = this.evalPipeline(dot, n.pipe);
          if (n.pipe.decl.length === 0) {
            if (typeof v === 'function') this.errorf(`can't print ${nodeString(n.pipe)} of type func`);
            this.out += templatePrint(v);
          }
          break;
        }
        case 'if':
        case 'with': {
          const mark = this.vars.length;
          const v = this.evalPipeline(dot, n.pipe);
          if (isTrue(v)) this.walk(n.type === 'with' ? v : dot, n.list);
          else if (n.elseList) this.walk(dot, n.elseList);
          this.vars.length = mark;
          break;
        }
        case 'range':
          this.walkRange(dot, n);
          break;
        case 'break':
          throw new Break();
        case 'continue':
          throw new Continue();
      }
    }
  }

  private walkRange(dot: unknown, r: ControlNode): void {
    const outer = this.vars.length;
    const val = this.evalPipeline(dot, r.pipe);
    const mark = this.vars.length;
    const decl = r.pipe.decl;
    let any = false;
    const one = (index: unknown, elem: unknown): boolean => {
      this.tick();
      any = true;
      if (decl.length === 1) this.setTop(1, elem);
      if (decl.length === 2) {
        this.setTop(2, index);
        this.setTop(1, elem);
      }
      try {
        this.walk(elem, r.list);
      } catch (e) {
        if (e instanceof Break) return false;
        if (!(e instanceof Continue)) throw e;
      } finally {
        this.vars.length = mark;
      }
      return true;
    };
    if (Array.isArray(val)) {
      for (const [i, e] of val.entries()) if (!one(i, e)) break;
    } else if (isGoMap(val)) {
      for (const [k, e] of mapEntries(val)) if (!one(k, e)) break;
    } else if (typeof val === 'number' && Number.isInteger(val)) {
      if (decl.length > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
      for (let i = 0; i < val; i++) if (!one(i, i)) break;
    } else if (!(val === undefined || val === null || val instanceof GoNil)) {
      this.errorf(`range can't iterate over ${templatePrint(val)}`);
    }
    if (!any && r.elseList) this.walk(dot, r.elseList);
    this.vars.length = outer;
  }

  private setTop(n: number, value: unknown): void {
    const v = this.vars[this.vars.length - n];
    if (v) v.value = value;
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as { name: string; value: unknown };
      if (v.name === name) return v.value;
    }
    return this.errorf(`undefined variable: ${name}`);
  }

  private evalPipeline(dot: unknown, pipe: PipeNode): unknown {
    let value: Final = NO_FINAL;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    if (value === NO_FINAL) value = undefined;
    for (const d of pipe.decl) {
      const name = d.idents[0] as string;
      if (pipe.isAssign) {
        const v = [...this.vars].reverse().find((x) => x.name === name);
        if (!v) this.errorf(`undefined variable: ${name}`);
        v.value = value;
      } else {
        this.vars.push({ name, value });
      }
    }
    return value;
  }

  private evalCommand(dot: unknown, cmd: CommandNode, final: Final): unknown {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        this.node = first;
        return this.evalFieldChain(dot, dot, first.idents, cmd.args, final);
      case 'chain':
        return this.evalChain(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first.name, first, cmd, cmd.args, final);
      case 'pipe':
        this.node = first;
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariable(dot, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    if (first.type === 'nil') this.errorf('nil is not a command');
    return first.type === 'dot' ? dot : first.value;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL)
      this.errorf(`can't give argument to non-function ${nodeString(args[0] as ArgNode)}`);
  }

  private evalChain(
    dot: unknown,
    chain: Extract<ArgNode, { type: 'chain' }>,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.node = chain;
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, 'any', chain.node);
    this.node = chain;
    return this.evalFieldChain(dot, receiver, chain.fields, args, final);
  }

  private evalVariable(
    dot: unknown,
    v: Extract<ArgNode, { type: 'variable' }>,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.node = v;
    const value = this.varValue(v.idents[0] as string);
    if (v.idents.length === 1) {
      this.notAFunction(args, final);
      return value;
    }
    return this.evalFieldChain(dot, value, v.idents.slice(1), args, final);
  }

  private evalFieldChain(
    dot: unknown,
    receiver: unknown,
    idents: readonly string[],
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    const at = this.node;
    for (let i = 0; i < idents.length - 1; i++) {
      receiver = this.evalField(dot, idents[i] as string, [], NO_FINAL, receiver);
      this.node = at;
    }
    return this.evalField(dot, idents[idents.length - 1] as string, args, final, receiver);
  }

  private evalField(
    dot: unknown,
    name: string,
    args: readonly ArgNode[],
    final: Final,
    receiver: unknown,
  ): unknown {
    const at = this.node;
    if (receiver === undefined) {
      if (this.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(name)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${name}`);
    const hasArgs = args.length > 1 || final !== NO_FINAL;
    if (receiver instanceof GoStruct && Object.prototype.hasOwnProperty.call(receiver.fields, name)) {
      const field = receiver.fields[name];
      if (typeof field === 'function') {
        const argv = args.slice(1).map((a) => this.evalArg(dot, 'any', a));
        if (final !== NO_FINAL) argv.push(final === undefined ? null : final);
        this.node = at;
        try {
          return (field as (...a: unknown[]) => unknown)(...argv);
        } catch (e) {
          if (e instanceof FuncError) this.errorf(`error calling ${name}: ${e.message}`);
          throw e;
        }
      }
      if (hasArgs) this.errorf(`${name} has arguments but cannot be invoked as function`);
      return field;
    }
    if (receiver instanceof GoNil && receiver.kind === 'ptr')
      this.errorf(`nil pointer evaluating ${receiver.typeName}.${name}`);
    if (isGoMap(receiver) || (receiver instanceof GoNil && receiver.kind === 'map')) {
      if (hasArgs) this.errorf(`${name} is not a method but has arguments`);
      const result = receiver instanceof GoNil ? undefined : mapGet(receiver, name);
      if (result === undefined && this.missingKey === 'error')
        this.errorf(`map has no entry for key ${goQuote(name)}`);
      return result;
    }
    return this.errorf(`can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }

  private evalFunction(
    dot: unknown,
    name: string,
    ident: ArgNode,
    cmd: CommandNode | ArgNode,
    args: readonly ArgNode[],
    final: Final,
  ): unknown {
    this.node = ident;
    const argNodes = args.slice(1);
    if (name === 'and' || name === 'or') {
      this.node = cmd;
      const n = argNodes.length + (final !== NO_FINAL ? 1 : 0);
      if (n < 1) this.errorf(`wrong number of args for ${name}: want at least 1 got 0`);
      let v: unknown = undefined;
      for (const a of argNodes) {
        v = this.evalArg(dot, 'any', a);
        if (isTrue(v) === (name === 'or')) return v;
      }
      if (final !== NO_FINAL) v = final === undefined ? null : final;
      return v;
    }
    const fn = this.funcs[name] ?? BUILTINS[name];
    if (!fn) this.errorf(`${goQuote(name)} is not a defined function`);
    this.node = cmd;
    const numIn = argNodes.length + (final !== NO_FINAL ? 1 : 0);
    const fixed = fn.variadic ? fn.params.length - 1 : fn.params.length;
    if (fn.variadic ? numIn < fixed : numIn !== fixed) {
      this.errorf(
        `wrong number of args for ${name}: want ${fn.variadic ? 'at least ' : ''}${fixed} got ${numIn}`,
      );
    }
    const type = (i: number): ParamType => fn.params[Math.min(i, fn.params.length - 1)] as ParamType;
    const argv = argNodes.map((a, i) => this.evalArg(dot, type(i), a));
    if (final !== NO_FINAL) argv.push(this.validate(final, type(argNodes.length)));
    this.node = cmd;
    try {
      return fn.fn(...argv);
    } catch (e) {
      if (e instanceof FuncError) this.errorf(`error calling ${name}: ${e.message}`);
      throw e;
    }
  }

  private evalArg(dot: unknown, type: ParamType, n: ArgNode): unknown {
    this.node = n;
    switch (n.type) {
      case 'dot':
        return this.validate(dot, type);
      case 'nil':
        if (type === 'any' || type === '[]string') return type === 'any' ? null : [];
        return this.errorf(`cannot assign nil to ${type}`);
      case 'field':
        return this.validate(this.evalFieldChain(dot, dot, n.idents, [n], NO_FINAL), type, n);
      case 'variable':
        return this.validate(this.evalVariable(dot, n, [n], NO_FINAL), type, n);
      case 'pipe':
        return this.validate(this.evalPipeline(dot, n), type, n);
      case 'identifier':
        return this.validate(this.evalFunction(dot, n.name, n, n, [n], NO_FINAL), type, n);
      case 'chain':
        return this.validate(this.evalChain(dot, n, [n], NO_FINAL), type, n);
      default:
        if (type === 'any') return n.value;
        if (type === 'string' && n.type === 'string') return n.value;
        if (type === 'int' && n.type === 'number' && Number.isInteger(n.value)) return n.value;
        if (type === 'string') return this.errorf(`expected string; found ${n.text}`);
        if (type === 'int') return this.errorf(`expected integer; found ${n.text}`);
        return this.errorf(`can't handle ${n.text} for arg of type ${type}`);
    }
  }

  private validate(value: unknown, type: ParamType, at?: ArgNode): unknown {
    if (at) this.node = at;
    if (type === 'any') return value === undefined ? null : value;
    if (value === undefined) return this.errorf(`invalid value; expected ${type}`);
    if (type === 'string' && typeof value === 'string') return value;
    if (type === 'int' && typeof value === 'number' && Number.isInteger(value)) return value;
    if (type === '[]string') {
      if (value instanceof GoNil && value.kind === 'slice') return [];
      if (Array.isArray(value) && value.every((e) => typeof e === 'string')) return value;
    }
    return this.errorf(`wrong type for value; expected ${type}; got ${goTypeName(value)}`);
  }
}
