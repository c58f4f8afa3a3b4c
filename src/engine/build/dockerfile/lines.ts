// Reading the file into logical lines as BuildKit's scanner does: parser directives (`# escape=`,
// `# syntax=`), comments, continuations with the escape token, and heredoc bodies after their line.

import { fail } from './failure';
import type { Heredoc } from './types';
import { extractFlags, parseJsonArray, parseWords } from './words';

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const VALID_DIRECTIVES = new Set(['escape', 'syntax', 'check']);
const HEREDOC_WORD = /^(\d*)<<(-?)([^<]*)$/;
const HEREDOC_KINDS = new Set(['run', 'copy', 'add']);

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

export interface Directives {
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
export interface RawNode {
  readonly line: string;
  readonly startLine: number;
  endLine: number;
  heredocs: Heredoc[];
}

export function heredocName(word: string): Heredoc | undefined {
  const m = HEREDOC_WORD.exec(word);
  const rest = m?.[3] ?? '';
  if (!m || rest === '') return undefined;
  const name = rest.replace(/["']/g, '');
  if (name === '' || /\s/.test(name)) return undefined;
  return { name, content: '', chomp: m[2] === '-', expand: !/["']/.test(rest), fd: Number(m[1] || '0') };
}

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

export function logicalLines(text: string, d: Directives, warnings: string[]): RawNode[] {
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
