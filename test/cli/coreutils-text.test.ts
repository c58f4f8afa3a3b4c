// echo/printf (bash builtins), cat, head, tail, wc, grep, sort, find: outputs and errors as bash 5.2,
// GNU coreutils 9.1, grep 3.8 and findutils 4.9 print them.

import { beforeAll, describe, expect, test } from 'vitest';
import type { Box } from './coreutils-harness';
import { box } from './coreutils-harness';

let b: Box;
beforeAll(async () => {
  b = await box('nginx', '/etc/nginx');
});

const ok = (out: string) => ({ out, err: '', code: 0 });

describe('echo and printf', () => {
  test('echo joins with spaces; -n drops the newline; -e reads escapes', async () => {
    expect(await b.run(['echo', 'hi', 'there'])).toEqual(ok('hi there\n'));
    expect(await b.run(['echo', '-n', 'x'])).toEqual(ok('x'));
    expect(await b.run(['echo', '-e', 'a\\tb\\c', 'ignored'])).toEqual(ok('a\tb'));
    expect(await b.run(['echo', '-x'])).toEqual(ok('-x\n'));
  });

  test('printf: widths, flags, %q, reuse of the format, bad numbers', async () => {
    expect(
      await b.run(['printf', '%5s|%-3d|%x|%03d|%.2f|%q\\n', 'ab', '7', '255', '5', '3.14159', 'a b']),
    ).toEqual(ok('   ab|7  |ff|005|3.14|a\\ b\n'));
    expect(await b.run(['printf', '%s %s\\n', 'a', 'b', 'c'])).toEqual(ok('a b\nc \n'));
    expect(await b.run(['printf', '%d\\n', 'x'])).toEqual({
      out: '0\n',
      err: 'bash: printf: x: invalid number\n',
      code: 1,
    });
  });
});

describe('cat, head, tail', () => {
  test('cat of files and errors', async () => {
    expect(await b.run('cat /etc/hostname')).toEqual(ok(`${b.ctr.id.slice(0, 12)}\n`));
    expect(await b.run('cat nope')).toEqual({
      out: '',
      err: 'cat: nope: No such file or directory\n',
      code: 1,
    });
    expect(await b.run('cat conf.d')).toEqual({ out: '', err: 'cat: conf.d: Is a directory\n', code: 1 });
    expect(await b.run('cat', { stdin: 'piped\n' })).toEqual(ok('piped\n'));
    expect(await b.run('cat -nE', { stdin: 'a\nb\n' })).toEqual(ok('     1\ta$\n     2\tb$\n'));
  });

  test('head and tail: counts, +N, headers for several files, errors', async () => {
    expect(await b.run('head -n 2 /etc/passwd')).toEqual(
      ok('root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'),
    );
    expect(await b.run('tail -1 /etc/passwd')).toEqual(
      ok('nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n'),
    );
    expect(await b.run('tail -n +3', { stdin: '1\n2\n3\n4\n' })).toEqual(ok('3\n4\n'));
    expect(await b.run('head -c 3', { stdin: 'abcdef' })).toEqual(ok('abc'));
    expect((await b.run('head -n 1 /etc/hostname /etc/hosts')).out).toBe(
      `==> /etc/hostname <==\n${b.ctr.id.slice(0, 12)}\n\n==> /etc/hosts <==\n127.0.0.1\tlocalhost\n`,
    );
    expect((await b.run('head nope')).err).toBe(
      "head: cannot open 'nope' for reading: No such file or directory\n",
    );
    expect((await b.run('tail nope')).err).toBe(
      "tail: cannot open 'nope' for reading: No such file or directory\n",
    );
    expect((await b.run('head conf.d')).err).toBe("head: error reading 'conf.d': Is a directory\n");
  });
});

describe('wc and sort', () => {
  test('wc widths: one count of one input is bare; several files share the width of the total size', async () => {
    expect(await b.run('wc -l', { stdin: 'a\nb\n' })).toEqual(ok('2\n'));
    expect(await b.run('wc', { stdin: 'hi\n' })).toEqual(ok('      1       1       3\n'));
    expect(await b.run('wc /etc/passwd /etc/group')).toEqual(
      ok('  18   20  839 /etc/passwd\n  38   38  434 /etc/group\n  56   58 1273 total\n'),
    );
    expect(await b.run('wc nope')).toEqual({
      out: '',
      err: 'wc: nope: No such file or directory\n',
      code: 1,
    });
  });

  test('sort: bytes order, -r, -n, -u, and a missing file', async () => {
    expect(await b.run('sort', { stdin: 'b\nB\na\n' })).toEqual(ok('B\na\nb\n'));
    expect(await b.run('sort -r', { stdin: 'b\na\nc\n' })).toEqual(ok('c\nb\na\n'));
    expect(await b.run('sort -n', { stdin: '10\n9\n1\n' })).toEqual(ok('1\n9\n10\n'));
    expect(await b.run('sort -u', { stdin: 'a\nb\na\n' })).toEqual(ok('a\nb\n'));
    expect(await b.run('sort nope')).toEqual({
      out: '',
      err: 'sort: cannot read: nope: No such file or directory\n',
      code: 2,
    });
  });
});

describe('grep', () => {
  test('matches, -c, -n, -i, -v, several files, and exit codes 0/1/2', async () => {
    expect(await b.run('grep www /etc/passwd')).toEqual(
      ok('www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n'),
    );
    expect(await b.run('grep -n www /etc/passwd')).toEqual(
      ok('13:www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n'),
    );
    expect(await b.run('grep -c nologin /etc/passwd')).toEqual(ok('16\n'));
    expect(await b.run('grep -i ROOT /etc/passwd /etc/group')).toEqual(
      ok('/etc/passwd:root:x:0:0:root:/root:/bin/bash\n/etc/group:root:x:0:\n'),
    );
    expect(await b.run('grep -v a', { stdin: 'a\nb\n' })).toEqual(ok('b\n'));
    expect(await b.run('grep zzz /etc/passwd')).toEqual({ out: '', err: '', code: 1 });
    expect(await b.run('grep a nope')).toEqual({
      out: '',
      err: 'grep: nope: No such file or directory\n',
      code: 2,
    });
    expect(await b.run('grep')).toEqual({
      out: '',
      err: "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      code: 2,
    });
  });

  test('-r names files under the directory; BRE treats + as a literal, -E as an operator', async () => {
    expect(await b.run('grep -r listen conf.d')).toEqual(ok('conf.d/default.conf:    listen       80;\n'));
    expect(await b.run('grep a+', { stdin: 'aa\na+\n' })).toEqual(ok('a+\n'));
    expect(await b.run('grep -E a+', { stdin: 'aa\nb\n' })).toEqual(ok('aa\n'));
  });
});

describe('find', () => {
  test('-name and -type over the merged view, relative names kept', async () => {
    expect(await b.run(['find', '.', '-name', '*.conf', '-type', 'f', '-maxdepth', '1'])).toEqual(
      ok('./fastcgi.conf\n./nginx.conf\n'),
    );
    expect(await b.run(['find', 'conf.d'])).toEqual(ok('conf.d\nconf.d/default.conf\n'));
    expect(await b.run('find nope')).toEqual({
      out: '',
      err: "find: 'nope': No such file or directory\n",
      code: 1,
    });
    expect(await b.run('find . -foo')).toEqual({ out: '', err: "find: unknown predicate `-foo'\n", code: 1 });
  });

  test('a file removed in the container is gone from find; one created there appears', async () => {
    await b.run('rm conf.d/default.conf');
    await b.run('touch conf.d/site.conf');
    expect(await b.run('find conf.d')).toEqual(ok('conf.d\nconf.d/site.conf\n'));
  });
});
