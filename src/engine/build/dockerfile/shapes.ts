// BuildKit's first pass (parser.Parse): one logical line split into keyword, flags and arguments
// shaped per instruction (JSON or not, name=value pairs, whitespace lists), with its refusals.

import type { RawNode } from './lines';
import { extractFlags, parseJsonArray, parseWords } from './words';

const WHITESPACE = /[\t\v\f\r ]+/;

export interface NodeArgs {
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

/** One logical line split as the parser does: keyword, flags, argument shape. */
export interface Shaped {
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
export function shapeLine(node: RawNode, escape: string): Shaped {
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
