// BuildKit's second pass (instructions/parse.go): a shaped line becomes a typed instruction, with
// its flags checked and BuildKit's error texts (without the line prefix, which parse.ts adds).

import { FLAGS, parseFlags } from './flags';
import { ALL_INSTRUCTIONS, suggestInstruction } from './keywords';
import { heredocName } from './lines';
import type { NodeArgs, Shaped } from './shapes';
import type {
  ArgDecl,
  Base,
  CommandLine,
  CopyLike,
  Heredoc,
  HealthcheckInstruction,
  Instruction,
  KeyValue,
} from './types';

const atLeastOne = (c: string): string => `${c} requires at least one argument`;
const exactlyOne = (c: string): string => `${c} requires exactly one argument`;
const noDestination = (c: string): string =>
  `${c} requires at least two arguments, but only one was provided. Destination could not be determined`;
const blankNames = (c: string): string => `${c} names can not be blank`;

function pairs(args: readonly string[], name: string): KeyValue[] {
  if (args.length === 0) throw new Error(atLeastOne(name));
  const out: KeyValue[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) {
    const key = args[i] ?? '';
    if (key === '') throw new Error(blankNames(name));
    out.push({ key, value: args[i + 1] ?? '' });
  }
  return out;
}

function commandLine(a: NodeArgs): CommandLine {
  return a.json
    ? { form: 'exec', args: a.args }
    : { form: 'shell', args: a.args.length ? [a.args.join(' ')] : [] };
}

function copyLike(
  kind: 'COPY' | 'ADD',
  a: NodeArgs,
  flags: Record<string, string>,
  heredocs: readonly Heredoc[],
): Omit<CopyLike, keyof Base> & { kind: 'COPY' | 'ADD' } {
  if (a.args.length < 2) throw new Error(noDestination(kind));
  const dest = a.args[a.args.length - 1] ?? '';
  if (heredocName(dest)) throw new Error(`${kind} cannot accept a heredoc as a destination`);
  const sources = a.args.slice(0, -1).filter((s) => heredocName(s) === undefined);
  return {
    kind,
    sources,
    dest,
    ...(flags.chown !== undefined ? { chown: flags.chown } : {}),
    ...(flags.chmod !== undefined ? { chmod: flags.chmod } : {}),
    link: flags.link === 'true',
    heredocs,
    form: a.json ? 'exec' : 'shell',
  };
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

function typed(
  cmd: string,
  a: NodeArgs,
  flags: Record<string, string>,
  loc: Base,
  heredocs: Heredoc[],
): Instruction {
  const args = a.args;
  switch (cmd) {
    case 'from': {
      let stageName: string | undefined;
      if (args.length === 3 && (args[1] ?? '').toLowerCase() === 'as') {
        stageName = (args[2] ?? '').toLowerCase();
        if (!STAGE_NAME.test(stageName)) {
          throw new Error(
            `invalid name for build stage: ${JSON.stringify(args[2])}, name can't start with a number or contain symbols`,
          );
        }
      } else if (args.length !== 1) throw new Error('FROM requires either one or three arguments');
      return {
        ...loc,
        kind: 'FROM',
        image: args[0] ?? '',
        ...(stageName !== undefined ? { stageName } : {}),
        ...(flags.platform !== undefined ? { platform: flags.platform } : {}),
      };
    }
    case 'run':
      return { ...loc, kind: 'RUN', ...commandLine(a), heredocs };
    case 'cmd':
      return { ...loc, kind: 'CMD', ...commandLine(a) };
    case 'entrypoint':
      return { ...loc, kind: 'ENTRYPOINT', ...commandLine(a) };
    case 'copy': {
      const base = copyLike('COPY', a, flags, heredocs);
      return { ...loc, ...base, kind: 'COPY', ...(flags.from !== undefined ? { from: flags.from } : {}) };
    }
    case 'add':
      return { ...loc, ...copyLike('ADD', a, flags, heredocs), kind: 'ADD' };
    case 'env':
      return { ...loc, kind: 'ENV', pairs: pairs(args, 'ENV') };
    case 'label':
      return { ...loc, kind: 'LABEL', pairs: pairs(args, 'LABEL') };
    case 'arg': {
      if (args.length === 0) throw new Error(atLeastOne('ARG'));
      const decls = args.map((word): ArgDecl => {
        const eq = word.indexOf('=');
        if (eq < 0) return { key: word };
        if (eq === 0) throw new Error(blankNames('ARG'));
        return { key: word.slice(0, eq), value: word.slice(eq + 1) };
      });
      return { ...loc, kind: 'ARG', args: decls };
    }
    case 'workdir':
      if (args.length !== 1) throw new Error(exactlyOne('WORKDIR'));
      return { ...loc, kind: 'WORKDIR', path: args[0] ?? '' };
    case 'user':
      if (args.length !== 1) throw new Error(exactlyOne('USER'));
      return { ...loc, kind: 'USER', user: args[0] ?? '' };
    case 'expose':
      if (args.length === 0) throw new Error(atLeastOne('EXPOSE'));
      return { ...loc, kind: 'EXPOSE', ports: [...args].sort() };
    case 'volume': {
      if (args.length === 0) throw new Error(atLeastOne('VOLUME'));
      const volumes = args.map((v) => v.trim());
      if (volumes.includes('')) throw new Error('VOLUME specified can not be an empty string');
      return { ...loc, kind: 'VOLUME', volumes };
    }
    case 'shell':
      if (args.length === 0) throw new Error(atLeastOne('SHELL'));
      if (!a.json) throw new Error(`SHELL requires the arguments to be in JSON form`);
      return { ...loc, kind: 'SHELL', shell: args };
    case 'stopsignal':
      if (args.length !== 1) throw new Error(exactlyOne('STOPSIGNAL'));
      return { ...loc, kind: 'STOPSIGNAL', signal: args[0] ?? '' };
    case 'maintainer':
      if (args.length !== 1) throw new Error(exactlyOne('MAINTAINER'));
      return { ...loc, kind: 'MAINTAINER', maintainer: args[0] ?? '' };
    case 'healthcheck':
      return healthcheck(a, flags, loc);
    default:
      throw new Error(`unknown instruction: ${cmd}`);
  }
}

function healthcheck(a: NodeArgs, flags: Record<string, string>, loc: Base): HealthcheckInstruction {
  if (a.args.length === 0) throw new Error(atLeastOne('HEALTHCHECK'));
  const type = (a.args[0] ?? '').toUpperCase();
  const rest = a.args.slice(1);
  if (type === 'NONE') {
    if (rest.length !== 0) throw new Error('HEALTHCHECK NONE takes no arguments');
    return { ...loc, kind: 'HEALTHCHECK', test: ['NONE'] };
  }
  if (type !== 'CMD') throw new Error(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  const cmd = a.json ? rest : rest.length ? [rest.join(' ')] : [];
  if (cmd.length === 0) throw new Error('Missing command after HEALTHCHECK CMD');
  let retries: number | undefined;
  if (flags.retries !== undefined) {
    retries = Number(flags.retries);
    if (!Number.isInteger(retries))
      throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(flags.retries)}: invalid syntax`);
    if (retries < 1) throw new Error(`--retries must be at least 1 (not ${retries})`);
  }
  return {
    ...loc,
    kind: 'HEALTHCHECK',
    test: [a.json ? 'CMD' : 'CMD-SHELL', ...cmd],
    ...(flags.interval !== undefined ? { interval: flags.interval } : {}),
    ...(flags.timeout !== undefined ? { timeout: flags.timeout } : {}),
    ...(flags['start-period'] !== undefined ? { startPeriod: flags['start-period'] } : {}),
    ...(retries !== undefined ? { retries } : {}),
  };
}

/** The instructions pass: a typed instruction; errors carry BuildKit's text without the line prefix. */
export function instructionFrom(sh: Shaped): Instruction {
  const { node, word, cmd, rest } = sh;
  const loc = { startLine: node.startLine, endLine: node.endLine, original: node.line };
  if (cmd === 'onbuild') {
    if (sh.args.args.length === 0) throw new Error(atLeastOne('ONBUILD'));
    const trigger = (rest.split(/\s+/)[0] ?? '').toUpperCase();
    if (trigger === 'ONBUILD') throw new Error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    if (trigger === 'MAINTAINER' || trigger === 'FROM') {
      throw new Error(`${trigger} isn't allowed as an ONBUILD trigger`);
    }
    const expression = node.line.replace(/^\s*ONBUILD\s*/i, '');
    return { ...loc, flags: {}, kind: 'ONBUILD', expression };
  }
  if (!(ALL_INSTRUCTIONS as readonly string[]).includes(cmd.toUpperCase())) {
    throw new Error(`unknown instruction: ${word}${suggestInstruction(word)}`);
  }
  const flags = parseFlags(sh.rawFlags, FLAGS[cmd] ?? {});
  return typed(cmd, sh.args, flags, { ...loc, flags }, node.heredocs);
}
