import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, Script } from '../../src/cli/sh/ast';
import { ExpansionError, ShellSyntaxError } from '../../src/cli/sh/errors';
import { expandHeredoc, expandWords, type ExpandContext } from '../../src/cli/sh/expand';
import { globMatch } from '../../src/cli/sh/glob';
import { parse } from '../../src/cli/sh/syntax';

const RUNS = Number(process.env.FC_RUNS ?? 200);

// Characters that matter to the shell, weighted so random input exercises every construct.
const shellChar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'|&;()<>$`\'"\\{}#!=~*?[]-12 \t\n'.split('')) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '$(',
      '${',
      '$((',
      '))',
      '<<EOF\n',
      '\nEOF\n',
      '<<-',
      '2>&1',
      '&&',
      '||',
      'echo ',
      'docker ',
      '中文',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
);

const shellInput = fc.array(shellChar, { maxLength: 80, size: 'large' }).map((parts) => parts.join(''));

function parsesOrFailsCleanly(src: string, final: boolean): void {
  try {
    parse(src, { final });
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    expect(e.message.length).toBeGreaterThan(0);
    if (final) expect(e.incomplete).toBe(false);
  }
}

const ctx: ExpandContext = {
  lookup: (n) => ({ HOME: '/root', X: 'a b*', '?': '0', IFS: ' \t\n' })[n],
  assign: () => undefined,
  substitute: async (_s, text) => text.slice(0, 20) + '\n',
  glob: (pattern) => ['a', 'b', '中'].filter((f) => globMatch(pattern, f)),
};

function commands(script: Script): Command[] {
  return script.items.flatMap((i) => i.pipelines.flatMap((p) => p.commands));
}

describe('the shell parser on random input', () => {
  it('never throws anything but its own ShellSyntaxError', () => {
    fc.assert(
      fc.property(shellInput, fc.boolean(), (src, final) => parsesOrFailsCleanly(src, final)),
      { numRuns: RUNS },
    );
  });

  it('expanding whatever parses throws only ExpansionError', async () => {
    await fc.assert(
      fc.asyncProperty(shellInput, async (src) => {
        let script: Script;
        try {
          script = parse(src, { final: true }).script;
        } catch {
          return;
        }
        for (const c of commands(script)) {
          if (c.type !== 'simple') continue;
          try {
            await expandWords(c.words, ctx);
            for (const r of c.redirects) if (r.heredoc) await expandHeredoc(r.heredoc, ctx);
          } catch (e) {
            if (!(e instanceof ExpansionError)) throw e;
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('survives very deep nesting and very long lines', () => {
    parsesOrFailsCleanly('echo ' + '$('.repeat(5000) + 'x' + ')'.repeat(5000), true);
    parsesOrFailsCleanly('echo ' + '"$(echo '.repeat(2000), false);
    parsesOrFailsCleanly('echo ' + 'a'.repeat(200_000), true);
    parsesOrFailsCleanly('(('.repeat(3000), true);
  });
});
