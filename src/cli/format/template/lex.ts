// Go text/template's lexer: text, `{{`/`}}` with `{{- `/` -}}` trimming, comments, and the
// tokens inside actions. Errors become an `error` item, as in Go.

export type ItemType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'dot'
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'char'
  | 'number'
  | 'bool'
  | 'nil'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'keyword'
  | 'eof'
  | 'error';

export interface Item {
  type: ItemType;
  text: string;
  /** Index into the template text. */
  pos: number;
  line: number;
}

const KEYWORDS = new Set([
  'if',
  'else',
  'end',
  'range',
  'with',
  'define',
  'template',
  'block',
  'break',
  'continue',
]);

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string): boolean => c !== '' && (c === '_' || /[\p{L}\p{Nd}]/u.test(c));

/** Go's %#U: `U+0040 '@'`. */
export function goRuneLiteral(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')} '${ch}'`;
}

export function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;

  const emit = (type: ItemType, text = input.slice(start, pos)): void => {
    items.push({ type, text, pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const skipTo = (p: number): void => {
    for (let i = pos; i < p; i++) if (input[i] === '\n') line++;
    pos = p;
    start = p;
    startLine = line;
  };
  const advance = (n: number): void => {
    for (let i = 0; i < n; i++) if (input[pos + i] === '\n') line++;
    pos += n;
  };
  const error = (message: string): Item[] => {
    items.push({ type: 'error', text: message, pos: start, line: startLine });
    return items;
  };
  const ch = (o = 0): string => input[pos + o] ?? '';
  const atRightDelim = (): { trim: boolean } | undefined => {
    if (isSpace(ch()) && ch(1) === '-' && input.startsWith('}}', pos + 2)) return { trim: true };
    if (input.startsWith('}}', pos)) return { trim: false };
    return undefined;
  };
  const atTerminator = (): boolean => {
    const c = ch();
    return c === '' || isSpace(c) || '.,|:()'.includes(c) || input.startsWith('}}', pos);
  };

  for (;;) {
    // Text up to the next action.
    const open = input.indexOf('{{', pos);
    if (open < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      emit('eof');
      return items;
    }
    const trimLeft = input[open + 2] === '-' && isSpace(input[open + 3] ?? '');
    if (open > start) {
      let text = input.slice(start, open);
      if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
      advance(open - pos);
      if (text !== '') emit('text', text);
    }
    skipTo(open);
    const afterDelim = open + 2 + (trimLeft ? 2 : 0);
    if (input.startsWith('/*', afterDelim)) {
      const close = input.indexOf('*/', afterDelim + 2);
      if (close < 0) return error('unclosed comment');
      skipTo(close + 2);
      const right = atRightDelim();
      if (!right) return error('comment ends before closing delimiter');
      skipTo(pos + (right.trim ? 4 : 2));
      if (right.trim) {
        let p = pos;
        while (isSpace(input[p] ?? '')) p++;
        skipTo(p);
      }
      continue;
    }
    advance(2);
    emit('leftDelim');
    if (trimLeft) skipTo(pos + 2);
    // Inside the action.
    for (;;) {
      const right = atRightDelim();
      if (right) {
        if (parenDepth !== 0) return error('unclosed left paren');
        if (right.trim) skipTo(pos + 2);
        advance(2);
        emit('rightDelim');
        if (right.trim) {
          let p = pos;
          while (isSpace(input[p] ?? '')) p++;
          skipTo(p);
        }
        break;
      }
      const c = ch();
      if (c === '') return error('unclosed action');
      if (isSpace(c)) {
        let n = 0;
        while (isSpace(ch())) {
          advance(1);
          n++;
        }
        // A space before `-}}` belongs to the trim marker.
        if (ch() === '-' && input.startsWith('}}', pos + 1)) {
          pos--;
          if (input[pos] === '\n') line--;
          if (n === 1) {
            start = pos;
            startLine = line;
            continue;
          }
        }
        emit('space');
      } else if (c === '=') {
        advance(1);
        emit('assign');
      } else if (c === ':') {
        if (ch(1) !== '=') return error('expected :=');
        advance(2);
        emit('declare');
      } else if (c === '|') {
        advance(1);
        emit('pipe');
      } else if (c === '"') {
        advance(1);
        for (;;) {
          const q = ch();
          if (q === '\\' && ch(1) !== '' && ch(1) !== '\n') advance(2);
          else if (q === '' || q === '\n') return error('unterminated quoted string');
          else if (q === '"') {
            advance(1);
            break;
          } else advance(1);
        }
        emit('string');
      } else if (c === '`') {
        const close = input.indexOf('`', pos + 1);
        if (close < 0) return error('unterminated raw quoted string');
        advance(close + 1 - pos);
        emit('rawString');
      } else if (c === '$') {
        advance(1);
        while (isAlnum(ch())) advance(1);
        if (!atTerminator())
          return error(`bad character ${goRuneLiteral(Array.from(input.slice(pos))[0] as string)}`);
        emit('variable');
      } else if (c === "'") {
        advance(1);
        for (;;) {
          const q = ch();
          if (q === '\\' && ch(1) !== '' && ch(1) !== '\n') advance(2);
          else if (q === '' || q === '\n') return error('unterminated character constant');
          else if (q === "'") {
            advance(1);
            break;
          } else advance(1);
        }
        emit('charConstant');
      } else if (c === '.' && !/[0-9]/.test(ch(1))) {
        advance(1);
        if (atTerminator()) {
          emit('dot');
          continue;
        }
        while (isAlnum(ch())) advance(1);
        if (!atTerminator())
          return error(`bad character ${goRuneLiteral(Array.from(input.slice(pos))[0] as string)}`);
        emit('field');
      } else if (c === '+' || c === '-' || c === '.' || /[0-9]/.test(c)) {
        const m =
          /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(
            input.slice(pos),
          );
        const len = m ? m[0].length : 0;
        advance(Math.max(len, 1));
        if (len === 0 || isAlnum(ch())) {
          if (isAlnum(ch())) advance(1);
          return error(`bad number syntax: "${input.slice(start, pos)}"`);
        }
        emit('number');
      } else if (isAlnum(c)) {
        while (isAlnum(ch())) advance(1);
        if (!atTerminator())
          return error(`bad character ${goRuneLiteral(Array.from(input.slice(pos))[0] as string)}`);
        const word = input.slice(start, pos);
        emit(
          KEYWORDS.has(word)
            ? 'keyword'
            : word === 'true' || word === 'false'
              ? 'bool'
              : word === 'nil'
                ? 'nil'
                : 'identifier',
        );
      } else if (c === '(') {
        advance(1);
        parenDepth++;
        emit('leftParen');
      } else if (c === ')') {
        advance(1);
        parenDepth--;
        if (parenDepth < 0) return error('unexpected right paren');
        emit('rightParen');
      } else if (c.charCodeAt(0) < 0x7f && c >= ' ') {
        advance(1);
        emit('char');
      } else {
        return error(
          `unrecognized character in action: ${goRuneLiteral(Array.from(input.slice(pos))[0] as string)}`,
        );
      }
    }
  }
}
