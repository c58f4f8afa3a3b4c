// Go text/template's parser for the subset docker formats use: actions, pipelines,
// variables, parentheses, if/else if/with/range/else/break/continue, comments.
import { goQuote } from '../strconv';
import { lex, type Item } from './lex';

export interface FieldNode {
  type: 'field';
  pos: number;
  idents: string[];
}
export interface VariableNode {
  type: 'variable';
  pos: number;
  idents: string[];
}
export interface IdentifierNode {
  type: 'identifier';
  pos: number;
  name: string;
}
export interface ChainNode {
  type: 'chain';
  pos: number;
  node: ArgNode;
  fields: string[];
}
export interface LiteralNode {
  type: 'dot' | 'nil' | 'bool' | 'number' | 'string';
  pos: number;
  /** Source text. */
  text: string;
  value: unknown;
}
export interface PipeNode {
  type: 'pipe';
  pos: number;
  decl: VariableNode[];
  isAssign: boolean;
  cmds: CommandNode[];
}
export interface CommandNode {
  type: 'command';
  pos: number;
  args: ArgNode[];
}
export type ArgNode = FieldNode | VariableNode | IdentifierNode | ChainNode | LiteralNode | PipeNode;

export interface ControlNode {
  type: 'if' | 'with' | 'range';
  pos: number;
  pipe: PipeNode;
  list: Node[];
  elseList?: Node[];
}

export type Node =
  | { type: 'text'; pos: number; text: string }
  | { type: 'action'; pos: number; pipe: PipeNode }
  | ControlNode
  | { type: 'break' | 'continue'; pos: number };

type Marker = { type: 'end' | 'else'; pos: number };

/** A parse or execution error, with Go's text (`template: :1: …`). */
export class TemplateError extends Error {
  constructor(
    message: string,
    /** Output written before an execution error (Go writes as it goes). */
    readonly partial = '',
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Node.String(), used in `executing "" at <…>`. */
export function nodeString(n: ArgNode | CommandNode): string {
  switch (n.type) {
    case 'field':
      return '.' + n.idents.join('.');
    case 'variable':
      return n.idents.join('.');
    case 'identifier':
      return n.name;
    case 'chain': {
      const inner = n.node.type === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node);
      return inner + '.' + n.fields.join('.');
    }
    case 'pipe': {
      const decl = n.decl.length > 0 ? n.decl.map(nodeString).join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
      return decl + n.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return n.args.map((a) => (a.type === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    default:
      return n.text;
  }
}

function itemString(i: Item): string {
  if (i.type === 'eof') return 'EOF';
  if (i.type === 'error') return i.text;
  if (i.type === 'keyword') return `<${i.text}>`;
  const q = goQuote(i.text);
  return Array.from(i.text).length > 10 ? goQuote(Array.from(i.text).slice(0, 10).join('')) + '...' : q;
}

/** strconv.Unquote for template string literals. */
function unquote(text: string): string | undefined {
  if (text.startsWith('`')) return text.slice(1, -1);
  try {
    const v = JSON.parse(
      text
        .replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')
        .replace(
          /\\([abfv])/g,
          (_, c: string) => ({ a: '\\u0007', b: '\\b', f: '\\f', v: '\\u000b' })[c] ?? '',
        ),
    ) as unknown;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseNumber(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t))
    return Number(t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t.replace('+', '')));
  if (/^[+-]?0[oO][0-7]+$/.test(t))
    return (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]?0[oO]/, ''), 8);
  if (/^[+-]?0[bB][01]+$/.test(t))
    return (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]?0[bB]/, ''), 2);
  if (/^[+-]?0[0-7]+$/.test(t)) return (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]?0/, ''), 8);
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t)) return Number(t);
  return undefined;
}

function charValue(text: string): number | undefined {
  const inner = unquote('"' + text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"') + '"');
  if (inner === undefined || Array.from(inner).length !== 1) return undefined;
  return inner.codePointAt(0);
}

export class Parser {
  private items: Item[];
  private i = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private depth = 0;

  constructor(
    private readonly name: string,
    text: string,
    private readonly hasFunction: (name: string) => boolean,
  ) {
    this.items = lex(text);
  }

  parse(): Node[] {
    const root: Node[] = [];
    while (this.peek().type !== 'eof') {
      const n = this.textOrAction();
      if ('type' in n && (n.type === 'end' || n.type === 'else')) this.fail(`unexpected {{${n.type}}}`);
      root.push(n as Node);
    }
    return root;
  }

  private fail(message: string): never {
    const line = (this.items[Math.max(0, this.i - 1)] ?? this.items[0])?.line ?? 1;
    throw new TemplateError(`template: ${this.name}:${line}: ${message}`);
  }

  private unexpected(token: Item, context: string): never {
    if (token.type === 'error') this.fail(token.text);
    this.fail(`unexpected ${itemString(token)} in ${context}`);
  }

  private next(): Item {
    const item = this.peek();
    this.i++;
    return item;
  }

  private peek(): Item {
    return this.items[this.i] ?? (this.items[this.items.length - 1] as Item);
  }

  private nextNonSpace(): Item {
    let t = this.next();
    while (t.type === 'space') t = this.next();
    return t;
  }

  private peekNonSpace(): Item {
    const save = this.i;
    const t = this.nextNonSpace();
    this.i = save;
    return t;
  }

  private expect(type: Item['type'], context: string): Item {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  private textOrAction(): Node | Marker {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { type: 'text', pos: t.pos, text: t.text };
    if (t.type === 'leftDelim') return this.action();
    return this.unexpected(t, 'input');
  }

  private action(): Node | Marker {
    const t = this.nextNonSpace();
    if (t.type === 'keyword') {
      switch (t.text) {
        case 'end':
          return { type: 'end', pos: this.expect('rightDelim', 'end').pos };
        case 'else': {
          const p = this.peekNonSpace();
          if (p.type === 'keyword' && (p.text === 'if' || p.text === 'with'))
            return { type: 'else', pos: p.pos };
          return { type: 'else', pos: this.expect('rightDelim', 'else').pos };
        }
        case 'if':
        case 'with':
        case 'range':
          return this.control(t.text);
        case 'break':
        case 'continue':
          if (this.rangeDepth === 0) this.fail(`{{${t.text}}} outside {{range}}`);
          this.expect('rightDelim', t.text);
          return { type: t.text, pos: t.pos };
        default:
          this.fail(`{{${t.text}}} is not supported here`);
      }
    }
    this.i--;
    return { type: 'action', pos: this.peek().pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  /** Guards the recursion: absurdly nested input fails like a parse error instead of overflowing. */
  private nest(delta: number): void {
    this.depth += delta;
    if (this.depth > 200) this.fail('template nested too deeply');
  }

  private control(kind: 'if' | 'with' | 'range'): Node {
    this.nest(1);
    const mark = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    if (kind === 'range') this.rangeDepth++;
    const [list, first] = this.itemList();
    let next = first;
    if (kind === 'range') this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (next.type === 'else') {
      const p = this.peekNonSpace();
      if ((kind === 'if' || kind === 'with') && p.type === 'keyword' && p.text === kind) {
        this.nextNonSpace();
        elseList = [this.control(kind)];
      } else {
        [elseList, next] = this.itemList();
        if (next.type !== 'end') this.fail(`expected end; found {{${next.type}}}`);
      }
    }
    this.vars.length = mark;
    this.nest(-1);
    return { type: kind, pos: pipe.pos, pipe, list, elseList };
  }

  private itemList(): [Node[], Marker] {
    const list: Node[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n as Marker];
      list.push(n as Node);
    }
    return this.fail('unexpected EOF');
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = {
      type: 'pipe',
      pos: this.peekNonSpace().pos,
      decl: [],
      isAssign: false,
      cmds: [],
    };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      const save = this.i;
      this.nextNonSpace();
      const nxt = this.peekNonSpace();
      if (nxt.type === 'assign' || nxt.type === 'declare') {
        this.nextNonSpace();
        pipe.isAssign = nxt.type === 'assign';
        pipe.decl.push({ type: 'variable', pos: v.pos, idents: [v.text] });
        if (nxt.type === 'declare') this.vars.push(v.text);
        else if (!this.vars.includes(v.text)) this.fail(`undefined variable "${v.text}"`);
        break;
      }
      if (nxt.type === 'char' && nxt.text === ',') {
        this.nextNonSpace();
        pipe.decl.push({ type: 'variable', pos: v.pos, idents: [v.text] });
        this.vars.push(v.text);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace();
          if (p.type === 'variable' || p.type === 'rightDelim' || p.type === 'rightParen') continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          const first = c.args[0];
          if (first && ['bool', 'dot', 'nil', 'number', 'string'].includes(first.type)) {
            this.fail(`non executable command in pipeline stage ${i + 2}`);
          }
        });
        return pipe;
      }
      if (
        [
          'bool',
          'charConstant',
          'dot',
          'field',
          'identifier',
          'number',
          'nil',
          'rawString',
          'string',
          'variable',
          'leftParen',
        ].includes(t.type)
      ) {
        this.i--;
        pipe.cmds.push(this.command());
      } else {
        this.unexpected(t, context);
      }
    }
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      while (this.peek().type === 'space') this.next();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.i--;
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().type !== 'field') return node;
    const pos = this.peek().pos;
    const fields: string[] = [];
    while (this.peek().type === 'field') fields.push(this.next().text.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { type: 'variable', pos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(`unexpected . after term ${goQuote(node.text)}`);
      default:
        return { type: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.hasFunction(t.text)) this.fail(`function "${t.text}" not defined`);
        return { type: 'identifier', pos: t.pos, name: t.text };
      case 'dot':
        return { type: 'dot', pos: t.pos, text: '.', value: undefined };
      case 'nil':
        return { type: 'nil', pos: t.pos, text: 'nil', value: null };
      case 'variable': {
        if (!this.vars.includes(t.text)) this.fail(`undefined variable "${t.text}"`);
        return { type: 'variable', pos: t.pos, idents: [t.text] };
      }
      case 'field':
        return { type: 'field', pos: t.pos, idents: [t.text.slice(1)] };
      case 'bool':
        return { type: 'bool', pos: t.pos, text: t.text, value: t.text === 'true' };
      case 'number': {
        const value = parseNumber(t.text);
        if (value === undefined) this.fail(`illegal number syntax: ${goQuote(t.text)}`);
        return { type: 'number', pos: t.pos, text: t.text, value };
      }
      case 'charConstant': {
        const value = charValue(t.text);
        if (value === undefined) this.fail(`malformed character constant: ${t.text}`);
        return { type: 'number', pos: t.pos, text: t.text, value };
      }
      case 'leftParen': {
        this.nest(1);
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        this.nest(-1);
        return pipe;
      }
      case 'string':
      case 'rawString': {
        const value = unquote(t.text);
        if (value === undefined) this.fail('invalid syntax');
        return { type: 'string', pos: t.pos, text: t.text, value };
      }
      default:
        this.i--;
        return undefined;
    }
  }
}
