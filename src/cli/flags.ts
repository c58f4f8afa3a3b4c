// Command-line flags as docker's CLI parses them (spf13/pflag under cobra), driven by a
// declarative spec per command, with docker/cli's exact error texts and exit codes.
import { goQuote, goQuoteRune, parseBool, parseInt64, parseUint64 } from './format/strconv';
import { allFlags, commandPath, type CommandSpec, type FlagSpec, type FlagValue } from './command-spec';
import { usageLine, usageString } from './help';

export type { ArgsRule, CommandSpec, FlagSpec, FlagType, FlagValue } from './command-spec';
export { allFlags, commandPath } from './command-spec';

export interface ParsedFlags {
  /** Every flag's value (the default when not given), by long name. */
  values: Readonly<Record<string, FlagValue>>;
  changed: ReadonlySet<string>;
  /** Positional arguments, in order. */
  args: string[];
  /** How many positional arguments came before `--` (-1 without `--`). */
  argsLenAtDash: number;
}

export type FlagParse = { ok: true; parsed: ParsedFlags; help: boolean } | { ok: false; message: string };

/** What running a command line yields before the command itself runs. */
export type CommandLine =
  | { kind: 'ok'; parsed: ParsedFlags }
  | { kind: 'help'; stdout: string }
  | { kind: 'error'; stderr: string; exitCode: number };

function defaultOf(f: FlagSpec): FlagValue {
  if (f.default !== undefined) return f.default;
  switch (f.type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'int':
    case 'uint':
      return 0;
    case 'stringArray':
      return [];
  }
}

const utf8 = new TextEncoder();
const utf8d = new TextDecoder();

/** pflag's FlagSet.Parse: flags and positional arguments, or pflag's error message. */
export function parseFlags(spec: CommandSpec, argv: readonly string[]): FlagParse {
  const flags = allFlags(spec);
  const byName = new Map(flags.map((f) => [f.name, f]));
  const byShort = new Map(flags.filter((f) => f.short).map((f) => [(f.short as string).charCodeAt(0), f]));
  const values: Record<string, FlagValue> = {};
  for (const f of flags) values[f.name] = defaultOf(f);
  const changed = new Set<string>();
  const args: string[] = [];
  let argsLenAtDash = -1;
  const interspersed = spec.interspersed ?? true;

  const set = (f: FlagSpec, value: string): string | undefined => {
    let parsed: FlagValue;
    if (f.type === 'bool') {
      const r = parseBool(value);
      if (!r.ok) return invalid(f, value, r.error);
      parsed = r.value;
    } else if (f.type === 'int' || f.type === 'uint') {
      const r = f.type === 'int' ? parseInt64(value) : parseUint64(value);
      if (!r.ok) return invalid(f, value, r.error);
      parsed = r.value;
    } else if (f.type === 'stringArray') {
      // The first value replaces the default; later ones add to it.
      parsed = changed.has(f.name) ? [...(values[f.name] as string[]), value] : [value];
    } else {
      parsed = value;
    }
    const problem = f.check?.(value);
    if (problem !== undefined) return invalid(f, value, problem);
    values[f.name] = parsed;
    changed.add(f.name);
    return undefined;
  };

  const rest = [...argv];
  while (rest.length > 0) {
    const s = rest.shift() as string;
    if (s.length < 2 || s[0] !== '-') {
      args.push(s);
      if (!interspersed) {
        args.push(...rest);
        break;
      }
      continue;
    }
    if (s === '--') {
      argsLenAtDash = args.length;
      args.push(...rest);
      break;
    }
    if (s[1] === '-') {
      const body = s.slice(2);
      if (body[0] === '-' || body[0] === '=') return { ok: false, message: `bad flag syntax: ${s}` };
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const f = byName.get(name);
      if (!f) return { ok: false, message: `unknown flag: --${name}` };
      let value: string;
      if (eq >= 0) value = body.slice(eq + 1);
      else if (f.type === 'bool') value = 'true';
      else if (rest.length > 0) value = rest.shift() as string;
      else return { ok: false, message: `flag needs an argument: ${s}` };
      const err = set(f, value);
      if (err !== undefined) return { ok: false, message: err };
      continue;
    }
    // Shorthands are read byte by byte, as pflag does.
    let shorts = utf8.encode(s.slice(1));
    while (shorts.length > 0) {
      const c = shorts[0] as number;
      const f = byShort.get(c);
      const text = utf8d.decode(shorts);
      if (!f) return { ok: false, message: `unknown shorthand flag: ${goQuoteRune(c)} in -${text}` };
      let value: string;
      if (shorts.length > 2 && shorts[1] === 0x3d) {
        value = utf8d.decode(shorts.slice(2));
        shorts = new Uint8Array();
      } else if (f.type === 'bool') {
        value = 'true';
        shorts = shorts.slice(1);
      } else if (shorts.length > 1) {
        value = utf8d.decode(shorts.slice(1));
        shorts = new Uint8Array();
      } else if (rest.length > 0) {
        value = rest.shift() as string;
        shorts = new Uint8Array();
      } else {
        return { ok: false, message: `flag needs an argument: ${goQuoteRune(c)} in -${text}` };
      }
      const err = set(f, value);
      if (err !== undefined) return { ok: false, message: err };
    }
  }
  const help = values.help === true;
  return { ok: true, parsed: { values, changed, args, argsLenAtDash }, help };
}

function invalid(f: FlagSpec, value: string, err: string): string {
  const name = f.short ? `-${f.short}, --${f.name}` : `--${f.name}`;
  return `invalid argument ${goQuote(value)} for ${goQuote(name)} flag: ${err}`;
}

/** docker/cli's FlagErrorFunc (v27): the error, then `See 'docker run --help'.`; exit 125. */
export function flagErrorText(spec: CommandSpec, message: string, cols = 80): string {
  const usage = spec.subcommands?.length ? '\n\n' + usageString(spec, cols) : '';
  return `${message}\nSee '${commandPath(spec)} --help'.${usage}\n`;
}

const plural = (word: string, n: number): string => (n === 1 ? word : word + 's');

/** docker/cli's cli/required.go (v27) message when the argument count is wrong; exit 1. */
export function argsErrorText(spec: CommandSpec, count: number, cols = 80): string | undefined {
  const rule = spec.args;
  if (!rule) return undefined;
  const path = commandPath(spec);
  const tail = `.\nSee '${path} --help'.\n\nUsage:  ${usageLine(spec)}\n\n${spec.short}\n`;
  switch (rule.kind) {
    case 'none':
      if (count === 0) return undefined;
      if (spec.subcommands?.length) return '\n' + usageString(spec, cols).replace(/\n+$/, '') + '\n';
      return `"${path}" accepts no arguments${tail}`;
    case 'min':
      return count >= rule.n
        ? undefined
        : `"${path}" requires at least ${rule.n} ${plural('argument', rule.n)}${tail}`;
    case 'max':
      return count <= rule.n
        ? undefined
        : `"${path}" requires at most ${rule.n} ${plural('argument', rule.n)}${tail}`;
    case 'exact':
      return count === rule.n
        ? undefined
        : `"${path}" requires exactly ${rule.n} ${plural('argument', rule.n)}${tail}`;
    case 'range':
      return count >= rule.min && count <= rule.max
        ? undefined
        : `"${path}" requires at least ${rule.min} and at most ${rule.max} ${plural('argument', rule.max)}${tail}`;
  }
}

/** Cobra's order: flags (error → exit 125), then `--help`, then the argument count (error → exit 1). */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[], cols = 80): CommandLine {
  const r = parseFlags(spec, argv);
  if (!r.ok) return { kind: 'error', stderr: flagErrorText(spec, r.message, cols), exitCode: 125 };
  if (r.help) return { kind: 'help', stdout: '\n' + usageString(spec, cols) };
  const bad = argsErrorText(spec, r.parsed.args.length, cols);
  if (bad !== undefined) return { kind: 'error', stderr: bad, exitCode: 1 };
  return { kind: 'ok', parsed: r.parsed };
}

function value(p: ParsedFlags, name: string): FlagValue {
  const v = p.values[name];
  if (v === undefined) throw new Error(`flag --${name} is not in the command's spec`);
  return v;
}

export function flagBool(p: ParsedFlags, name: string): boolean {
  return value(p, name) === true;
}

export function flagString(p: ParsedFlags, name: string): string {
  const v = value(p, name);
  return typeof v === 'string' ? v : String(v);
}

export function flagNumber(p: ParsedFlags, name: string): number {
  const v = value(p, name);
  return typeof v === 'number' ? v : Number(v);
}

export function flagList(p: ParsedFlags, name: string): readonly string[] {
  const v = value(p, name);
  return Array.isArray(v) ? (v as readonly string[]) : [String(v)];
}
