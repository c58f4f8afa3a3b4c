import { describe, expect, it } from 'vitest';
import {
  argsErrorText,
  flagBool,
  flagList,
  flagNumber,
  flagString,
  parseCommandLine,
  parseFlags,
  type CommandSpec,
  type ParsedFlags,
} from '../../src/cli/flags';

// Specs written for these tests, in our own words.
const run: CommandSpec = {
  parent: 'docker',
  use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  aliases: ['docker container run', 'docker run'],
  interspersed: false,
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'detach', short: 'd', type: 'bool', usage: 'Run in the background and print the container ID' },
    { name: 'env', short: 'e', type: 'stringArray', typeName: 'list', usage: 'Set environment variables' },
    { name: 'hostname', short: 'h', type: 'string', usage: 'Container host name' },
    { name: 'interactive', short: 'i', type: 'bool', usage: 'Keep STDIN open' },
    { name: 'name', type: 'string', usage: 'Give the container a name' },
    {
      name: 'publish',
      short: 'p',
      type: 'stringArray',
      typeName: 'list',
      usage: "Publish a container's port(s) to the host",
    },
    { name: 'rm', type: 'bool', usage: 'Remove the container when it exits' },
    { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
  ],
};

const ps: CommandSpec = {
  parent: 'docker',
  use: 'ps [OPTIONS]',
  short: 'List containers',
  args: { kind: 'none' },
  flags: [
    { name: 'all', short: 'a', type: 'bool', usage: 'Show every container, stopped ones too' },
    {
      name: 'last',
      short: 'n',
      type: 'int',
      default: -1,
      usage: 'Show the n most recently created containers',
    },
    { name: 'quiet', short: 'q', type: 'bool', usage: 'Only print container IDs' },
    { name: 'format', type: 'string', usage: 'Format output with a Go template' },
  ],
};

const tag: CommandSpec = {
  parent: 'docker',
  use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
  args: { kind: 'exact', n: 2 },
  flags: [],
};

function ok(spec: CommandSpec, argv: string[]): ParsedFlags {
  const r = parseFlags(spec, argv);
  if (!r.ok) throw new Error(r.message);
  return r.parsed;
}

function flagError(spec: CommandSpec, argv: string[]): string {
  const r = parseFlags(spec, argv);
  if (r.ok) throw new Error('expected a flag error');
  return r.message;
}

describe('flag syntax (pflag)', () => {
  it('combined short flags -it and -dit set each bool', () => {
    const p = ok(run, ['-dit', 'nginx']);
    expect([flagBool(p, 'detach'), flagBool(p, 'interactive'), flagBool(p, 'tty')]).toEqual([
      true,
      true,
      true,
    ]);
    expect(p.args).toEqual(['nginx']);
  });

  it('-p8888:80, -p 8888:80, -p=1:2 and --publish=3:4 all add a value, in order', () => {
    const p = ok(run, ['-p8888:80', '-p', '9999:80', '-p=1:2', '--publish=3:4', '--publish', '5:6', 'nginx']);
    expect(flagList(p, 'publish')).toEqual(['8888:80', '9999:80', '1:2', '3:4', '5:6']);
  });

  it('a value-taking short flag at the end of a group takes the rest or the next word: -dp 80:80', () => {
    expect(flagList(ok(run, ['-dp', '80:80', 'nginx']), 'publish')).toEqual(['80:80']);
    expect(flagList(ok(run, ['-dp80:80', 'nginx']), 'publish')).toEqual(['80:80']);
  });

  it('--name=x and --name x are the same; the next word is taken even if it starts with a dash', () => {
    expect(flagString(ok(run, ['--name=web', 'nginx']), 'name')).toBe('web');
    expect(flagString(ok(run, ['--name', 'web', 'nginx']), 'name')).toBe('web');
    expect(flagString(ok(run, ['--name', '-d', 'nginx']), 'name')).toBe('-d');
  });

  it('repeated -e flags collect every value', () => {
    expect(flagList(ok(run, ['-e', 'A=1', '-e', 'B=2', '--env=C=3', 'alpine']), 'env')).toEqual([
      'A=1',
      'B=2',
      'C=3',
    ]);
  });

  it("bools accept --flag=false, -d=false and Go's other spellings", () => {
    expect(flagBool(ok(run, ['--rm=false', 'x']), 'rm')).toBe(false);
    expect(flagBool(ok(run, ['-d=false', 'x']), 'detach')).toBe(false);
    expect(flagBool(ok(run, ['--rm=T', 'x']), 'rm')).toBe(true);
    expect(flagBool(ok(run, ['--rm=0', 'x']), 'rm')).toBe(false);
  });

  it('unset flags read as their defaults, and `changed` lists what was typed', () => {
    const p = ok(ps, ['-a']);
    expect(flagNumber(p, 'last')).toBe(-1);
    expect(flagString(p, 'format')).toBe('');
    expect([...p.changed]).toEqual(['all']);
  });

  it('ints accept Go literals: negatives, hex, octal, underscores', () => {
    expect(flagNumber(ok(ps, ['-n', '-1']), 'last')).toBe(-1);
    expect(flagNumber(ok(ps, ['-n', '0x10']), 'last')).toBe(16);
    expect(flagNumber(ok(ps, ['--last=010']), 'last')).toBe(8);
    expect(flagNumber(ok(ps, ['-n1_000']), 'last')).toBe(1000);
  });

  it('interspersed=false: the first argument ends the flags (docker run nginx ls -l)', () => {
    const p = ok(run, ['-it', '--rm', 'nginx', 'ls', '-l', '--name', 'x']);
    expect(p.args).toEqual(['nginx', 'ls', '-l', '--name', 'x']);
    expect(flagString(p, 'name')).toBe('');
  });

  it('interspersed (the default): flags may follow arguments', () => {
    const rmi: CommandSpec = { ...ps, use: 'rmi [OPTIONS] IMAGE [IMAGE...]', args: { kind: 'min', n: 1 } };
    const p = ok(rmi, ['nginx', '-a', 'redis']);
    expect(p.args).toEqual(['nginx', 'redis']);
    expect(flagBool(p, 'all')).toBe(true);
  });

  it('-- ends the flags and records where it was', () => {
    const p = ok(ps, ['-a', '--', '-q', 'x']);
    expect(p.args).toEqual(['-q', 'x']);
    expect(p.argsLenAtDash).toBe(0);
    expect(flagBool(p, 'quiet')).toBe(false);
  });

  it('a lone - is an argument', () => {
    expect(ok(run, ['-i', '-']).args).toEqual(['-']);
  });
});

describe('flag errors, as pflag words them', () => {
  it('unknown long flag', () => {
    expect(flagError(run, ['--x', 'nginx'])).toBe('unknown flag: --x');
    expect(flagError(run, ['--nope=1', 'nginx'])).toBe('unknown flag: --nope');
  });

  it('unknown shorthand names the letter and the rest of its group', () => {
    expect(flagError(run, ['-z'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(flagError(run, ['-itz', 'nginx'])).toBe("unknown shorthand flag: 'z' in -z");
    expect(flagError(run, ['-izt'])).toBe("unknown shorthand flag: 'z' in -zt");
  });

  it('shorthands are read byte by byte, so a CJK letter shows as its first UTF-8 byte', () => {
    expect(flagError(run, ['-中'])).toBe("unknown shorthand flag: 'ä' in -中");
  });

  it('missing values', () => {
    expect(flagError(run, ['--name'])).toBe('flag needs an argument: --name');
    expect(flagError(run, ['-p'])).toBe("flag needs an argument: 'p' in -p");
    expect(flagError(run, ['-dp'])).toBe("flag needs an argument: 'p' in -p");
  });

  it('bad values quote the value and name both forms of the flag', () => {
    expect(flagError(ps, ['-n', 'x'])).toBe(
      'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax',
    );
    expect(flagError(ps, ['--last=99999999999999999999'])).toBe(
      'invalid argument "99999999999999999999" for "-n, --last" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range',
    );
    expect(flagError(run, ['--rm=maybe'])).toBe(
      'invalid argument "maybe" for "--rm" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });

  it('uint flags reject negatives', () => {
    const spec: CommandSpec = { ...ps, flags: [{ name: 'size', type: 'uint', usage: 'a size' }] };
    expect(flagError(spec, ['--size=-1'])).toBe(
      'invalid argument "-1" for "--size" flag: strconv.ParseUint: parsing "-1": invalid syntax',
    );
  });

  it("a spec's check turns into pflag's invalid argument message", () => {
    const spec: CommandSpec = {
      ...run,
      flags: [
        {
          name: 'env',
          short: 'e',
          type: 'stringArray',
          usage: 'env',
          check: (v) => (v.startsWith('=') ? `invalid environment variable: ${v}` : undefined),
        },
      ],
    };
    expect(flagError(spec, ['-e', '=x'])).toBe(
      'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x',
    );
  });

  it('three dashes are bad syntax', () => {
    expect(flagError(ps, ['---all'])).toBe('bad flag syntax: ---all');
  });
});

describe('command lines as docker reports them', () => {
  it('a flag error is followed by the See line, exit 125', () => {
    expect(parseCommandLine(run, ['--x', 'nginx'])).toEqual({
      kind: 'error',
      stderr: "unknown flag: --x\nSee 'docker run --help'.\n",
      exitCode: 125,
    });
    expect(parseCommandLine(run, ['-itz', 'nginx'])).toMatchObject({
      stderr: "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'.\n",
      exitCode: 125,
    });
  });

  it('too few arguments: the count, the See line, the usage line and the short description, exit 1', () => {
    expect(parseCommandLine(run, ['-it'])).toEqual({
      kind: 'error',
      stderr:
        '"docker run" requires at least 1 argument.\nSee \'docker run --help\'.\n\n' +
        'Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate and run a new container from an image\n',
      exitCode: 1,
    });
  });

  it('exactly, none and range rules have their own wording', () => {
    expect(argsErrorText(tag, 1)).toBe(
      '"docker tag" requires exactly 2 arguments.\nSee \'docker tag --help\'.\n\n' +
        'Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n',
    );
    expect(argsErrorText(ps, 1)?.split('\n')[0]).toBe('"docker ps" accepts no arguments.');
    const commit: CommandSpec = {
      ...tag,
      use: 'commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]',
      args: { kind: 'range', min: 1, max: 2 },
    };
    expect(argsErrorText(commit, 3)?.split('\n')[0]).toBe(
      '"docker commit" requires at least 1 and at most 2 arguments.',
    );
    const logs: CommandSpec = { ...tag, use: 'logs [OPTIONS] CONTAINER', args: { kind: 'exact', n: 1 } };
    expect(argsErrorText(logs, 0)?.split('\n')[0]).toBe('"docker logs" requires exactly 1 argument.');
    expect(argsErrorText(tag, 2)).toBeUndefined();
  });

  it('flag errors come before argument counting', () => {
    expect(parseCommandLine(run, ['--x'])).toMatchObject({ exitCode: 125 });
  });

  it('--help shows help even without the required arguments; -h too unless the command uses -h', () => {
    const help = parseCommandLine(tag, ['--help']);
    expect(help.kind).toBe('help');
    expect(parseCommandLine(tag, ['-h']).kind).toBe('help');
    expect(parseCommandLine(run, ['-h'])).toMatchObject({
      stderr: "flag needs an argument: 'h' in -h\nSee 'docker run --help'.\n",
    });
  });

  it('after the image, --help belongs to the container command', () => {
    const r = parseCommandLine(run, ['nginx', '--help']);
    expect(r.kind === 'ok' && r.parsed.args).toEqual(['nginx', '--help']);
  });

  it('the parent path comes from the spec (docker container run)', () => {
    expect(parseCommandLine({ ...run, parent: 'docker container' }, ['--x'])).toMatchObject({
      stderr: "unknown flag: --x\nSee 'docker container run --help'.\n",
    });
  });
});
