// stat, du, df, and what a shell asks about its machine: env, hostname, whoami, id, uname, ps, which,
// sleep, date — over a running nginx container on a seeded host with a fixed clock.

import { beforeAll, describe, expect, test } from 'vitest';
import type { Box } from './coreutils-harness';
import { box } from './coreutils-harness';

let b: Box;
let host: string;
beforeAll(async () => {
  b = await box('nginx', '/');
  await b.engine.start(b.ctr.id);
  host = b.ctr.id.slice(0, 12);
});

const ok = (out: string) => ({ out, err: '', code: 0 });

describe('stat, du, df', () => {
  test('stat of a file and of a symlink', async () => {
    const r = await b.run('stat /etc/passwd');
    expect(r.out.split('\n').slice(0, 1).concat(r.out.split('\n').slice(3))).toEqual([
      '  File: /etc/passwd',
      'Access: (0644/-rw-r--r--)  Uid: (    0/    root)   Gid: (    0/    root)',
      'Access: 2026-07-11 00:00:00.000000000 +0000',
      'Modify: 2026-07-11 00:00:00.000000000 +0000',
      'Change: 2026-07-11 00:00:00.000000000 +0000',
      ' Birth: -',
      '',
    ]);
    expect(r.out.split('\n')[1]).toBe('  Size: 839       \tBlocks: 8          IO Block: 4096   regular file');
    expect((await b.run('stat /bin')).out.split('\n').slice(0, 2)).toEqual([
      '  File: /bin -> usr/bin',
      '  Size: 7         \tBlocks: 0          IO Block: 4096   symbolic link',
    ]);
    expect(await b.run(['stat', '-c', '%n %s %a %U', '/etc/passwd'])).toEqual(
      ok('/etc/passwd 839 644 root\n'),
    );
    expect(await b.run('stat nope')).toEqual({
      out: '',
      err: "stat: cannot statx 'nope': No such file or directory\n",
      code: 1,
    });
  });

  test('du counts 4 KiB blocks; -s sums, -h is human', async () => {
    expect(await b.run('du -sh /usr/share/nginx/html')).toEqual(ok('12K\t/usr/share/nginx/html\n'));
    await b.run('mkdir -p /du/a');
    await b.run('cp /etc/passwd /du/a/p');
    expect(await b.run('du /du')).toEqual(ok('8\t/du/a\n12\t/du\n'));
    expect(await b.run('du nope')).toEqual({
      out: '',
      err: "du: cannot access 'nope': No such file or directory\n",
      code: 1,
    });
  });

  test('df -h shows the overlay root and the container mounts', async () => {
    const r = await b.run('df -h');
    expect(r.out.split('\n').map((l) => l.replace(/\s+/g, ' '))).toEqual([
      'Filesystem Size Used Avail Use% Mounted on',
      'overlay 59G 19G 38G 33% /',
      'tmpfs 64M 0 64M 0% /dev',
      'shm 64M 0 64M 0% /dev/shm',
      '/dev/sda1 59G 19G 38G 33% /etc/hosts',
      'tmpfs 3.9G 0 3.9G 0% /proc/acpi',
      'tmpfs 3.9G 0 3.9G 0% /sys/firmware',
      '',
    ]);
    expect(r.out.split('\n')[1]).toBe('overlay          59G   19G   38G  33% /');
  });
});

describe('who and where', () => {
  test('hostname, whoami, id, env', async () => {
    expect(await b.run('hostname')).toEqual(ok(`${host}\n`));
    expect(await b.run('whoami')).toEqual(ok('root\n'));
    expect(await b.run('id')).toEqual(ok('uid=0(root) gid=0(root) groups=0(root)\n'));
    expect(await b.run('id www-data')).toEqual(ok('uid=33(www-data) gid=33(www-data) groups=33(www-data)\n'));
    expect(await b.run('id bob')).toEqual({ out: '', err: "id: 'bob': no such user\n", code: 1 });
    expect((await b.run('env')).out).toBe(
      `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOME=/root\nHOSTNAME=${host}\n`,
    );
  });

  test('uname prints the host kernel from the engine settings', async () => {
    expect(await b.run('uname')).toEqual(ok('Linux\n'));
    expect(await b.run('uname -r')).toEqual(ok('6.1.0-28-amd64\n'));
    expect(await b.run('uname -a')).toEqual(
      ok(
        `Linux ${host} 6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64 GNU/Linux\n`,
      ),
    );
  });

  test('ps shows the main process as PID 1', async () => {
    expect(await b.run('ps')).toEqual(
      ok('    PID TTY          TIME CMD\n      1 ?        00:00:00 nginx\n      2 ?        00:00:00 ps\n'),
    );
    expect((await b.run('ps -ef')).out.split('\n')[1]).toBe(
      'root           1       0  0 09:00 ?        00:00:00 nginx: master process nginx -g daemon off;',
    );
  });

  test('which searches PATH for executables; exit 1 when one is missing', async () => {
    expect(await b.run('which ls nginx nope')).toEqual({
      out: '/usr/bin/ls\n/usr/sbin/nginx\n',
      err: '',
      code: 1,
    });
  });

  test('sleep moves the fixed clock; date prints it in C-locale UTC', async () => {
    const before = await b.run('date');
    expect(await b.run('sleep 2')).toEqual(ok(''));
    const after = await b.run(['date', '+%F %T']);
    expect(before.out).toMatch(/^Fri Nov 27 09:00:\d\d UTC 2026\n$/);
    expect(Number(after.out.slice(17, 19)) - Number(before.out.slice(17, 19))).toBe(2);
    expect(await b.run('sleep x')).toEqual({
      out: '',
      err: "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
      code: 1,
    });
  });
});
