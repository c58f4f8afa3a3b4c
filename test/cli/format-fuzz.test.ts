import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, type CommandSpec } from '../../src/cli/flags';
import { GoTemplate, TemplateError } from '../../src/cli/format/template/index';

const RUNS = Number(process.env.FC_RUNS ?? 200);

const templateText = fc
  .array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(
          '{{',
          '}}',
          '{{-',
          '-}}',
          '.',
          '.A',
          '.B.C',
          '$x',
          ':=',
          '|',
          '(',
          ')',
          ' ',
          '"s"',
          '`r`',
          "'c'",
          '1',
          '-2.5',
        ),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'if',
          'else',
          'end',
          'range',
          'with',
          'break',
          'index',
          'json',
          'printf',
          'len',
          'eq',
          'and',
          'join',
          'nil',
          'true',
        ),
      },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    ),
    { maxLength: 30 },
  )
  .map((p) => p.join(''));

const data = { A: 'a', B: { C: [1, 'x', null] }, M: { k: 'v' }, N: null };

describe('templates on random input', () => {
  it('parse and execute throw only TemplateError', () => {
    fc.assert(
      fc.property(templateText, (text) => {
        try {
          GoTemplate.parse(text).execute(data);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          expect(e.message.startsWith('template: ')).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

const spec: CommandSpec = {
  parent: 'docker',
  use: 'run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Run',
  interspersed: false,
  args: { kind: 'min', n: 1 },
  flags: [
    { name: 'detach', short: 'd', type: 'bool', usage: 'd' },
    { name: 'env', short: 'e', type: 'stringArray', usage: 'e' },
    { name: 'last', short: 'n', type: 'int', usage: 'n' },
    { name: 'name', type: 'string', usage: 'name' },
  ],
};

describe('flag parsing on random argv', () => {
  it('always ends in ok, help or an error with an exit code', () => {
    const arg = fc.oneof(
      fc.constantFrom('-d', '-e', '-n', '--name', '--', '-', '-dn', '--x', '-中', '--last=', '-h', '--help'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 8 }), (argv) => {
        const r = parseCommandLine(spec, argv);
        if (r.kind === 'error') expect([1, 125]).toContain(r.exitCode);
      }),
      { numRuns: RUNS },
    );
  });
});
