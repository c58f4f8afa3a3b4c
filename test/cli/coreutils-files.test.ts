// The commands that change a container's filesystem: outputs and errors as GNU coreutils 9.1 prints
// them, and every change landing in the container's writable layer (copy-up, whiteouts).

import { beforeEach, describe, expect, test } from 'vitest';
import type { Box } from './coreutils-harness';
import { box } from './coreutils-harness';

const HTML = '/usr/share/nginx/html';
let b: Box;
beforeEach(async () => {
  b = await box('nginx', HTML);
});

describe('the walkthrough inside nginx', () => {
  test('ls on a terminal lists the html dir in columns', async () => {
    expect(await b.run('ls', { tty: true })).toEqual({ out: '50x.html  index.html\n', err: '', code: 0 });
  });

  test('two renames in a lower directory give exactly the docker diff of the walkthrough', async () => {
    expect(await b.run('mv index.html index.html.bak')).toEqual({ out: '', err: '', code: 0 });
    expect(await b.run('mv 50x.html index.html')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.diff()).toEqual([
      { kind: 'C', path: '/usr' },
      { kind: 'C', path: '/usr/share' },
      { kind: 'C', path: '/usr/share/nginx' },
      { kind: 'C', path: HTML },
      { kind: 'D', path: `${HTML}/50x.html` },
      { kind: 'C', path: `${HTML}/index.html` },
      { kind: 'A', path: `${HTML}/index.html.bak` },
    ]);
    expect(b.events.filter((e) => e.type === 'copy-up').map((e) => e.path)).toEqual([
      '/usr',
      '/usr/share',
      '/usr/share/nginx',
      HTML,
      `${HTML}/index.html`,
      `${HTML}/50x.html`,
    ]);
    expect((await b.run('cat index.html')).out).toContain('<title>Error</title>');
  });
});

describe('mv', () => {
  test('mv of a directory from an image layer falls back to copy + remove (EXDEV), leaving a whiteout', async () => {
    expect(await b.run('mv /usr/share/nginx/html /srv/site')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.get(HTML)?.type).toBe('whiteout');
    expect(b.ctr.upper.get('/srv/site/index.html')?.type).toBe('file');
    expect(b.events.map((e) => `${e.type} ${e.path}`)).toContain(`whiteout ${HTML}`);
    expect((await b.run('ls /srv/site')).out).toBe('50x.html\nindex.html\n');
    // The copy keeps the files' attributes, as GNU mv does across devices.
    expect((await b.run('ls -l /srv/site')).out).toBe(
      'total 8\n-rw-r--r-- 1 root root 575 Nov 20 02:01 50x.html\n-rw-r--r-- 1 root root 885 Nov 20 02:01 index.html\n',
    );
  });

  test('mv of a missing file', async () => {
    expect(await b.run('mv nope x')).toEqual({
      out: '',
      err: "mv: cannot stat 'nope': No such file or directory\n",
      code: 1,
    });
  });

  test('mv into itself, onto itself, and without operands', async () => {
    await b.run('mkdir /d');
    expect((await b.run('mv /d /d/x')).err).toBe(
      "mv: cannot move '/d' to a subdirectory of itself, '/d/x'\n",
    );
    expect((await b.run('mv index.html index.html')).err).toBe(
      "mv: 'index.html' and 'index.html' are the same file\n",
    );
    expect(await b.run('mv')).toEqual({
      out: '',
      err: "mv: missing file operand\nTry 'mv --help' for more information.\n",
      code: 1,
    });
    expect((await b.run('mv a')).err).toBe(
      "mv: missing destination file operand after 'a'\nTry 'mv --help' for more information.\n",
    );
  });

  test('mv into an existing directory keeps the name', async () => {
    await b.run('mkdir /d');
    await b.run('mv index.html /d');
    expect((await b.run('ls /d')).out).toBe('index.html\n');
    expect(b.ctr.upper.get(`${HTML}/index.html`)?.type).toBe('whiteout');
  });
});

describe('rm and rmdir', () => {
  test('rm of a lower file writes a whiteout', async () => {
    expect(await b.run('rm index.html')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.get(`${HTML}/index.html`)?.type).toBe('whiteout');
    expect(b.events.at(-1)).toEqual({ type: 'whiteout', path: `${HTML}/index.html` });
  });

  test('rm of a directory without -r, a missing file, and -f', async () => {
    expect(await b.run('rm /etc')).toEqual({
      out: '',
      err: "rm: cannot remove '/etc': Is a directory\n",
      code: 1,
    });
    expect(await b.run('rm nope')).toEqual({
      out: '',
      err: "rm: cannot remove 'nope': No such file or directory\n",
      code: 1,
    });
    expect(await b.run('rm -f nope')).toEqual({ out: '', err: '', code: 0 });
    expect(await b.run('rm')).toEqual({
      out: '',
      err: "rm: missing operand\nTry 'rm --help' for more information.\n",
      code: 1,
    });
  });

  test('rm -rf of a lower directory hides it with one whiteout', async () => {
    expect(await b.run('rm -rf /etc/nginx')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.get('/etc/nginx')?.type).toBe('whiteout');
    expect(b.ctr.upper.get('/etc/nginx/nginx.conf')).toBeUndefined();
    expect((await b.run('ls /etc/nginx')).err).toBe(
      "ls: cannot access '/etc/nginx': No such file or directory\n",
    );
  });

  test('rm -r refuses / and .', async () => {
    expect((await b.run('rm -rf /')).err).toBe(
      "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n",
    );
    expect((await b.run('rm -r .')).err).toBe("rm: refusing to remove '.' or '..' directory: skipping '.'\n");
  });

  test('rmdir of a file, a missing dir, a non-empty dir, and an empty one', async () => {
    expect((await b.run('rmdir index.html')).err).toBe(
      "rmdir: failed to remove 'index.html': Not a directory\n",
    );
    expect((await b.run('rmdir nope')).err).toBe(
      "rmdir: failed to remove 'nope': No such file or directory\n",
    );
    expect((await b.run('rmdir /etc')).err).toBe("rmdir: failed to remove '/etc': Directory not empty\n");
    expect(await b.run('rmdir /mnt')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.get('/mnt')?.type).toBe('whiteout');
  });
});

describe('mkdir and touch', () => {
  test('mkdir, again, and -p through new parents', async () => {
    expect(await b.run('mkdir /data')).toEqual({ out: '', err: '', code: 0 });
    expect(await b.run('mkdir /data')).toEqual({
      out: '',
      err: "mkdir: cannot create directory '/data': File exists\n",
      code: 1,
    });
    expect((await b.run('mkdir /a/b/c')).err).toBe(
      "mkdir: cannot create directory '/a/b/c': No such file or directory\n",
    );
    expect(await b.run('mkdir -p /a/b/c')).toEqual({ out: '', err: '', code: 0 });
    expect(await b.run('mkdir -p /a/b/c')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.get('/a/b/c')).toEqual({
      type: 'dir',
      mode: 0o755,
      uid: 0,
      gid: 0,
      mtime: b.engine.platform.clock.now() / 1000,
    });
  });

  test('touch of a lower file copies it up; of a new name creates an empty file', async () => {
    b.clock.advance(60_000);
    expect(await b.run('touch index.html new.txt')).toEqual({ out: '', err: '', code: 0 });
    expect(b.events.filter((e) => e.type === 'copy-up').at(-1)).toEqual({
      type: 'copy-up',
      path: `${HTML}/index.html`,
      fromLayer: 1,
      bytes: 885,
    });
    expect((await b.run('ls -l')).out).toBe(
      'total 8\n' +
        '-rw-r--r-- 1 root root 575 Nov 20 02:01 50x.html\n' +
        '-rw-r--r-- 1 root root 885 Nov 27 09:01 index.html\n' +
        '-rw-r--r-- 1 root root   0 Nov 27 09:01 new.txt\n',
    );
    expect((await b.run('touch /nope/x')).err).toBe(
      "touch: cannot touch '/nope/x': No such file or directory\n",
    );
  });
});

describe('cp and ln', () => {
  test('cp of a lower file makes a new file in the upper; -r copies a tree', async () => {
    expect(await b.run('cp index.html /root/copy.html')).toEqual({ out: '', err: '', code: 0 });
    expect(b.ctr.upper.get('/root/copy.html')?.type).toBe('file');
    expect((await b.run('cp /etc/nginx /tmp')).err).toBe(
      "cp: -r not specified; omitting directory '/etc/nginx'\n",
    );
    expect(await b.run('cp -r /etc/nginx /tmp')).toEqual({ out: '', err: '', code: 0 });
    expect((await b.run('ls /tmp/nginx/conf.d')).out).toBe('default.conf\n');
    expect((await b.run('cp nope x')).err).toBe("cp: cannot stat 'nope': No such file or directory\n");
    expect((await b.run('cp -r /etc /etc/x')).err).toBe(
      "cp: cannot copy a directory, '/etc', into itself, '/etc/x'\n",
    );
  });

  test('ln -s makes a symlink that ls -l shows; a second time it exists', async () => {
    expect(await b.run('ln -s /etc/nginx/nginx.conf conf')).toEqual({ out: '', err: '', code: 0 });
    expect((await b.run('ls -l conf')).out).toBe(
      'lrwxrwxrwx 1 root root 21 Nov 27 09:00 conf -> /etc/nginx/nginx.conf\n',
    );
    expect((await b.run('head -n 1 conf')).out).toBe('user www-data;\n');
    expect((await b.run('ln -s x conf')).err).toBe(
      "ln: failed to create symbolic link 'conf': File exists\n",
    );
    expect((await b.run('ln index.html 50x.html')).err).toBe(
      "ln: failed to create hard link '50x.html': File exists\n",
    );
    expect((await b.run('ln /etc e')).err).toBe('ln: /etc: hard link not allowed for directory\n');
  });
});

describe('chmod and chown', () => {
  test('chmod of a lower file copies it up and changes only the mode', async () => {
    expect(await b.run('chmod 600 index.html')).toEqual({ out: '', err: '', code: 0 });
    expect(b.events.some((e) => e.type === 'copy-up' && e.path === `${HTML}/index.html`)).toBe(true);
    expect(await b.run('chmod u+x,go-r 50x.html')).toEqual({ out: '', err: '', code: 0 });
    expect((await b.run('ls -l')).out).toBe(
      'total 8\n-rwx------ 1 root root 575 Nov 20 02:01 50x.html\n-rw------- 1 root root 885 Nov 20 02:01 index.html\n',
    );
    expect((await b.run('chmod 7')).err).toBe(
      "chmod: missing operand after '7'\nTry 'chmod --help' for more information.\n",
    );
    expect((await b.run('chmod zz x')).err).toBe(
      "chmod: invalid mode: 'zz'\nTry 'chmod --help' for more information.\n",
    );
    expect((await b.run('chmod 644 nope')).err).toBe(
      "chmod: cannot access 'nope': No such file or directory\n",
    );
  });

  test('chown by name from the image /etc/passwd; unknown users refused', async () => {
    expect(await b.run('chown www-data:www-data index.html')).toEqual({ out: '', err: '', code: 0 });
    expect((await b.run('ls -l index.html')).out).toBe(
      '-rw-r--r-- 1 www-data www-data 885 Nov 20 02:01 index.html\n',
    );
    expect(await b.run('chown 4242 50x.html')).toEqual({ out: '', err: '', code: 0 });
    expect((await b.run('ls -l 50x.html')).out).toBe('-rw-r--r-- 1 4242 root 575 Nov 20 02:01 50x.html\n');
    expect((await b.run('chown bob x')).err).toBe("chown: invalid user: 'bob'\n");
    expect((await b.run('chown root:bob x')).err).toBe("chown: invalid group: 'root:bob'\n");
  });
});

test('the empty name is no file at all', async () => {
  expect((await b.run(['ls', ''])).err).toBe("ls: cannot access '': No such file or directory\n");
  expect((await b.run(['touch', ''])).err).toBe("touch: cannot touch '': No such file or directory\n");
  expect((await b.run(['mkdir', ''])).err).toBe(
    "mkdir: cannot create directory '': No such file or directory\n",
  );
  expect((await b.run(['cat', ''])).err).toBe("cat: '': No such file or directory\n");
  expect(b.events).toEqual([]);
});

test('mkdir -pv names each directory it makes as typed; mv -v and rm -v say what they did', async () => {
  expect(await b.run('mkdir -pv q/w')).toEqual({
    out: "mkdir: created directory 'q'\nmkdir: created directory 'q/w'\n",
    err: '',
    code: 0,
  });
  expect((await b.run('mv -v q/w q/e')).out).toBe("renamed 'q/w' -> 'q/e'\n");
  expect((await b.run('rm -v index.html')).out).toBe("removed 'index.html'\n");
});

test('mkdir -p through a file names the file that is in the way', async () => {
  expect(await b.run('mkdir -p index.html/x/y')).toEqual({
    out: '',
    err: "mkdir: cannot create directory 'index.html': Not a directory\n",
    code: 1,
  });
  expect((await b.run('mkdir -p index.html')).err).toBe(
    "mkdir: cannot create directory 'index.html': File exists\n",
  );
});
