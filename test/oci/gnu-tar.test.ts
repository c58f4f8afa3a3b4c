import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/engine/fs/entry';
import { tarBytes } from '../../src/engine/oci/tar';
import { dir, file, hardlink, symlink, whiteout } from './helpers';

const T = 1_700_000_000; // 2023-11-14 22:13:20 UTC
const work = mkdtempSync(join(tmpdir(), 'oci-gnu-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const longDir = `/${'d'.repeat(70)}`;
const longName = `${longDir}/${'f'.repeat(110)}.txt`;
const layer: [string, Entry][] = [
  ['/etc', dir({ mtime: T })],
  ['/etc/hostname', file('box\n', { mtime: T })],
  ['/etc/old.conf', whiteout({ mtime: T })],
  ['/var', dir({ mtime: T }, true)],
  ['/var/cache', dir({ mtime: T, uid: 1000, gid: 1000 })],
  ['/bin', dir({ mtime: T })],
  ['/bin/sh', symlink('dash', { mtime: T })],
  ['/bin/dash', file('#!dash', { mode: 0o755, mtime: T })],
  ['/bin/rdash', hardlink('/bin/dash', { mode: 0o755, mtime: T })],
  [longDir, dir({ mtime: T })],
  [longName, file('long', { mtime: T })],
  ['/文档', dir({ mtime: T })],
  ['/文档/说明.txt', file('你好', { mtime: T })],
];

function gnuTar(args: string[]): string {
  return execFileSync('/usr/bin/tar', args, {
    env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' },
    encoding: 'utf8',
  });
}

describe('GNU tar reads what the writer writes', () => {
  const path = join(work, 'layer.tar');
  writeFileSync(path, tarBytes(layer));

  it('tar -tvf prints the exact listing', () => {
    const f = 'f'.repeat(110);
    const d = 'd'.repeat(70);
    expect(gnuTar(['-tvf', path]).split('\n')).toEqual([
      'drwxr-xr-x 0/0               0 2023-11-14 22:13 bin/',
      '-rwxr-xr-x 0/0               6 2023-11-14 22:13 bin/dash',
      'hrwxr-xr-x 0/0               0 2023-11-14 22:13 bin/rdash link to bin/dash',
      'lrwxrwxrwx 0/0               0 2023-11-14 22:13 bin/sh -> dash',
      `drwxr-xr-x 0/0               0 2023-11-14 22:13 ${d}/`,
      `-rw-r--r-- 0/0               4 2023-11-14 22:13 ${d}/${f}.txt`,
      'drwxr-xr-x 0/0               0 2023-11-14 22:13 etc/',
      '-rw-r--r-- 0/0               4 2023-11-14 22:13 etc/hostname',
      '-rw------- 0/0               0 2023-11-14 22:13 etc/.wh.old.conf',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13 var/',
      '-rwxr-xr-x 0/0               0 1970-01-01 00:00 var/.wh..wh..opq',
      'drwxr-xr-x 1000/1000         0 2023-11-14 22:13 var/cache/',
      'drwxr-xr-x 0/0               0 2023-11-14 22:13 文档/',
      '-rw-r--r-- 0/0               6 2023-11-14 22:13 文档/说明.txt',
      '',
    ]);
  });

  it('tar -x restores contents, links and long names', () => {
    const out = join(work, 'x');
    mkdirSync(out);
    gnuTar(['-xf', path, '-C', out]);
    expect(readFileSync(join(out, longName), 'utf8')).toBe('long');
    expect(readFileSync(join(out, '文档/说明.txt'), 'utf8')).toBe('你好');
    expect(readlinkSync(join(out, 'bin/sh'))).toBe('dash');
    expect(statSync(join(out, 'bin/rdash')).ino).toBe(statSync(join(out, 'bin/dash')).ino);
    expect(readFileSync(join(out, 'etc/.wh.old.conf')).length).toBe(0);
  });
});
