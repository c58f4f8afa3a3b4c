// The interpreter on its own: lists, pipelines, redirections, expansions and builtins, with a few
// stand-in programs over the host's home directory (so the tests do not depend on coreutils).
import { describe, expect, it } from 'vitest';
import { Interpreter, type ShellHost } from '../../src/cli/sh/interp';
import { hostState } from '../../src/cli/session';
import type { Program, Stdio } from '../../src/cli/types';
import { contentBytes } from '../../src/engine/fs/content';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

const PROGRAMS: Record<string, Program> = {
  echo: async (argv, ctx) => {
    ctx.io.out(argv.join(' ') + '\n');
    return 0;
  },
  args: async (argv, ctx) => {
    ctx.io.out(argv.map((a) => `[${a}]`).join('') + '\n');
    return 0;
  },
  upper: async (_argv, ctx) => {
    ctx.io.out((ctx.io.stdin ?? '').toUpperCase());
    return 0;
  },
  fail: async (argv, ctx) => {
    ctx.io.err('oops\n');
    return Number(argv[0] ?? 3);
  },
  env1: async (argv, ctx) => {
    ctx.io.out(`${ctx.shell.env.get(argv[0] ?? '') ?? '(unset)'}\n`);
    return 0;
  },
};

async function shell() {
  const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
  const host: ShellHost = {
    engine,
    fs: {
      view: () => engine.state.home.view(),
      change: (fn) => engine.changeHome(fn),
      now: () => Math.floor(engine.platform.clock.now() / 1000),
    },
    where: 'host',
    name: 'bash',
    find: (name) => {
      const p = PROGRAMS[name];
      return p ? { program: p } : { status: 127, message: `bash: ${name}: command not found\n` };
    },
    programs: () => Object.keys(PROGRAMS),
  };
  const sh = hostState();
  const interp = new Interpreter(host, sh);
  const run = async (line: string, stdin: string | null = null) => {
    let out = '';
    let err = '';
    const io: Stdio = { stdin, out: (t) => (out += t), err: (t) => (err += t), tty: false, columns: 80 };
    const r = await engine.command(() => interp.runLine(line, io));
    return { out, err, code: r.code, leave: r.leave, incomplete: r.incomplete };
  };
  const file = (path: string) => {
    const f = engine.state.home.view().fileOf(path);
    return f ? new TextDecoder().decode(contentBytes(f.content)) : undefined;
  };
  return { engine, sh, run, file };
}

describe('shell interpreter', () => {
  it('a pipeline feeds each stage the previous stdout; stderr goes straight through', async () => {
    const { run } = await shell();
    expect(await run('echo hello world | upper | upper')).toMatchObject({
      out: 'HELLO WORLD\n',
      err: '',
      code: 0,
    });
    expect(await run('fail 4 | upper')).toMatchObject({ out: '', err: 'oops\n', code: 0 });
    expect(await run('echo x | fail 5')).toMatchObject({ err: 'oops\n', code: 5 });
    expect(await run('fail |& upper')).toMatchObject({ out: 'OOPS\n', err: '' });
  });

  it('&& runs on success, || on failure, ; always; $? is the last status', async () => {
    const { run } = await shell();
    expect((await run('fail 1 && echo no || echo yes')).out).toBe('yes\n');
    expect((await run('echo a && echo b')).out).toBe('a\nb\n');
    expect((await run('fail 7; echo $?')).out).toBe('7\n');
    expect((await run('! fail 2; echo $?')).out).toBe('0\n');
    expect((await run('true && false')).code).toBe(1);
  });

  it('> truncates, >> appends, < reads, 2> and 2>&1 route stderr, /dev/null discards', async () => {
    const { run, file } = await shell();
    await run('echo one > notes.txt');
    await run('echo two >> notes.txt');
    expect(file('/home/learner/notes.txt')).toBe('one\ntwo\n');
    expect((await run('upper < notes.txt')).out).toBe('ONE\nTWO\n');
    await run('echo fresh > notes.txt');
    expect(file('/home/learner/notes.txt')).toBe('fresh\n');
    expect(await run('fail 2> err.txt')).toMatchObject({ err: '', code: 3 });
    expect(file('/home/learner/err.txt')).toBe('oops\n');
    expect(await run('fail 2>&1 | upper')).toMatchObject({ out: 'OOPS\n', err: '' });
    expect(await run('fail &> both.txt')).toMatchObject({ out: '', err: '' });
    expect(file('/home/learner/both.txt')).toBe('oops\n');
    expect(await run('fail 2>/dev/null')).toMatchObject({ out: '', err: '', code: 3 });
  });

  it('redirection errors are bash messages and the command does not run', async () => {
    const { run } = await shell();
    expect(await run('upper < missing.txt')).toEqual({
      out: '',
      err: 'bash: missing.txt: No such file or directory\n',
      code: 1,
      leave: undefined,
      incomplete: undefined,
    });
    expect(await run('echo x > /home/learner/nodir/f')).toMatchObject({
      out: '',
      err: 'bash: /home/learner/nodir/f: No such file or directory\n',
      code: 1,
    });
    expect((await run('echo x > /tmp')).err).toBe('bash: /tmp: Is a directory\n');
  });

  it('here-documents and here-strings feed stdin, expanding unless the delimiter is quoted', async () => {
    const { run } = await shell();
    expect((await run('X=world\nupper <<EOF\nhello $X\nEOF')).out).toBe('HELLO WORLD\n');
    expect((await run("upper <<'EOF'\nhello $X\nEOF")).out).toBe('HELLO $X\n');
    expect((await run('upper <<< "a b"')).out).toBe('A B\n');
  });

  it('expands variables, $(…) into separate arguments, quotes and globs', async () => {
    const { run } = await shell();
    expect((await run('args $(echo a b) "$(echo c d)"')).out).toBe('[a][b][c d]\n');
    expect((await run("V='x  y'; args $V \"$V\" '$V'")).out).toBe('[x][y][x  y][$V]\n');
    expect((await run('args ~ ~/f')).out).toBe('[/home/learner][/home/learner/f]\n');
    await run('echo > a.txt; echo > b.txt');
    expect((await run('args *.txt z*')).out).toBe('[README.txt][a.txt][b.txt][z*]\n');
    expect((await run('args /home/learner/[ab].txt')).out).toBe(
      '[/home/learner/a.txt][/home/learner/b.txt]\n',
    );
  });

  it('assignments before a command reach only that command; export and unset change the shell', async () => {
    const { run, sh } = await shell();
    expect((await run('FOO=1 env1 FOO; env1 FOO')).out).toBe('1\n(unset)\n');
    await run('export FOO=2');
    expect(sh.env.get('FOO')).toBe('2');
    await run('unset FOO');
    expect((await run('env1 FOO')).out).toBe('(unset)\n');
    expect((await run('export 1x=2')).err).toBe("bash: export: `1x=2': not a valid identifier\n");
  });

  it('cd moves the cwd (and PWD/OLDPWD); errors are bash texts', async () => {
    const { run, sh } = await shell();
    expect(await run('cd /tmp && pwd')).toMatchObject({ out: '/tmp\n', code: 0 });
    expect(sh.env.get('OLDPWD')).toBe('/home/learner');
    expect((await run('cd - ')).out).toBe('/home/learner\n');
    expect(await run('cd /nope')).toMatchObject({
      err: 'bash: cd: /nope: No such file or directory\n',
      code: 1,
    });
    expect((await run('cd /home/learner/README.txt')).err).toBe(
      'bash: cd: /home/learner/README.txt: Not a directory\n',
    );
    expect((await run('cd a b')).err).toBe('bash: cd: too many arguments\n');
    expect((await run('cd; pwd')).out).toBe('/home/learner\n');
  });

  it('subshells and $(…) do not change the shell; groups do', async () => {
    const { run, sh } = await shell();
    await run('(cd /tmp; X=1)');
    expect(sh.cwd).toBe('/home/learner');
    expect(sh.env.has('X')).toBe(false);
    await run('{ cd /tmp; X=1; }');
    expect(sh.cwd).toBe('/tmp');
    expect(sh.env.get('X')).toBe('1');
  });

  it("unknown commands exit 127 with bash's message; exit leaves with the given or last status", async () => {
    const { run } = await shell();
    expect(await run('nosuch --x')).toMatchObject({
      out: '',
      err: 'bash: nosuch: command not found\n',
      code: 127,
    });
    expect(await run('fail 9; exit')).toMatchObject({ code: 9, leave: true });
    expect(await run('exit 300')).toMatchObject({ code: 44, leave: true });
    expect(await run('exit abc')).toMatchObject({
      err: 'bash: exit: abc: numeric argument required\n',
      code: 2,
      leave: true,
    });
    expect(await run('echo a; exit 0; echo b')).toMatchObject({ out: 'a\n', leave: true });
  });

  it('an open quote is incomplete input; syntax errors are bash texts with status 2', async () => {
    const { run } = await shell();
    expect((await run("echo 'a")).incomplete).toBe(true);
    expect(await run('echo a |')).toMatchObject({ incomplete: true });
    expect(await run('echo a ;;')).toMatchObject({
      err: "bash: syntax error near unexpected token `;;'\n",
      code: 2,
    });
  });
});
