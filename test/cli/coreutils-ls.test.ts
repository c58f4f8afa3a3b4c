// ls as GNU coreutils 9.1 prints it: one name a line when piped, columns and colours on a terminal
// (layout and escapes checked against the real ls on the same names), -l with owners and dates.

import { beforeAll, describe, expect, test } from 'vitest';
import { columns, lsDate } from '../../src/cli/programs/coreutils/ls';
import type { Box } from './coreutils-harness';
import { box } from './coreutils-harness';

let b: Box;
beforeAll(async () => {
  b = await box('nginx', '/etc/nginx');
});

describe('ls', () => {
  test('not on a terminal: one name per line, sorted by bytes, dotfiles hidden', async () => {
    expect(await b.run('ls /usr/share/nginx/html')).toEqual({
      out: '50x.html\nindex.html\n',
      err: '',
      code: 0,
    });
    expect((await b.run('ls -a /usr/share/nginx/html')).out).toBe('.\n..\n50x.html\nindex.html\n');
  });

  test('a missing operand is exit 2 with the quoted name; the rest is still listed', async () => {
    expect(await b.run('ls /nope /etc/hostname')).toEqual({
      out: '/etc/hostname\n',
      err: "ls: cannot access '/nope': No such file or directory\n",
      code: 2,
    });
  });

  test('on a terminal: columns by the terminal width, dirs blue bold, symlinks cyan, executables green', async () => {
    const r = await b.run('ls /', { tty: true, columns: 80 });
    const E = '\x1b[';
    expect(r.out).toBe(
      `${E}0m${E}01;36mbin${E}0m   ${E}01;34mdocker-entrypoint.d${E}0m   ${E}01;34mhome${E}0m   ${E}01;34mmedia${E}0m  ${E}01;34mproc${E}0m  ${E}01;36msbin${E}0m  ${E}30;42mtmp${E}0m\n` +
        `${E}01;34mboot${E}0m  ${E}01;32mdocker-entrypoint.sh${E}0m  ${E}01;36mlib${E}0m    ${E}01;34mmnt${E}0m    ${E}01;34mroot${E}0m  ${E}01;34msrv${E}0m   ${E}01;34musr${E}0m\n` +
        `${E}01;34mdev${E}0m   ${E}01;34metc${E}0m                   ${E}01;36mlib64${E}0m  ${E}01;34mopt${E}0m    ${E}01;34mrun${E}0m   ${E}01;34msys${E}0m   ${E}01;34mvar${E}0m\n`,
    );
  });

  test('-l: mode, links, owner and group names, size, date, symlink targets; total in KiB', async () => {
    await b.run('mkdir /l');
    await b.run('ln -s /etc/nginx/nginx.conf /l/conf');
    await b.run('mkdir /l/sub');
    expect((await b.run('ls -l /l')).out).toBe(
      'total 4\nlrwxrwxrwx 1 root root   21 Nov 27 09:00 conf -> /etc/nginx/nginx.conf\n' +
        'drwxr-xr-x 2 root root 4096 Nov 27 09:00 sub\n',
    );
    expect((await b.run('ls -la /l')).out.split('\n').slice(0, 3)).toEqual([
      'total 12',
      'drwxr-xr-x  3 root root 4096 Nov 27 09:00 .',
      'drwxr-xr-x 19 root root 4096 Nov 27 09:00 ..',
    ]);
    expect((await b.run('ls -ld /tmp /bin')).out).toBe(
      'lrwxrwxrwx 1 root root    7 Jul 11 00:00 /bin -> usr/bin\ndrwxrwxrwt 2 root root 4096 Jul 11 00:00 /tmp\n',
    );
    expect((await b.run('ls -lh /usr/share/nginx/html')).out).toBe(
      'total 8.0K\n-rw-r--r-- 1 root root 575 Nov 20 02:01 50x.html\n-rw-r--r-- 1 root root 885 Nov 20 02:01 index.html\n',
    );
  });

  test('-R walks subdirectories with a header each, blank lines between', async () => {
    await b.run('mkdir -p /t/a/b');
    await b.run('touch /t/a/f /t/g');
    expect((await b.run('ls -R /t')).out).toBe('/t:\na\ng\n\n/t/a:\nb\nf\n\n/t/a/b:\n');
  });

  test('several operands: files first, then each directory under its name; relative to the cwd', async () => {
    expect((await b.run('ls conf.d nginx.conf')).out).toBe('nginx.conf\n\nconf.d:\ndefault.conf\n');
  });
});

describe('ls helpers', () => {
  test('dates: time of day within six months, the year otherwise', () => {
    const now = Date.UTC(2026, 10, 27, 9, 0) / 1000;
    expect(lsDate(now, now)).toBe('Nov 27 09:00');
    expect(lsDate(Date.UTC(2026, 6, 1, 12, 5) / 1000, now)).toBe('Jul  1 12:05');
    expect(lsDate(Date.UTC(2025, 3, 18) / 1000, now)).toBe('Apr 18  2025');
  });

  test('columns fill down first and need the whole width strictly under the line', () => {
    expect(columns([3, 3, 3, 3], 20)).toEqual([
      [
        [0, 2],
        [1, 2],
        [2, 2],
        [3, 0],
      ],
    ]);
    // 4 + 2 + 4 + 2 + 4 + 2 + 4 = 22 is not < 22: two rows of two.
    expect(columns([4, 4, 4, 4], 22)).toEqual([
      [
        [0, 2],
        [2, 0],
      ],
      [
        [1, 2],
        [3, 0],
      ],
    ]);
  });
});
