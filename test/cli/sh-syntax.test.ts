import { describe, expect, it } from 'vitest';
import type { Command, Redirect, SimpleCommand, Word } from '../../src/cli/sh/ast';
import { ShellSyntaxError } from '../../src/cli/sh/errors';
import { parse, tryParse } from '../../src/cli/sh/syntax';

/** The single simple command of a one-command input. */
function simple(src: string): SimpleCommand {
  const cmd = parse(src).script.items[0]?.pipelines[0]?.commands[0] as Command;
  if (cmd.type !== 'simple') throw new Error(`not a simple command: ${cmd.type}`);
  return cmd;
}

/** A word's literal value when it has no expansions (quote removal only). */
function literal(w: Word): string {
  return w.parts.map((p) => (p.type === 'text' ? p.value : `<${p.type}>`)).join('');
}

const words = (src: string): string[] => simple(src).words.map(literal);

function syntaxError(src: string, final = false): string {
  const r = tryParse(src, { final });
  if (r.kind !== 'error') throw new Error(`expected a syntax error, got ${r.kind}`);
  return r.error.message;
}

function incomplete(src: string): string {
  const r = tryParse(src);
  if (r.kind !== 'incomplete') throw new Error(`expected incomplete input, got ${r.kind}`);
  return r.message;
}

describe('words and quoting', () => {
  it('splits words on blanks and keeps CJK text intact', () => {
    expect(words('echo  你好\t世界 docker')).toEqual(['echo', '你好', '世界', 'docker']);
  });

  it('single quotes keep everything literal, including $ and backslashes', () => {
    expect(words(`echo 'a $HOME \\n "b"'`)).toEqual(['echo', 'a $HOME \\n "b"']);
  });

  it('double quotes allow \\ escapes only before $ ` " \\ and newline', () => {
    expect(words('echo "a\\"b \\$x \\\\ \\n \\t"')).toEqual(['echo', 'a"b $x \\ \\n \\t']);
  });

  it('-m="modify index.html" is one word whose quoted part keeps its space', () => {
    const w = simple('docker commit -m="modify index.html" web').words[2] as Word;
    expect(w.parts).toEqual([
      { type: 'text', value: '-m=', quoted: false },
      { type: 'text', value: 'modify index.html', quoted: true },
    ]);
    expect(w.text).toBe('-m="modify index.html"');
  });

  it('a backslash quotes the next character outside quotes', () => {
    expect(words('echo a\\ b \\$HOME')).toEqual(['echo', 'a b', '$HOME']);
  });

  it('backslash-newline joins lines', () => {
    expect(words('echo a\\\nb c')).toEqual(['echo', 'ab', 'c']);
  });

  it('an empty quoted string is still a word', () => {
    expect(words(`echo "" ''`)).toEqual(['echo', '', '']);
  });

  it("$'…' understands C escapes", () => {
    expect(words("echo $'a\\tb\\n\\x41\\u4e2d'")).toEqual(['echo', 'a\tb\nA中']);
  });

  it('a # starts a comment only at the start of a word', () => {
    expect(words('echo a#b # the rest is ignored')).toEqual(['echo', 'a#b']);
  });

  it('~ at the start of a word is a tilde part; elsewhere it is text', () => {
    const c = simple('cd ~/x a~ "~"');
    expect(c.words[1]?.parts[0]).toEqual({ type: 'tilde', user: '' });
    expect(literal(c.words[2] as Word)).toBe('a~');
    expect(literal(c.words[3] as Word)).toBe('~');
  });
});

describe('expansions in words', () => {
  it('$VAR, ${VAR}, $? and $1 become parameter parts', () => {
    const parts = simple('echo $HOME ${USER} $? $1x')
      .words.slice(1)
      .map((w) => w.parts[0]);
    expect(parts.map((p) => p?.type === 'param' && p.name)).toEqual(['HOME', 'USER', '?', '1']);
  });

  it('${VAR:-default} keeps the operator and its word', () => {
    const p = simple('echo ${X:-"a b"}').words[1]?.parts[0];
    expect(p).toMatchObject({
      type: 'param',
      name: 'X',
      op: ':-',
      arg: [{ type: 'text', value: 'a b', quoted: true }],
    });
  });

  it('a malformed ${…} parses and is marked bad for expansion time (bash says bad substitution then)', () => {
    expect(simple('echo ${a b}').words[1]?.parts[0]).toMatchObject({
      type: 'param',
      bad: true,
      text: '${a b}',
    });
  });

  it('$(…) nests and keeps quotes inside independent of the outer ones', () => {
    const w = simple('echo "x$(echo "$(echo 1) 2")y"').words[1] as Word;
    expect(w.parts.map((p) => p.type)).toEqual(['text', 'command', 'text']);
    const inner = w.parts[1];
    if (inner?.type !== 'command') throw new Error('no command part');
    const innerCmd = inner.script.items[0]?.pipelines[0]?.commands[0] as SimpleCommand;
    expect(innerCmd.words[1]?.parts.map((p) => p.type)).toEqual(['text', 'command', 'text']);
    expect(inner.text).toBe('$(echo "$(echo 1) 2")');
  });

  it('docker rm -f $(docker ps -aq) has a command substitution argument', () => {
    const w = simple('docker rm -f $(docker ps -aq)').words[3] as Word;
    expect(w.parts[0]).toMatchObject({ type: 'command', quoted: false, text: '$(docker ps -aq)' });
  });

  it('backquotes are command substitutions with \\` nesting', () => {
    const w = simple('echo `echo \\`echo hi\\``').words[1] as Word;
    expect(w.parts[0]).toMatchObject({ type: 'command', text: '`echo \\`echo hi\\``' });
  });

  it('$((…)) is arithmetic, not a subshell', () => {
    expect(simple('echo $((1 + (2*3)))').words[1]?.parts[0]).toMatchObject({
      type: 'arith',
      text: '$((1 + (2*3)))',
    });
  });
});

describe('commands, lists and pipelines', () => {
  it('assignments before the command name are assignments; after it they are words', () => {
    const c = simple('A=1 B="x y" env C=3');
    expect(c.assignments.map((a) => [a.name, literal(a.value)])).toEqual([
      ['A', '1'],
      ['B', 'x y'],
    ]);
    expect(c.words.map(literal)).toEqual(['env', 'C=3']);
  });

  it('an assignment alone is a command with no words', () => {
    expect(simple('X=').assignments).toEqual([{ name: 'X', value: { type: 'word', parts: [], text: '' } }]);
  });

  it('pipes join commands; |& also pipes stderr', () => {
    const p = parse('cat f | grep a |& wc -l').script.items[0]?.pipelines[0];
    expect(p?.commands).toHaveLength(3);
    expect(p?.stderr).toEqual([false, true]);
  });

  it('&& and || chain pipelines left to right', () => {
    const item = parse('a && b || c').script.items[0];
    expect(item?.ops).toEqual(['&&', '||']);
    expect(item?.pipelines).toHaveLength(3);
  });

  it('; & and newlines separate list items; & marks background', () => {
    const items = parse('a; b & c\nd').script.items;
    expect(items.map((i) => i.background)).toEqual([false, true, false, false]);
  });

  it('! negates a pipeline', () => {
    expect(parse('! grep x f').script.items[0]?.pipelines[0]?.negated).toBe(true);
  });

  it('a line break may follow | && ||', () => {
    expect(parse('a |\n b &&\n\n c').script.items[0]?.pipelines).toHaveLength(2);
  });

  it('( list ) is a subshell and { list; } a group', () => {
    const cmds = parse('(cd /tmp; ls) && { echo a; echo b; }').script.items[0]?.pipelines.map(
      (p) => p.commands[0]?.type,
    );
    expect(cmds).toEqual(['subshell', 'group']);
  });

  it('an empty input or a comment is an empty script', () => {
    expect(parse('').script.items).toEqual([]);
    expect(parse('   # just a note').script.items).toEqual([]);
  });
});

describe('redirections', () => {
  const redirects = (src: string): Pick<Redirect, 'fd' | 'op'>[] =>
    simple(src).redirects.map((r) => ({ fd: r.fd, op: r.op, target: literal(r.target) }));

  it('> >> < 2> 2>&1 &> and <<< get their file descriptors', () => {
    expect(redirects('cmd >out >>log <in 2>err 2>&1 &>all 3<>rw <<<word')).toEqual([
      { fd: 1, op: '>', target: 'out' },
      { fd: 1, op: '>>', target: 'log' },
      { fd: 0, op: '<', target: 'in' },
      { fd: 2, op: '>', target: 'err' },
      { fd: 2, op: '>&', target: '1' },
      { fd: 1, op: '&>', target: 'all' },
      { fd: 3, op: '<>', target: 'rw' },
      { fd: 0, op: '<<<', target: 'word' },
    ]);
  });

  it('digits not directly before > are an ordinary word', () => {
    expect(simple('echo 2 >f').words.map(literal)).toEqual(['echo', '2']);
    expect(words('echo a2>f')).toEqual(['echo', 'a2']);
  });

  it('redirections may come before the command name', () => {
    const c = simple('>out echo hi');
    expect(c.words.map(literal)).toEqual(['echo', 'hi']);
    expect(c.redirects[0]?.op).toBe('>');
  });
});

describe('here-documents', () => {
  it('<<EOF reads the following lines up to the delimiter, with expansions', () => {
    const { script } = parse('cat <<EOF >f\nhello $USER\n  x\nEOF\necho after');
    const r = (script.items[0]?.pipelines[0]?.commands[0] as SimpleCommand).redirects[0];
    expect(r?.heredoc?.body).toBe('hello $USER\n  x\n');
    expect(r?.heredoc?.quoted).toBe(false);
    expect(r?.heredoc?.parts.map((p) => p.type)).toEqual(['text', 'param', 'text']);
    expect(script.items).toHaveLength(2);
  });

  it("<<'EOF' keeps the body literal", () => {
    const r = simple("cat <<'EOF'\n$HOME `x`\nEOF").redirects[0];
    expect(r?.heredoc).toMatchObject({ delimiter: 'EOF', quoted: true, body: '$HOME `x`\n', parts: [] });
  });

  it('<<-EOF strips leading tabs from the body and the delimiter line', () => {
    expect(simple('cat <<-EOF\n\t\tindented\n\tEOF').redirects[0]?.heredoc?.body).toBe('indented\n');
  });

  it('two here-documents on one line are read in order', () => {
    const rs = simple('cmd <<A 3<<B\na\nA\nb\nB').redirects;
    expect(rs.map((r) => r.heredoc?.body)).toEqual(['a\n', 'b\n']);
  });

  it('an unfinished here-document asks for more lines', () => {
    expect(incomplete('cat <<EOF')).toBe(
      "warning: here-document at line 1 delimited by end-of-file (wanted `EOF')",
    );
    expect(tryParse('cat <<EOF\nhello').kind).toBe('incomplete');
    expect(tryParse('cat <<EOF\nhello\nEOF').kind).toBe('ok');
  });

  it('at the end of input an unfinished here-document ends there, with bash warning', () => {
    const { script, warnings } = parse('cat <<EOF\nhello', { final: true });
    expect(warnings).toEqual(["warning: here-document at line 1 delimited by end-of-file (wanted `EOF')"]);
    expect((script.items[0]?.pipelines[0]?.commands[0] as SimpleCommand).redirects[0]?.heredoc?.body).toBe(
      'hello\n',
    );
  });
});

describe('input that needs more lines', () => {
  it.each([
    ['echo "a', 'unexpected EOF while looking for matching `"\''],
    ["echo 'a", "unexpected EOF while looking for matching `''"],
    ['echo `a', "unexpected EOF while looking for matching ``'"],
    ['echo $(a', "unexpected EOF while looking for matching `)'"],
    ['echo ${a', "unexpected EOF while looking for matching `}'"],
    ['echo $((1+', "unexpected EOF while looking for matching `)'"],
    ['echo a |', 'syntax error: unexpected end of file'],
    ['echo a &&', 'syntax error: unexpected end of file'],
    ['(echo a', 'syntax error: unexpected end of file'],
    ['{ echo a }', 'syntax error: unexpected end of file'],
  ])('%j continues on the next line, and bash says %j if the input ends', (src, message) => {
    expect(incomplete(src)).toBe(message);
    expect(syntaxError(src, true)).toBe(message);
  });

  it('a multi-line quoted string completes once closed', () => {
    expect(words('echo "a\nb"')).toEqual(['echo', 'a\nb']);
  });

  it('a trailing backslash continues the line', () => {
    expect(tryParse('echo a \\').kind).toBe('incomplete');
  });

  it('the error is a ShellSyntaxError with the line where bash noticed it', () => {
    try {
      parse('echo ok\necho "a', { final: true });
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(ShellSyntaxError);
      expect((e as ShellSyntaxError).line).toBe(2);
      expect((e as ShellSyntaxError).incomplete).toBe(false);
    }
  });
});

describe('syntax errors, as bash words them', () => {
  it.each([
    ['| a', '|'],
    ['echo a | | b', '|'],
    ['echo a && && b', '&&'],
    ['a || || b', '||'],
    ['&& a', '&&'],
    [';', ';'],
    ['echo a; ; b', ';'],
    ['a && ;', ';'],
    ['a | ; b', ';'],
    ['echo a ;;', ';;'],
    ['& a', '&'],
    ['echo a & & b', '&'],
    ['echo a)', ')'],
    [')', ')'],
    ['echo (a)', 'a'],
    ['echo a (b)', '('],
    ['echo >', 'newline'],
    ['echo > ', 'newline'],
    ['echo > |', '|'],
    ['echo a > ;', ';'],
    ['echo <', 'newline'],
    ['echo a <<', 'newline'],
    ['echo a 2>&', 'newline'],
    ['echo a >#b', 'newline'],
    ['then', 'then'],
    ['fi', 'fi'],
    ['}', '}'],
    ['(a) b', 'b'],
  ])("%j: syntax error near unexpected token `%s'", (src, token) => {
    expect(syntaxError(src)).toBe(`syntax error near unexpected token \`${token}'`);
  });

  it('compound commands are refused with a clear message', () => {
    expect(syntaxError('if true; then echo a; fi')).toBe(
      'if: compound commands are not supported in this shell',
    );
    expect(syntaxError('for i in 1 2; do echo $i; done')).toBe(
      'for: compound commands are not supported in this shell',
    );
  });

  it('a syntax error before an unfinished quote wins', () => {
    expect(syntaxError('echo a | | echo "b')).toBe("syntax error near unexpected token `|'");
  });
});
