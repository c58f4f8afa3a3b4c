import { describe, expect, it } from 'vitest';
import { command as ps, displayablePorts, ellipsis } from '../../src/cli/docker/ps';
import { command as run } from '../../src/cli/docker/run';
import { command as pause } from '../../src/cli/docker/pause';
import { command as create } from '../../src/cli/docker/create';
import { docker, host } from './docker-containers-harness';

/** nginx `web` published on 8888, a stopped hello-world, a created-only nginx and a paused alpine. */
async function busyHost() {
  const h = await host(['nginx', 'hello-world', 'alpine']);
  const { engine, clock } = h;
  await docker(engine, run, ['--name', 'hello', 'hello-world']);
  clock.advance(3 * 60_000);
  await docker(engine, run, ['-d', '--name', 'web', '-p', '8888:80', 'nginx']);
  clock.advance(30_000);
  await docker(engine, create, ['--name', 'idle', 'nginx']);
  clock.advance(10_000);
  await docker(engine, run, ['-d', '--name', 'nap', 'alpine', 'sleep', '1d']);
  await docker(engine, pause, ['nap']);
  clock.advance(5_000);
  const id = (n: string) => engine.container(n).id.slice(0, 12);
  return { ...h, id };
}

describe('docker ps', () => {
  it('shows running and paused containers, newest first, with docker’s columns', async () => {
    const { engine, id } = await busyHost();
    const r = await docker(engine, ps, []);
    expect(r).toEqual({
      code: 0,
      err: '',
      out:
        'CONTAINER ID   IMAGE     COMMAND                  CREATED          STATUS                  PORTS                                     NAMES\n' +
        `${id('nap')}   alpine    "sleep 1d"               5 seconds ago    Up 5 seconds (Paused)                                             nap\n` +
        `${id('web')}   nginx     "/docker-entrypoint.…"   45 seconds ago   Up 45 seconds           0.0.0.0:8888->80/tcp, [::]:8888->80/tcp   web\n`,
    });
  });

  it('-a adds created and exited containers with their status', async () => {
    const { engine, id } = await busyHost();
    const r = await docker(engine, ps, ['-a']);
    expect(r.out).toBe(
      'CONTAINER ID   IMAGE         COMMAND                  CREATED          STATUS                     PORTS                                     NAMES\n' +
        `${id('nap')}   alpine        "sleep 1d"               5 seconds ago    Up 5 seconds (Paused)                                                nap\n` +
        `${id('idle')}   nginx         "/docker-entrypoint.…"   15 seconds ago   Created                                                              idle\n` +
        `${id('web')}   nginx         "/docker-entrypoint.…"   45 seconds ago   Up 45 seconds              0.0.0.0:8888->80/tcp, [::]:8888->80/tcp   web\n` +
        `${id('hello')}   hello-world   "/hello"                 3 minutes ago    Exited (0) 3 minutes ago                                             hello\n`,
    );
  });

  it('filters by name, status and ancestor; an unknown filter is the daemon’s error', async () => {
    const { engine, id } = await busyHost();
    expect((await docker(engine, ps, ['-q', '-f', 'name=we'])).out).toBe(`${id('web')}\n`);
    expect((await docker(engine, ps, ['-q', '-f', 'status=exited'])).out).toBe(`${id('hello')}\n`);
    expect((await docker(engine, ps, ['-aq', '--filter', 'ancestor=nginx'])).out).toBe(
      `${id('idle')}\n${id('web')}\n`,
    );
    expect(await docker(engine, ps, ['-f', 'colour=red'])).toEqual({
      code: 1,
      out: '',
      err: "Error response from daemon: invalid filter 'colour'\n",
    });
  });

  it('-q prints short ids only; -aq all of them; --no-trunc the full ids', async () => {
    const { engine, id } = await busyHost();
    expect((await docker(engine, ps, ['-q'])).out).toBe(`${id('nap')}\n${id('web')}\n`);
    expect((await docker(engine, ps, ['-aq'])).out).toBe(
      `${id('nap')}\n${id('idle')}\n${id('web')}\n${id('hello')}\n`,
    );
    const full = engine.container('web').id;
    expect((await docker(engine, ps, ['-q', '--no-trunc', '-f', 'name=web'])).out).toBe(full + '\n');
  });

  it('-l is the last created container in any state; -n 2 the last two', async () => {
    const { engine, id } = await busyHost();
    expect((await docker(engine, ps, ['-lq'])).out).toBe(`${id('nap')}\n`);
    expect((await docker(engine, ps, ['-n', '3', '-q'])).out).toBe(
      `${id('nap')}\n${id('idle')}\n${id('web')}\n`,
    );
  });

  it('--no-trunc keeps the whole command, quoted', async () => {
    const { engine } = await busyHost();
    const r = await docker(engine, ps, ['--no-trunc', '--format', '{{.Command}}', '-f', 'name=web']);
    expect(r.out).toBe('"/docker-entrypoint.sh nginx -g \'daemon off;\'"\n');
  });

  it('--format renders the common fields', async () => {
    const { engine, id } = await busyHost();
    const r = await docker(engine, ps, [
      '--format',
      '{{.ID}}|{{.Image}}|{{.Names}}|{{.State}}|{{.Ports}}|{{.CreatedAt}}|{{.RunningFor}}|{{.Networks}}',
    ]);
    expect(r.out).toBe(
      `${id('nap')}|alpine|nap|paused||2026-11-27 09:03:40 +0000 UTC|5 seconds ago|bridge\n` +
        `${id('web')}|nginx|web|running|0.0.0.0:8888->80/tcp, [::]:8888->80/tcp|2026-11-27 09:03:00 +0000 UTC|45 seconds ago|bridge\n`,
    );
  });

  it('a bad template is docker’s template parsing error', async () => {
    const { engine } = await busyHost();
    const r = await docker(engine, ps, ['--format', '{{.Nope}}']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^template parsing error: .*can't evaluate field Nope/);
  });

  it('-s adds the writable layer size and the virtual size', async () => {
    const { engine } = await busyHost();
    const r = await docker(engine, ps, ['-s', '--format', '{{.Names}} {{.Size}}', '-f', 'name=nap']);
    expect(r.out.split('\n')[0]).toBe('nap 0B (virtual 7.8MB)');
  });
});

describe('ps formatting helpers', () => {
  it('Ellipsis cuts to 19 columns plus …', () => {
    expect(ellipsis('/docker-entrypoint.sh nginx -g daemon off;', 20)).toBe('/docker-entrypoint.…');
    expect(ellipsis('/hello', 20)).toBe('/hello');
    expect(ellipsis('12345678901234567890', 20)).toBe('12345678901234567890');
  });

  it('DisplayablePorts groups equal mappings into ranges and lists the rest after them', () => {
    expect(
      displayablePorts([
        { ip: '::', priv: 80, pub: 8888, type: 'tcp' },
        { ip: '0.0.0.0', priv: 80, pub: 8888, type: 'tcp' },
      ]),
    ).toBe('0.0.0.0:8888->80/tcp, [::]:8888->80/tcp');
    expect(displayablePorts([{ ip: '', priv: 80, pub: 0, type: 'tcp' }])).toBe('80/tcp');
    expect(
      displayablePorts([
        { ip: '0.0.0.0', priv: 8000, pub: 8000, type: 'tcp' },
        { ip: '0.0.0.0', priv: 8001, pub: 8001, type: 'tcp' },
        { ip: '', priv: 6379, pub: 0, type: 'tcp' },
      ]),
    ).toBe('6379/tcp, 0.0.0.0:8000-8001->8000-8001/tcp');
  });
});

describe('docker ps edge cases', () => {
  it('no containers: the header alone', async () => {
    const { engine } = await host();
    expect(await docker(engine, ps, [])).toEqual({
      code: 0,
      err: '',
      out: 'CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n',
    });
  });

  it('shows the image id once the name the container was made from points elsewhere', async () => {
    const { engine } = await host(['nginx', 'alpine']);
    await docker(engine, run, ['-d', '--name', 'web', 'nginx']);
    const old = engine.image('nginx').id;
    await engine.tag('alpine', 'nginx');
    const r = await docker(engine, ps, ['--format', '{{.Image}}']);
    expect(r.out).toBe(old.slice(7, 19) + '\n');
  });
});

describe('docker ps --format json', () => {
  it('prints one JSON object per container with docker’s sorted keys', async () => {
    const { engine } = await host(['nginx']);
    await docker(engine, run, ['-d', '--name', 'web', '-p', '8888:80', 'nginx']);
    const id = engine.container('web').id.slice(0, 12);
    const r = await docker(engine, ps, ['--format', 'json']);
    // Go's encoder escapes HTML characters: the arrow of a port mapping reads -\u003e
    expect(r.out).toContain('"Ports":"0.0.0.0:8888-\\u003e80/tcp, [::]:8888-\\u003e80/tcp"');
    const obj = JSON.parse(r.out) as Record<string, string>;
    expect(Object.keys(obj)).toEqual([
      'Command',
      'CreatedAt',
      'ID',
      'Image',
      'Labels',
      'LocalVolumes',
      'Mounts',
      'Names',
      'Networks',
      'Ports',
      'RunningFor',
      'Size',
      'State',
      'Status',
    ]);
    expect(obj).toMatchObject({
      Command: '"/docker-entrypoint.…"',
      ID: id,
      Image: 'nginx',
      Names: 'web',
      Ports: '0.0.0.0:8888->80/tcp, [::]:8888->80/tcp',
      Size: '0B',
      State: 'running',
      Status: 'Up Less than a second',
    });
  });
});
