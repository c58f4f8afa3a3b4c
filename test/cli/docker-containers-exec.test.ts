import { describe, expect, it } from 'vitest';
import { command as exec, lookPath } from '../../src/cli/docker/exec';
import { command as run } from '../../src/cli/docker/run';
import { command as stop } from '../../src/cli/docker/stop';
import { command as pause } from '../../src/cli/docker/pause';
import { docker, host } from './docker-containers-harness';

const OCI = 'OCI runtime exec failed: exec failed: unable to start container process: ';

async function withWeb() {
  const h = await host(['nginx', 'alpine']);
  await docker(h.engine, run, ['-d', '--name', 'web', '-p', '8888:80', 'nginx']);
  await docker(h.engine, run, ['-d', '--name', 'alp', 'alpine', 'sleep', '1000']);
  return h;
}

describe('docker exec', () => {
  it('without -it runs the command and prints its output', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, exec, ['web', 'ls', '/usr/share/nginx/html'])).toEqual({
      code: 0,
      out: '50x.html\nindex.html\n',
      err: '',
    });
  });

  it('-w sets the working directory of the command', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, exec, ['-w', '/usr/share/nginx/html', 'web', 'ls'])).toEqual({
      code: 0,
      out: '50x.html\nindex.html\n',
      err: '',
    });
  });

  it('-it bash opens a shell session in the container', async () => {
    const { engine } = await withWeb();
    const r = await docker(engine, exec, ['-it', 'web', '/bin/bash']);
    const id = engine.container('web').id.slice(0, 12);
    expect(r.code).toBe(0);
    expect(r.out + r.err).toBe('');
    expect(r.result?.enter?.kind).toBe('container');
    expect(r.result?.enter?.prompt()).toBe(`root@${id}:/# `);
  });

  it('an unknown container wins over everything else', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, exec, ['-it', 'nope', 'bash'])).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: No such container: nope\n',
    });
  });

  it('a stopped container: container <id> is not running', async () => {
    const { engine } = await withWeb();
    await docker(engine, stop, ['web']);
    const id = engine.container('web').id;
    expect(await docker(engine, exec, ['-it', 'web', 'nosuchprogram'])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: container ${id} is not running\n`,
    });
  });

  it('a paused container must be unpaused first', async () => {
    const { engine } = await withWeb();
    await docker(engine, pause, ['web']);
    const id = engine.container('web').id;
    expect((await docker(engine, exec, ['web', 'ls'])).err).toBe(
      `Error response from daemon: container ${id} is paused, unpause the container before exec\n`,
    );
  });

  it('bash in an image without bash fails as runc does: the message on stdout, status 126', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, exec, ['-it', 'alp', 'bash'])).toEqual({
      code: 126,
      out: `${OCI}exec: "bash": executable file not found in $PATH: unknown\n`,
      err: '',
    });
    expect(await docker(engine, exec, ['-it', 'alp', '/bin/bash'])).toEqual({
      code: 126,
      out: `${OCI}exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown\n`,
      err: '',
    });
  });

  it('sh exists in alpine: -it sh enters a session', async () => {
    const { engine } = await withWeb();
    const r = await docker(engine, exec, ['-it', 'alp', 'sh']);
    expect(r.code).toBe(0);
    expect(r.result?.enter?.kind).toBe('container');
  });

  it('-d runs in the background and prints nothing', async () => {
    const { engine } = await withWeb();
    expect(await docker(engine, exec, ['-d', 'web', 'ls'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('needs a container and a command', async () => {
    const { engine } = await withWeb();
    const r = await docker(engine, exec, ['web']);
    expect(r.code).toBe(1);
    expect(
      r.err.startsWith(`"docker exec" requires at least 2 arguments.\nSee 'docker exec --help'.\n`),
    ).toBe(true);
  });

  it('lookPath follows the container PATH and symlinked directories', async () => {
    const { engine } = await withWeb();
    const view = engine.container('web').upper.view();
    const env = engine.container('web').config.Env ?? [];
    expect(lookPath(view, 'nginx', env, '/')).toBe('/usr/sbin/nginx');
    expect(lookPath(view, 'bash', env, '/')).toBe('/usr/bin/bash');
    expect(lookPath(view, 'nope', env, '/')).toEqual({
      error: 'exec: "nope": executable file not found in $PATH',
    });
  });
});
