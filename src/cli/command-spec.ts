// The declarative description of a docker command: its use line, help texts and flags.

export type FlagType = 'bool' | 'string' | 'int' | 'uint' | 'stringArray';
export type FlagValue = boolean | string | number | readonly string[];

export interface FlagSpec {
  name: string;
  /** One ASCII letter used after a single dash. */
  short?: string;
  type: FlagType;
  /** The placeholder `--help` shows after the flag (pflag shows the type: docker's list, filter, bytes…). */
  typeName?: string;
  default?: FlagValue;
  usage: string;
  hidden?: boolean;
  /** Checks one value; an error text becomes `invalid argument "v" for "-x, --name" flag: <text>`. */
  check?: (value: string) => string | undefined;
}

/** How many positional arguments a command takes (docker/cli's cli/required.go). */
export type ArgsRule =
  | { kind: 'none' }
  | { kind: 'min'; n: number }
  | { kind: 'max'; n: number }
  | { kind: 'exact'; n: number }
  | { kind: 'range'; min: number; max: number };

export interface CommandSpec {
  /** The parent's command path, e.g. `docker` or `docker image`. */
  parent: string;
  /** cobra's Use: the name, then the arguments, e.g. `run [OPTIONS] IMAGE [COMMAND] [ARG...]`. */
  use: string;
  /** One line, shown in help and in argument errors. */
  short: string;
  long?: string;
  /** Every full form of the command, shown under "Aliases:" (`docker container run, docker run`). */
  aliases?: readonly string[];
  example?: string;
  flags: readonly FlagSpec[];
  /** False for commands whose arguments after the first are a command of their own (run, exec, create). */
  interspersed?: boolean;
  args?: ArgsRule;
  /** For management commands (`docker image`): their subcommands, listed in help. */
  subcommands?: readonly { name: string; short: string }[];
}

/** cobra's CommandPath: `docker run`. */
export function commandPath(spec: CommandSpec): string {
  return `${spec.parent} ${spec.use.split(' ')[0] ?? ''}`;
}

const HELP_FLAG: FlagSpec = { name: 'help', type: 'bool', usage: 'Print usage', hidden: true };

/** The spec's flags plus docker's hidden `--help` (with `-h` unless the command uses it). */
export function allFlags(spec: CommandSpec): FlagSpec[] {
  if (spec.flags.some((f) => f.name === 'help')) return [...spec.flags];
  const hUsed = spec.flags.some((f) => f.short === 'h');
  return [...spec.flags, hUsed ? HELP_FLAG : { ...HELP_FLAG, short: 'h' }];
}
