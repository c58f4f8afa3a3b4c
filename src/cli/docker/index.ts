// The `docker` program: finds the subcommand (`docker ps`, `docker container ls`, `docker image rm`…),
// parses its flags with pflag's rules, runs it, and turns engine errors into docker's texts.

import { DockerError } from '../../engine/errors';
import { parseCommandLine } from '../flags';
import type { Program, ProgramContext, ProgramResult } from '../types';
import type { DockerCommand } from './command';
import { errorText } from './container-common';
import { command as commit } from './commit';
import { command as containerPrune } from './container-prune';
import { command as create } from './create';
import { command as diff } from './diff';
import { command as exec } from './exec';
import { command as history } from './history';
import { command as imagePrune } from './image-prune';
import { command as info } from './info';
import { command as inspect, containerInspect, imageInspect } from './inspect';
import { command as systemDf } from './system';
import { command as version } from './version';
import { command as images } from './images';
import { command as kill } from './kill';
import { command as logs } from './logs';
import { command as pause } from './pause';
import { command as port } from './port';
import { command as ps } from './ps';
import { command as pull } from './pull';
import { command as rename } from './rename';
import { command as restart } from './restart';
import { command as rm } from './rm';
import { command as rmi } from './rmi';
import { command as run } from './run';
import { command as start } from './start';
import { command as stop } from './stop';
import { command as tag } from './tag';
import { command as top } from './top';
import { command as unpause } from './unpause';
import { command as save } from './save';
import { command as load } from './load';
import { command as exportCmd } from './export';
import { command as build } from './build';
import { command as builderPrune } from './builder-prune';

/** Every docker command Layer Lab has, in the order `docker --help` lists them. */
export const COMMANDS: readonly DockerCommand[] = [
  run,
  exec,
  ps,
  build,
  pull,
  images,
  create,
  start,
  stop,
  restart,
  kill,
  rm,
  logs,
  top,
  port,
  rename,
  pause,
  unpause,
  diff,
  commit,
  inspect,
  history,
  tag,
  rmi,
  save,
  load,
  exportCmd,
  containerPrune,
  imagePrune,
  builderPrune,
  imageInspect,
  containerInspect,
  systemDf,
  info,
  version,
];

/** Full command path (`docker container ls`) → command. */
const TABLE = new Map<string, DockerCommand>();
for (const c of COMMANDS) {
  TABLE.set(`${c.spec.parent} ${c.spec.use.split(' ')[0] ?? ''}`, c);
  for (const a of c.spec.aliases ?? []) TABLE.set(a, c);
}

const MANAGEMENT: Record<string, string> = {
  builder: 'Manage builds',
  buildx: 'Docker Buildx',
  container: 'Manage containers',
  image: 'Manage images',
  system: 'Manage Docker',
};

/** docker's own grouping in `docker --help`: the common commands first, in this order. */
const COMMON = [
  'run',
  'exec',
  'ps',
  'build',
  'pull',
  'push',
  'images',
  'login',
  'logout',
  'search',
  'version',
  'info',
];

function topHelp(): string {
  const short = new Map<string, string>();
  for (const [path, c] of TABLE) {
    const parts = path.split(' ');
    if (parts.length === 2 && !((parts[1] as string) in MANAGEMENT))
      short.set(parts[1] as string, c.spec.short);
  }
  const row = (n: string, s: string) => `  ${n.padEnd(12)}${s}`;
  const common = COMMON.filter((n) => short.has(n));
  const rest = [...short.keys()].filter((n) => !COMMON.includes(n)).sort();
  return [
    '',
    'Usage:  docker [OPTIONS] COMMAND',
    '',
    'A self-sufficient runtime for containers',
    '',
    'Common Commands:',
    ...common.map((n) => row(n, short.get(n) ?? '')),
    '',
    'Management Commands:',
    ...Object.entries(MANAGEMENT).map(([n, s]) => row(n, s)),
    '',
    'Commands:',
    ...rest.map((n) => row(n, short.get(n) ?? '')),
    '',
    "Run 'docker COMMAND --help' for more information on a command.",
    '',
  ].join('\n');
}

function managementHelp(name: string): string {
  // One row per command, under its first name (`ls`, not its alias `list`).
  const rows = COMMANDS.flatMap((c) => {
    const paths = [`${c.spec.parent} ${c.spec.use.split(' ')[0] ?? ''}`, ...(c.spec.aliases ?? [])];
    const own = paths.find((p) => p.startsWith(`docker ${name} `));
    return own ? [[own.split(' ')[2] as string, c.spec.short] as const] : [];
  }).sort(([a], [b]) => (a < b ? -1 : 1));
  return [
    '',
    `Usage:  docker ${name} COMMAND`,
    '',
    MANAGEMENT[name] ?? '',
    '',
    'Commands:',
    ...rows.map(([n, s]) => `  ${n.padEnd(12)}${s}`),
    '',
    `Run 'docker ${name} COMMAND --help' for more information on a command.`,
    '',
  ].join('\n');
}

/** The `docker` program. */
export const docker: Program = async (argv, ctx): Promise<number | ProgramResult> => {
  const [first, second] = argv;
  if (
    first === undefined ||
    first === '--help' ||
    first === '-h' ||
    (first === 'help' && argv.length === 1)
  ) {
    ctx.io.out(topHelp());
    return 0;
  }
  if (first === 'help') return docker([...argv.slice(1), '--help'], ctx);
  if (first.startsWith('-')) {
    const what = first.startsWith('--')
      ? `unknown flag: ${first.replace(/=.*$/, '')}`
      : `unknown shorthand flag: '${first[1] ?? ''}' in ${first}`;
    ctx.io.err(`${what}\nSee 'docker --help'.\n`);
    return 125;
  }
  let cmd: DockerCommand | undefined;
  let rest: string[];
  if (first in MANAGEMENT) {
    if (second === undefined || second === '--help' || second === '-h') {
      ctx.io.out(managementHelp(first));
      return 0;
    }
    cmd = TABLE.get(`docker ${first} ${second}`);
    rest = argv.slice(2);
    if (!cmd) {
      ctx.io.err(`docker: '${first} ${second}' is not a docker command.\nSee 'docker --help'\n`);
      return 1;
    }
  } else {
    cmd = TABLE.get(`docker ${first}`);
    rest = argv.slice(1);
    if (!cmd) {
      ctx.io.err(`docker: '${first}' is not a docker command.\nSee 'docker --help'\n`);
      return 1;
    }
  }
  return runCommand(cmd, rest, ctx);
};

async function runCommand(
  cmd: DockerCommand,
  argv: string[],
  ctx: ProgramContext,
): Promise<number | ProgramResult> {
  const line = parseCommandLine(cmd.spec, argv, ctx.io.columns);
  if (line.kind === 'help') {
    ctx.io.out(line.stdout);
    return 0;
  }
  if (line.kind === 'error') {
    ctx.io.err(line.stderr);
    return line.exitCode;
  }
  try {
    return await cmd.run(line.parsed, ctx);
  } catch (e) {
    if (!(e instanceof DockerError)) throw e;
    ctx.io.err(errorText(e) + '\n');
    return 1;
  }
}

/** Tab completion after `docker`: subcommands, then flags of the command, containers and images. */
export function dockerCompletions(
  words: readonly string[],
  word: string,
  names: { containers: string[]; images: string[] },
): string[] {
  const [first, second] = words;
  if (first === undefined) {
    const subs = [...TABLE.keys()]
      .map((k) => k.split(' '))
      .filter((k) => k.length === 2)
      .map((k) => k[1] as string);
    return [...new Set([...subs, ...Object.keys(MANAGEMENT), 'help'])];
  }
  if (first in MANAGEMENT && second === undefined) {
    return [...TABLE.keys()]
      .filter((k) => k.startsWith(`docker ${first} `))
      .map((k) => k.split(' ')[2] as string);
  }
  const cmd =
    first in MANAGEMENT ? TABLE.get(`docker ${first} ${second ?? ''}`) : TABLE.get(`docker ${first}`);
  if (word.startsWith('-')) {
    const flags = cmd?.spec.flags ?? [];
    return flags
      .filter((f) => !f.hidden)
      .flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]);
  }
  return [...names.containers, ...names.images];
}
