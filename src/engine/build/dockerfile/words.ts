// Splitting an instruction's text as BuildKit's line_parsers.go and split_command.go do: words with
// quotes and escapes kept, the leading `--flag=value` words, and the JSON (exec) form.

/** BuildKit's parseWords: splits on spaces, keeps quotes and escapes in the words. */
export function parseWords(rest: string, escape: string): string[] {
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
export function extractFlags(line: string): { rest: string; flags: string[] } {
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
export function parseJsonArray(rest: string): string[] | undefined {
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
