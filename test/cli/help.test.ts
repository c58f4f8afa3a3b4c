import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../src/cli/flags';
import { flagUsages, renderHelp } from '../../src/cli/help';
import { flagErrorText } from '../../src/cli/flags';

const run: CommandSpec = {
  parent: 'docker',
  use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Create and run a new container from an image',
  aliases: ['docker container run', 'docker run'],
  interspersed: false,
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'rm', type: 'bool', usage: 'Remove the container when it exits' },
    { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a pseudo-TTY' },
    {
      name: 'add-host',
      type: 'stringArray',
      typeName: 'list',
      usage: 'Add a custom host-to-IP mapping (host:ip) that the container resolves before asking DNS',
    },
    { name: 'detach', short: 'd', type: 'bool', usage: 'Run in the background and print the container ID' },
    { name: 'entrypoint', type: 'string', usage: 'Override the default ENTRYPOINT of the image' },
    { name: 'env', short: 'e', type: 'stringArray', typeName: 'list', usage: 'Set environment variables' },
    { name: 'hostname', short: 'h', type: 'string', usage: 'Container host name' },
    { name: 'log-driver', type: 'string', default: 'json-file', usage: 'Logging driver for the container' },
    { name: 'stop-timeout', type: 'int', default: 10, usage: 'Seconds to wait before killing' },
    { name: 'secret', type: 'string', hidden: true, usage: 'never shown' },
    { name: 'workdir', short: 'w', type: 'string', usage: 'Working `dir` inside the container' },
  ],
};

describe('--help', () => {
  it('docker run --help: blank line, Usage, description, Aliases, sorted Options with shorthand columns', () => {
    expect(renderHelp(run)).toBe(
      [
        '',
        'Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
        '',
        'Create and run a new container from an image',
        '',
        'Aliases:',
        '  docker container run, docker run',
        '',
        'Options:',
        '      --add-host list       Add a custom host-to-IP mapping (host:ip)',
        '                            that the container resolves before asking DNS',
        '  -d, --detach              Run in the background and print the container ID',
        '      --entrypoint string   Override the default ENTRYPOINT of the image',
        '  -e, --env list            Set environment variables',
        '  -h, --hostname string     Container host name',
        '      --log-driver string   Logging driver for the container (default',
        '                            "json-file")',
        '      --rm                  Remove the container when it exits',
        '      --stop-timeout int    Seconds to wait before killing (default 10)',
        '  -t, --tty                 Allocate a pseudo-TTY',
        '  -w, --workdir dir         Working dir inside the container',
        '',
      ].join('\n'),
    );
  });

  it('a wide terminal wraps later', () => {
    const lines = flagUsages(run.flags, 120).split('\n');
    expect(lines[0]).toBe(
      '      --add-host list       Add a custom host-to-IP mapping (host:ip) that the container resolves before asking DNS',
    );
  });

  it('a command without flags has no Options section', () => {
    const tag: CommandSpec = {
      parent: 'docker',
      use: 'tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
      short: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE',
      aliases: ['docker image tag', 'docker tag'],
      flags: [],
    };
    expect(renderHelp(tag)).toBe(
      '\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nCreate a tag TARGET_IMAGE that refers to SOURCE_IMAGE\n\nAliases:\n  docker image tag, docker tag\n',
    );
  });

  it('a management command lists its commands, padded to at least 11 columns', () => {
    const image: CommandSpec = {
      parent: 'docker',
      use: 'image',
      short: 'Manage images',
      flags: [],
      subcommands: [
        { name: 'history', short: 'Show the history of an image' },
        { name: 'ls', short: 'List images' },
      ],
    };
    expect(renderHelp(image)).toBe(
      '\nUsage:  docker image COMMAND\n\nManage images\n\nCommands:\n  history     Show the history of an image\n  ls          List images\n\n' +
        "Run 'docker image COMMAND --help' for more information on a command.\n",
    );
    expect(flagErrorText(image, 'unknown flag: --x')).toBe(
      "unknown flag: --x\nSee 'docker image --help'.\n\n" +
        'Usage:  docker image COMMAND\n\nManage images\n\nCommands:\n  history     Show the history of an image\n  ls          List images\n\n' +
        "Run 'docker image COMMAND --help' for more information on a command.\n\n",
    );
  });

  it('Long replaces Short in help and Examples follow Aliases', () => {
    const spec: CommandSpec = {
      parent: 'docker',
      use: 'diff CONTAINER',
      short: 'short',
      long: 'Longer text.\n',
      example: '  docker diff web',
      flags: [],
    };
    expect(renderHelp(spec)).toBe(
      '\nUsage:  docker diff CONTAINER\n\nLonger text.\n\nExamples:\n  docker diff web\n',
    );
  });
});
