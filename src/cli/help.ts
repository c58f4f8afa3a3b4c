// `docker … --help` from a command spec, in docker/cli's usage template layout, with
// pflag's flag table (sorted, aligned, wrapped to the terminal width minus one).
import { allFlags, commandPath, type CommandSpec, type FlagSpec } from './command-spec';
import { goQuote } from './format/strconv';

const byteLen = (s: string): number => new TextEncoder().encode(s).length;

/** cobra's UseLine: the parent path and the Use text. */
export function usageLine(spec: CommandSpec): string {
  return `${spec.parent} ${spec.use}`;
}

/** pflag's UnquoteUsage: a `backquoted` word in the usage names the value. */
function unquoteUsage(f: FlagSpec): [string, string] {
  const m = /`([^`]*)`/.exec(f.usage);
  if (m) return [m[1] as string, f.usage.replace(m[0], m[1] as string)];
  if (f.typeName !== undefined) return [f.typeName, f.usage];
  return [f.type === 'bool' ? '' : f.type, f.usage];
}

function defaultText(f: FlagSpec): string | undefined {
  const d = f.default;
  if (d === undefined) return undefined;
  if (Array.isArray(d)) return d.length === 0 ? undefined : `[${d.join(',')}]`;
  if (d === false || d === 0 || d === '') return undefined;
  return f.type === 'string' ? goQuote(String(d)) : String(d);
}

/** pflag wrapN: cut at the last blank before `i`, unless the rest fits within `slop`. */
function wrapN(i: number, slop: number, s: string): [string, string] {
  if (i + slop > s.length) return [s, ''];
  const head = s.slice(0, i);
  const w = Math.max(head.lastIndexOf(' '), head.lastIndexOf('\t'), head.lastIndexOf('\n'));
  if (w <= 0) return [s, ''];
  const nl = head.lastIndexOf('\n');
  if (nl > 0 && nl < w) return [s.slice(0, nl), s.slice(nl + 1)];
  return [s.slice(0, w), s.slice(w + 1)];
}

/** pflag wrap: text for a column starting at `i`, lines at most `w` wide. */
function wrap(i: number, w: number, s: string): string {
  if (w === 0) return s.replaceAll('\n', '\n' + ' '.repeat(i));
  let width = w - i;
  let r = '';
  if (width < 24) {
    i = 16;
    width = w - i;
    r += '\n' + ' '.repeat(i);
  }
  if (width < 24) return s.replaceAll('\n', r);
  const slop = 5;
  width -= slop;
  let [line, rest] = wrapN(width, slop, s);
  r += line.replaceAll('\n', '\n' + ' '.repeat(i));
  while (rest !== '') {
    [line, rest] = wrapN(width, slop, rest);
    r += '\n' + ' '.repeat(i) + line.replaceAll('\n', '\n' + ' '.repeat(i));
  }
  return r;
}

/** pflag FlagUsagesWrapped(cols): one line per visible flag, sorted by name. */
export function flagUsages(flags: readonly FlagSpec[], cols: number): string {
  const visible = flags
    .filter((f) => !f.hidden)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines: string[] = [];
  let maxlen = 0;
  for (const f of visible) {
    let line = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
    const [varname, usage] = unquoteUsage(f);
    if (varname !== '') line += ' ' + varname;
    line += '\x00';
    maxlen = Math.max(maxlen, byteLen(line));
    line += usage;
    const def = defaultText(f);
    if (def !== undefined) line += ` (default ${def})`;
    lines.push(line);
  }
  let out = '';
  for (const line of lines) {
    const sidx = line.indexOf('\x00');
    const spacing = ' '.repeat(maxlen - byteLen(line.slice(0, sidx)));
    out += line.slice(0, sidx) + ' ' + spacing + ' ' + wrap(maxlen + 2, cols, line.slice(sidx + 1)) + '\n';
  }
  return out;
}

/** cobra's UsageString with docker's template (what `--help` prints after a blank line). */
export function usageString(spec: CommandSpec, cols = 80): string {
  const subs = spec.subcommands ?? [];
  const flags = allFlags(spec).filter((f) => !f.hidden);
  let s = 'Usage:';
  if (subs.length === 0) s += '  ' + usageLine(spec);
  else s += `  ${commandPath(spec)}${flags.length > 0 ? ' [OPTIONS]' : ''} COMMAND`;
  s += '\n\n' + (spec.long !== undefined && spec.long !== '' ? spec.long : spec.short).trim();
  if (spec.aliases?.length) s += '\n\nAliases:\n  ' + spec.aliases.join(', ');
  if (spec.example) s += '\n\nExamples:\n' + spec.example;
  if (flags.length > 0) s += '\n\nOptions:\n' + flagUsages(flags, cols - 1).trimEnd();
  if (subs.length > 0) {
    const pad = Math.max(11, ...subs.map((c) => c.name.length));
    s += '\n\nCommands:';
    for (const c of subs) s += `\n  ${c.name.padEnd(pad)} ${c.short}`;
    s += `\n\nRun '${commandPath(spec)} COMMAND --help' for more information on a command.`;
  }
  return s + '\n';
}

/** The whole `docker CMD --help` output. */
export function renderHelp(spec: CommandSpec, cols = 80): string {
  return '\n' + usageString(spec, cols);
}
