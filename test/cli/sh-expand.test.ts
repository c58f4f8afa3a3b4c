import { describe, expect, it } from 'vitest';
import type { Script, SimpleCommand } from '../../src/cli/sh/ast';
import { evaluateArith } from '../../src/cli/sh/arith';
import { ExpansionError } from '../../src/cli/sh/errors';
import {
  expandHeredoc,
  expandRedirectTarget,
  expandString,
  expandWords,
  type ExpandContext,
} from '../../src/cli/sh/expand';
import { globMatch, hasGlobMeta } from '../../src/cli/sh/glob';
import { parse } from '../../src/cli/sh/syntax';

function first(src: string): SimpleCommand {
  return parse(src).script.items[0]?.pipelines[0]?.commands[0] as SimpleCommand;
}

/** A context with fixed variables; command substitutions answer from a table keyed by their text. */
function context(
  vars: Record<string, string>,
  outputs: Record<string, string> = {},
  files: string[] = [],
): ExpandContext & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    lookup: (n) => vars[n],
    assign: (n, v) => {
      vars[n] = v;
    },
    substitute: async (_s: Script, text: string) => {
      ran.push(text);
      return outputs[text] ?? '';
    },
    home: (user) => (user === 'root' ? '/root' : undefined),
    glob: (pattern) => files.filter((f) => globMatch(pattern, f)).sort(),
  };
}

const expand = async (src: string, ctx: ExpandContext): Promise<string[]> =>
  expandWords(first(src).words, ctx);

describe('word expansion', () => {
  it('docker rm -f $(docker ps -aq) splits the ids into separate arguments', async () => {
    const ctx = context({}, { '$(docker ps -aq)': 'a1b2c3d4e5f6\n0f9e8d7c6b5a\n' });
    expect(await expand('docker rm -f $(docker ps -aq)', ctx)).toEqual([
      'docker',
      'rm',
      '-f',
      'a1b2c3d4e5f6',
      '0f9e8d7c6b5a',
    ]);
    expect(ctx.ran).toEqual(['$(docker ps -aq)']);
  });

  it('a quoted command substitution stays one argument, minus trailing newlines', async () => {
    const ctx = context({}, { '$(echo)': 'a  b\n\n' });
    expect(await expand('echo "$(echo)" $(echo)', ctx)).toEqual(['echo', 'a  b', 'a', 'b']);
  });

  it('an unquoted empty expansion disappears; a quoted one stays as an empty argument', async () => {
    expect(await expand('echo $NONE "$NONE" x$NONE', context({}))).toEqual(['echo', '', 'x']);
  });

  it('unquoted variables split on spaces, tabs and newlines; quoted ones do not', async () => {
    const ctx = context({ X: ' a  b\tc\n' });
    expect(await expand('echo $X "$X"', ctx)).toEqual(['echo', 'a', 'b', 'c', ' a  b\tc\n']);
  });

  it('quote removal joins parts: -m="modify index.html" is one argument', async () => {
    expect(await expand('docker commit -m="modify index.html" -a=xiaomotong web', context({}))).toEqual([
      'docker',
      'commit',
      '-m=modify index.html',
      '-a=xiaomotong',
      'web',
    ]);
  });

  it('$? and ${#VAR} and ~ expand', async () => {
    const ctx = context({ '?': '127', HOME: '/home/learner', V: '你好' });
    expect(await expand('echo $? ${#V} ~ ~/x ~root "~" ~nobody', ctx)).toEqual([
      'echo',
      '127',
      '2',
      '/home/learner',
      '/home/learner/x',
      '/root',
      '~',
      '~nobody',
    ]);
  });

  it('${VAR:-w} ${VAR-w} ${VAR:+w} ${VAR:=w} follow bash', async () => {
    const vars: Record<string, string> = { E: '', S: 'set' };
    const ctx = context(vars);
    expect(await expand('echo ${E:-d} ${E-d} ${S:+alt} ${U:+alt} ${U:=new} $U', ctx)).toEqual([
      'echo',
      'd',
      'alt',
      'new',
      'new',
    ]);
    expect(vars.U).toBe('new');
  });

  it('an unquoted default word splits; a quoted one does not', async () => {
    expect(await expand('echo ${U:-a b} "${U:-a b}" ${U:-"a b"}', context({}))).toEqual([
      'echo',
      'a',
      'b',
      'a b',
      'a b',
    ]);
  });

  it('${VAR#pat} ${VAR##pat} ${VAR%pat} ${VAR%%pat} ${VAR/a/b} trim and replace', async () => {
    const ctx = context({ P: '/usr/share/nginx/html/index.html' });
    expect(await expand('echo ${P##*/} ${P#*/} ${P%/*} ${P%%/*}x ${P/html/HTML} ${P//html/H}', ctx)).toEqual([
      'echo',
      'index.html',
      'usr/share/nginx/html/index.html',
      '/usr/share/nginx/html',
      'x',
      '/usr/share/nginx/HTML/index.html',
      '/usr/share/nginx/H/index.H',
    ]);
  });

  it("${a b} fails at expansion with bash's bad substitution", async () => {
    await expect(expand('echo ${a b}', context({}))).rejects.toEqual(
      new ExpansionError('${a b}: bad substitution'),
    );
  });

  it('${X:?msg} fails with the message', async () => {
    await expect(expand('echo ${X:?no X here}', context({}))).rejects.toThrow('X: no X here');
    await expect(expand('echo ${X:?}', context({}))).rejects.toThrow('X: parameter null or not set');
  });

  it('$((…)) evaluates integer arithmetic with variables', async () => {
    expect(
      await expand('echo $((1 + 2 * 3)) $(( (N+1) % 4 )) $((2**10)) $((-7/2))', context({ N: '6' })),
    ).toEqual(['echo', '7', '3', '1024', '-3']);
  });

  it('globs match files; no match keeps the word; quoted stars stay literal', async () => {
    const ctx = context({}, {}, ['a.txt', 'b.txt', 'c.log']);
    expect(await expand('ls *.txt *.md "*.txt" \\*.txt', ctx)).toEqual([
      'ls',
      'a.txt',
      'b.txt',
      '*.md',
      '*.txt',
      '*.txt',
    ]);
  });

  it('redirect targets must expand to exactly one word', async () => {
    const ctx = context({ F: 'out.txt', TWO: 'a b' });
    expect(await expandRedirectTarget(first('echo >$F').redirects[0]!.target, ctx)).toBe('out.txt');
    await expect(expandRedirectTarget(first('echo >$TWO').redirects[0]!.target, ctx)).rejects.toThrow(
      '$TWO: ambiguous redirect',
    );
  });

  it('assignment values expand without splitting', async () => {
    const a = first('A="$X" B=$X true').assignments;
    const ctx = context({ X: 'p q' });
    expect([await expandString(a[0]!.value.parts, ctx), await expandString(a[1]!.value.parts, ctx)]).toEqual([
      'p q',
      'p q',
    ]);
  });

  it('a here-document body expands unless its delimiter was quoted', async () => {
    const ctx = context({ NAME: 'web' }, { '$(hostname)': 'abc\n' });
    const doc = first('cat <<EOF\nname=$NAME host=$(hostname) cost=\\$5 "q"\nEOF').redirects[0]!.heredoc!;
    expect(await expandHeredoc(doc, ctx)).toBe('name=web host=abc cost=$5 "q"\n');
    const quoted = first("cat <<'EOF'\nname=$NAME\nEOF").redirects[0]!.heredoc!;
    expect(await expandHeredoc(quoted, ctx)).toBe('name=$NAME\n');
  });
});

describe('arithmetic', () => {
  const ev = (e: string, vars: Record<string, string> = {}): string =>
    String(evaluateArith(e, (n) => vars[n]));

  it('follows C precedence, 64-bit wrap-around and truncating division', () => {
    expect([
      ev('1+2*3'),
      ev('(1+2)*3'),
      ev('7%3'),
      ev('2**3**2'),
      ev('1<<4'),
      ev('9223372036854775807+1'),
    ]).toEqual(['7', '9', '1', '512', '16', '-9223372036854775808']);
    expect([
      ev('3 > 2 && 1'),
      ev('0 || 0'),
      ev('1 ? 5 : 6'),
      ev('!0'),
      ev('~0'),
      ev('0x1f'),
      ev('010'),
      ev('2#101'),
    ]).toEqual(['1', '0', '5', '1', '-1', '31', '8', '5']);
  });

  it('unset variables are 0 and variables holding expressions are evaluated', () => {
    expect([ev('X + 1'), ev('Y * 2', { Y: '1+2' })]).toEqual(['1', '6']);
  });

  it('errors read like bash', () => {
    expect(() => ev('1/0')).toThrow('1/0: division by 0 (error token is "0")');
    expect(() => ev('1 +')).toThrow('1 +: syntax error: operand expected (error token is "+")');
    expect(() => ev('1+*2')).toThrow('1+*2: syntax error: operand expected (error token is "*2")');
    expect(() => ev('1 2')).toThrow('1 2: syntax error in expression (error token is "2")');
    expect(() => ev('2**-1')).toThrow('2**-1: exponent less than 0 (error token is "1")');
    expect(() => ev('1 @ 2')).toThrow(
      '1 @ 2: syntax error: invalid arithmetic operator (error token is "@ 2")',
    );
    expect(() => ev('09')).toThrow('09: value too great for base (error token is "09")');
  });
});

describe('glob patterns', () => {
  it('* ? and [...] match like the shell', () => {
    expect(globMatch('*.txt', 'a.txt')).toBe(true);
    expect(globMatch('?.txt', 'ab.txt')).toBe(false);
    expect(globMatch('[a-c]*', 'b1')).toBe(true);
    expect(globMatch('[!a-c]*', 'b1')).toBe(false);
    expect(globMatch('[[:digit:]]x', '7x')).toBe(true);
    expect(globMatch('\\*', '*')).toBe(true);
    expect(globMatch('\\*', 'a')).toBe(false);
    expect(globMatch('文*', '文件')).toBe(true);
  });

  it('only unescaped metacharacters make a pattern', () => {
    expect([hasGlobMeta('a*'), hasGlobMeta('a\\*'), hasGlobMeta('[x]'), hasGlobMeta('plain')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('glob matching cost', () => {
  it('many stars against a long non-matching text answer quickly (no backtracking blow-up)', () => {
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000) + 'b')).toBe(true);
  });

  it('an unclosed [ is a literal bracket', () => {
    expect(globMatch('[ab', '[ab')).toBe(true);
    expect(globMatch('[]]', ']')).toBe(true);
    expect(globMatch('[a-]', '-')).toBe(true);
  });
});
