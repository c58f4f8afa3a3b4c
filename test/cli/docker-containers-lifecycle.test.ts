import { describe, expect, it } from 'vitest';
import { command as commit } from '../../src/cli/docker/commit';
import { command as prune } from '../../src/cli/docker/container-prune';
import { command as create } from '../../src/cli/docker/create';
import { command as diff } from '../../src/cli/docker/diff';
import { command as kill } from '../../src/cli/docker/kill';
import { command as logs } from '../../src/cli/docker/logs';
import { command as pause } from '../../src/cli/docker/pause';
import { command as port } from '../../src/cli/docker/port';
import { command as rename } from '../../src/cli/docker/rename';
import { command as restart } from '../../src/cli/docker/restart';
import { command as rm } from '../../src/cli/docker/rm';
import { command as run } from '../../src/cli/docker/run';
import { command as start } from '../../src/cli/docker/start';
import { command as stop } from '../../src/cli/docker/stop';
import { command as top } from '../../src/cli/docker/top';
import { command as unpause } from '../../src/cli/docker/unpause';
import { textContent } from '../../src/engine/fs/content';
import { HELLO_TEXT } from '../../src/engine/runtime/processes';
import { docker, host } from './docker-containers-harness';

async function withWeb() {
  const h = await host(['nginx', 'hello-world']);
  await docker(h.engine, run, ['-d', '--name', 'web', '-p', '8888:80', 'nginx']);
  return h;
}

describe('stop / start / restart / kill / rm', () => {
  it('stop echoes each argument as typed and reports the failures after, exit 1', async () => {
    const { engine } = await withWeb();
    const short = engine.container('web').id.slice(0, 5);
    expect(await docker(engine, stop, [short, 'nope', 'web'])).toEqual({
      code: 1,
      out: `${short}\nweb\n`,
      err: 'Error response from daemon: No such container: nope\n',
    });
    expect(engine.container('web').state).toMatchObject({ status: 'exited', exitCode: 0 });
  });

  it('start prints each started container; failures are printed, then summed up', async () => {
    const { engine } = await withWeb();
    await docker(engine, stop, ['web']);
    expect(await docker(engine, start, ['web', 'nope', 'ghost'])).toEqual({
      code: 1,
      out: 'web\n',
      err:
        'Error response from daemon: No such container: nope\n' +
        'Error response from daemon: No such container: ghost\n' +
        'Error: failed to start containers: nope, ghost\n',
    });
    expect(engine.container('web').state.status).toBe('running');
  });

  it('start -a attaches: the output of the run, then its exit status', async () => {
    const { engine } = await withWeb();
    await docker(engine, create, ['--name', 'hi', 'hello-world']);
    expect(await docker(engine, start, ['-a', 'hi'])).toEqual({ code: 0, out: HELLO_TEXT + '\n', err: '' });
  });

  it('restart and kill echo their arguments; kill leaves exit code 137', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, restart, ['web'])).toEqual({ code: 0, out: 'web\n', err: '' });
    expect(await docker(engine, kill, ['web'])).toEqual({ code: 0, out: 'web\n', err: '' });
    expect(engine.container('web').state).toMatchObject({ status: 'exited', exitCode: 137 });
    const id = engine.container('web').id;
    expect(await docker(engine, kill, ['web'])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: cannot kill container: web: container ${id} is not running\n`,
    });
  });

  it('rm refuses a running container; rm -f removes it', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, rm, ['web'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n',
    });
    expect(await docker(engine, rm, ['-f', 'web'])).toEqual({ code: 0, out: 'web\n', err: '' });
    expect(engine.listContainers(true)).toEqual([]);
  });

  it('rm -f of a missing container reports it but does not fail', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, rm, ['-f', 'nope', 'web'])).toEqual({
      code: 0,
      out: 'web\n',
      err: 'Error response from daemon: No such container: nope\n',
    });
  });

  it('an ambiguous id prefix is the daemon’s error', async () => {
    const { engine } = await withWeb();
    for (let i = 0; i < 40; i++) await docker(engine, create, ['nginx']);
    const ids = engine.listContainers(true).map((c) => c.id);
    const prefix = [...'0123456789abcdef'].find(
      (d) => ids.filter((id) => id.startsWith(d)).length > 1,
    ) as string;
    expect(await docker(engine, rm, [prefix])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: multiple IDs found with provided prefix: ${prefix}\n`,
    });
  });
});

describe('pause / unpause / rename', () => {
  it('pause and unpause echo and refuse the wrong state', async () => {
    const { engine } = await withWeb();
    const id = engine.container('web').id;
    expect(await docker(engine, pause, ['web'])).toEqual({ code: 0, out: 'web\n', err: '' });
    expect(engine.container('web').state.status).toBe('paused');
    expect(await docker(engine, pause, ['web'])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: cannot pause container ${id}: container ${id} is already paused\n`,
    });
    expect(await docker(engine, unpause, ['web'])).toEqual({ code: 0, out: 'web\n', err: '' });
    expect(await docker(engine, unpause, ['web'])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: container ${id} is not paused\n`,
    });
  });

  it('rename prints nothing; a taken name is a conflict', async () => {
    const { engine } = await withWeb();
    await docker(engine, create, ['--name', 'other', 'nginx']);
    const other = engine.container('other').id;
    expect(await docker(engine, rename, ['web', 'site'])).toEqual({ code: 0, out: '', err: '' });
    expect(engine.container('site').name).toBe('site');
    expect(await docker(engine, rename, ['site', 'other'])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: Error when allocating new name: Conflict. The container name "/other" is already in use by container "${other}". You have to remove (or rename) that container to be able to reuse that name.\n`,
    });
  });
});

describe('container prune', () => {
  it('-f removes stopped containers and prints their ids and the space', async () => {
    const { engine } = await withWeb();
    await docker(engine, run, ['--name', 'hi', 'hello-world']);
    const hi = engine.container('hi').id;
    expect(await docker(engine, prune, ['-f'])).toEqual({
      code: 0,
      out: `Deleted Containers:\n${hi}\n\nTotal reclaimed space: 0B\n`,
      err: '',
    });
    expect(engine.listContainers(true).map((c) => c.name)).toEqual(['web']);
    expect((await docker(engine, prune, ['-f'])).out).toBe('Total reclaimed space: 0B\n');
  });

  it('asks first; anything but y keeps the containers', async () => {
    const { engine } = await withWeb();
    await docker(engine, run, ['--name', 'hi', 'hello-world']);
    const warn =
      'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ';
    expect(await docker(engine, prune, [], { stdin: 'n\n' })).toEqual({ code: 0, out: warn, err: '' });
    expect(engine.listContainers(true)).toHaveLength(2);
    const r = await docker(engine, prune, [], { stdin: 'y\n' });
    expect(r.out.startsWith(warn + 'Deleted Containers:\n')).toBe(true);
    expect(engine.listContainers(true)).toHaveLength(1);
  });
});

describe('diff / commit', () => {
  it('diff lists A/C/D lines with every ancestor, sorted', async () => {
    const { engine } = await withWeb();
    await engine.changeFs('web', (u) => {
      const mtime = 1;
      u.rename('/usr/share/nginx/html/index.html', '/usr/share/nginx/html/index.html.bak');
      u.writeFile('/usr/share/nginx/html/index.html', textContent('error page\n'), { mtime });
      u.unlink('/usr/share/nginx/html/50x.html');
    });
    const r = await docker(engine, diff, ['web']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    for (const l of [
      'C /usr',
      'C /usr/share',
      'C /usr/share/nginx',
      'C /usr/share/nginx/html',
      'D /usr/share/nginx/html/50x.html',
      'C /usr/share/nginx/html/index.html',
      'A /usr/share/nginx/html/index.html.bak',
    ])
      expect(lines).toContain(l);
    expect(lines.indexOf('C /usr')).toBeLessThan(lines.indexOf('C /usr/share/nginx/html'));
    expect(await docker(engine, diff, ['nope'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: No such container: nope\n',
    });
  });

  it('commit prints sha256:<id> of a new image carrying author and message', async () => {
    const { engine } = await withWeb();
    const r = await docker(engine, commit, ['-a=xiaomotong', '-m=modify index.html', 'web', 'nginx01:1.0']);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const img = engine.image('nginx01:1.0');
    expect(img.id + '\n').toBe(r.out);
    expect(engine.inspectImage('nginx01:1.0')).toMatchObject({
      Author: 'xiaomotong',
      Comment: 'modify index.html',
    });
  });

  it('commit -c applies Dockerfile instructions; an unknown one is refused', async () => {
    const { engine } = await withWeb();
    const r = await docker(engine, commit, ['-c', 'ENV MODE=lab', '-c', 'EXPOSE 81', 'web', 'lab:1']);
    expect(r.code).toBe(0);
    expect(engine.image('lab:1').config.config.Env).toContain('MODE=lab');
    expect(await docker(engine, commit, ['-c', 'FROM x', 'web'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: from is not a valid change command\n',
    });
    expect(await docker(engine, commit, ['web', 'Bad:Name'])).toEqual({
      code: 1,
      out: '',
      err: 'invalid reference format: repository name (library/Bad) must be lowercase\n',
    });
  });
});

describe('logs / top / port', () => {
  it('logs prints the main process output; --tail and -t', async () => {
    const { engine } = await withWeb();
    const l1 =
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n';
    const l2 = '/docker-entrypoint.sh: Configuration complete; ready for start up\n';
    expect(await docker(engine, logs, ['web'])).toEqual({ code: 0, out: l1 + l2, err: '' });
    expect((await docker(engine, logs, ['--tail', '1', 'web'])).out).toBe(l2);
    expect((await docker(engine, logs, ['-n', '0', 'web'])).out).toBe('');
    expect((await docker(engine, logs, ['-t', '--tail', '1', 'web'])).out).toBe(
      `2026-11-27T09:00:00.000000000Z ${l2}`,
    );
    expect(await docker(engine, logs, ['nope'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: No such container: nope\n',
    });
  });

  it('logs -f follows until Ctrl-C', async () => {
    const { engine } = await withWeb();
    const ac = new AbortController();
    const pending = docker(engine, logs, ['-f', '--tail', '0', 'web'], { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    expect(await pending).toEqual({ code: 0, out: '', err: '' });
  });

  it('top lists the container processes in ps -ef columns', async () => {
    const { engine } = await withWeb();
    const c = engine.container('web');
    const pid = c.state.pid;
    const pad = (s: string) => s.padEnd(20);
    const row = (cells: string[]) => cells.slice(0, -1).map(pad).join('') + cells[cells.length - 1] + '\n';
    expect(await docker(engine, top, ['web'])).toEqual({
      code: 0,
      err: '',
      out:
        row(['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD']) +
        row([
          'root',
          `${pid}`,
          `${pid - 21}`,
          '0',
          '09:00',
          '?',
          '00:00:00',
          'nginx: master process nginx -g daemon off;',
        ]) +
        row(['101', `${pid + 1}`, `${pid}`, '0', '09:00', '?', '00:00:00', 'nginx: worker process']) +
        row(['101', `${pid + 2}`, `${pid}`, '0', '09:00', '?', '00:00:00', 'nginx: worker process']),
    });
    await docker(engine, stop, ['web']);
    expect((await docker(engine, top, ['web'])).err).toBe(
      `Error response from daemon: container ${c.id} is not running\n`,
    );
  });

  it('port lists the mappings, one port’s addresses, or says it is not published', async () => {
    const { engine } = await withWeb();
    expect((await docker(engine, port, ['web'])).out).toBe('80/tcp -> 0.0.0.0:8888\n80/tcp -> [::]:8888\n');
    expect((await docker(engine, port, ['web', '80/tcp'])).out).toBe('0.0.0.0:8888\n[::]:8888\n');
    expect(await docker(engine, port, ['web', '81'])).toEqual({
      code: 1,
      out: '',
      err: "Error: No public port '81/tcp' published for web\n",
    });
  });
});

describe('following', () => {
  it('logs -f prints lines written while it waits (an nginx access log line)', async () => {
    const { engine } = await withWeb();
    const ac = new AbortController();
    const pending = docker(engine, logs, ['-f', '--tail', '0', 'web'], { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 20));
    await engine.http(8888, '/');
    ac.abort();
    const r = await pending;
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^172\.17\.0\.1 - - \[.*\] "GET \/ HTTP\/1\.1" 200 \d+ "-" ".*" "-"\n$/);
  });

  it('run without -d stays attached to a server until Ctrl-C, which stops it', async () => {
    const { engine } = await withWeb();
    const ac = new AbortController();
    const pending = docker(engine, run, ['--name', 'fg', 'nginx'], { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 20));
    expect(engine.container('fg').state.status).toBe('running');
    ac.abort();
    const r = await pending;
    expect(r.out).toBe(
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf\n' +
        '/docker-entrypoint.sh: Configuration complete; ready for start up\n',
    );
    expect(r.code).toBe(0);
    expect(engine.container('fg').state.status).toBe('exited');
  });
});

describe('docker kill -s', () => {
  it('TERM stops a server cleanly; an unknown signal is refused', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, kill, ['-s', 'SIGTERM', 'web'])).toEqual({ code: 0, out: 'web\n', err: '' });
    expect(engine.container('web').state).toMatchObject({ status: 'exited', exitCode: 0 });
    await docker(engine, start, ['web']);
    expect(await docker(engine, kill, ['-s', 'BOGUS', 'web'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: Invalid signal: BOGUS\n',
    });
    expect(engine.container('web').state.status).toBe('running');
  });
});
