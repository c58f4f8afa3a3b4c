import { describe, expect, it } from 'vitest';
import { textContent } from '../../src/engine/fs/content';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

async function withNginx() {
  const { engine, clock } = await openHost({ seed: 11, time: GOLDEN_TIME });
  await engine.pull('nginx');
  return { engine, clock: clock! };
}

const dec = new TextDecoder();

describe('containers', () => {
  it('run -d gives a 64-hex id whose first 12 characters are not all digits, a generated name, and both port bindings', async () => {
    const { engine } = await withNginx();
    const { container, startError } = await engine.run({
      image: 'nginx',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
    });
    expect(startError).toBeUndefined();
    expect(container.id).toMatch(/^[0-9a-f]{64}$/);
    expect(container.id.slice(0, 12)).not.toMatch(/^[0-9]{12}$/);
    expect(container.name).toMatch(/^[a-z]+_[a-z_]+$/);
    expect(container.state.status).toBe('running');
    expect(container.boundPorts).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '0.0.0.0', hostPort: 8888 },
      { containerPort: 80, proto: 'tcp', hostIp: '::', hostPort: 8888 },
    ]);
    expect(container.path).toBe('/docker-entrypoint.sh');
    expect(container.args).toEqual(['nginx', '-g', 'daemon off;']);
  });

  it('refuses a second container on a taken port, leaving it Created', async () => {
    const { engine } = await withNginx();
    const p = [{ containerPort: 80, proto: 'tcp' as const, hostIp: '', hostPort: 8888 }];
    await engine.run({ image: 'nginx', name: 'web', ports: p });
    const second = await engine.run({ image: 'nginx', name: 'web2', ports: p });
    expect(second.startError?.message).toMatch(
      /^driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8888 failed: port is already allocated$/,
    );
    expect(engine.container('web2').state.status).toBe('created');
    expect(engine.invariants()).toEqual([]);
  });

  it("rejects bad and taken names with the daemon's messages", async () => {
    const { engine } = await withNginx();
    await expect(engine.create({ image: 'nginx', name: 'a' })).rejects.toThrow(
      'Invalid container name (a), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed',
    );
    const web = await engine.create({ image: 'nginx', name: 'web' });
    await expect(engine.create({ image: 'nginx', name: 'web' })).rejects.toThrow(
      `Conflict. The container name "/web" is already in use by container "${web.id}". You have to remove (or rename) that container to be able to reuse that name.`,
    );
    expect(engine.state.containers.size).toBe(1);
  });

  it('finds containers by full id, exact name, then unique prefix', async () => {
    const { engine } = await withNginx();
    const a = await engine.create({ image: 'nginx', name: 'web' });
    expect(engine.container(a.id)).toBe(a);
    expect(engine.container('web')).toBe(a);
    expect(engine.container(a.id.slice(0, 4))).toBe(a);
    expect(() => engine.container('nope')).toThrow('No such container: nope');
  });

  it('nginx copies default.conf up on start and makes its cache dirs and pid file, which docker diff shows', async () => {
    const { engine } = await withNginx();
    const { container } = await engine.run({ image: 'nginx', name: 'web' });
    const diff = engine.diff('web').map((d) => `${d.kind} ${d.path}`);
    expect(diff).toContain('C /etc/nginx/conf.d/default.conf');
    expect(diff).toContain('A /run/nginx.pid');
    expect(diff.some((l) => l.startsWith('A /var/cache/nginx/') || l.startsWith('A /var/lib/nginx/'))).toBe(
      true,
    );
    expect(diff).not.toContain('A /etc/hostname');
    expect(diff).not.toContain('C /etc/hosts');
    expect(container.upper.view().lookup('/.dockerenv')).toBeDefined();
  });

  it('serves the welcome page from the image layer, then the error page from the writable layer after the swap', async () => {
    const { engine } = await withNginx();
    const { container } = await engine.run({
      image: 'nginx',
      name: 'web',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
    });
    const before = (await engine.http(8888, '/'))!;
    expect(before.status).toBe(200);
    const imageLayers = engine.image('nginx').diffIds.length;
    expect(before.layer).toBeLessThan(imageLayers);
    const html = '/usr/share/nginx/html';
    await engine.changeFs('web', (u) => {
      u.rename(`${html}/index.html`, `${html}/index.html.bak`);
      u.rename(`${html}/50x.html`, `${html}/index.html`);
    });
    const after = (await engine.http(8888, '/'))!;
    expect(after.status).toBe(200);
    expect(dec.decode(after.body)).toContain('50');
    expect(after.layer).toBe(imageLayers + 1); // image layers, init, then the writable layer
    expect(engine.diff('web').map((d) => `${d.kind} ${d.path}`)).toEqual(
      expect.arrayContaining([
        'C /usr',
        'C /usr/share',
        'C /usr/share/nginx',
        'C /usr/share/nginx/html',
        'D /usr/share/nginx/html/50x.html',
        'A /usr/share/nginx/html/index.html.bak',
        'C /usr/share/nginx/html/index.html',
      ]),
    );
    expect(container.logs.filter((l) => l.text.includes('"GET / HTTP/1.1" 200'))).toHaveLength(2);
    expect((await engine.http(8888, '/missing.html'))!.status).toBe(404);
    expect(await engine.http(9999, '/')).toBeNull();
  });

  it('stop ends the main process with its exit code, frees the ports and removes the pid file', async () => {
    const { engine } = await withNginx();
    await engine.run({
      image: 'nginx',
      name: 'web',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
    });
    const c = await engine.stop('web');
    expect(c.state).toMatchObject({ status: 'exited', exitCode: 0, pid: 0 });
    expect(c.boundPorts).toEqual([]);
    expect(c.upper.view().lookup('/run/nginx.pid')).toBeUndefined();
    await expect(engine.kill('web')).rejects.toThrow(
      `cannot kill container: web: container ${c.id} is not running`,
    );
  });

  it('will not remove a running container without force', async () => {
    const { engine } = await withNginx();
    await engine.run({ image: 'nginx', name: 'web' });
    await expect(engine.rm('web')).rejects.toThrow(
      'cannot remove container "/web": container is running: stop the container before removing or force remove',
    );
    await engine.rm('web', true);
    expect(engine.state.containers.size).toBe(0);
  });

  it('exec into a stopped container is refused, and an unknown one says No such container first', async () => {
    const { engine } = await withNginx();
    const c = await engine.create({ image: 'nginx', name: 'web' });
    expect(() => engine.execTarget('nope')).toThrow('No such container: nope');
    expect(() => engine.execTarget('web')).toThrow(`container ${c.id} is not running`);
  });

  it('a one-shot command exits at once with status 0; hello-world prints its greeting', async () => {
    const { engine } = await withNginx();
    await engine.pull('hello-world');
    const { container } = await engine.run({ image: 'hello-world' });
    expect(container.state).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(container.logs.map((l) => l.text).join('\n')).toContain('Hello from Layer Lab!');
  });

  it('twenty containers of one image share its layers: each holds only its own writable layer', async () => {
    const { engine } = await withNginx();
    const cs = [];
    for (let i = 0; i < 20; i++) cs.push((await engine.run({ image: 'nginx' })).container);
    await engine.changeFs(cs[0]!.id, (u) => u.writeFile('/tmp/only-here', textContent('x'), { mtime: 1 }));
    expect(cs[0]!.upper.view().lookup('/tmp/only-here')).toBeDefined();
    expect(cs[1]!.upper.view().lookup('/tmp/only-here')).toBeUndefined();
    expect(engine.state.layers.size).toBe(engine.image('nginx').diffIds.length);
    expect(engine.invariants()).toEqual([]);
  });
});

describe('filesystem events', () => {
  it('a write to a lower file inside a container announces the copy-up, then the write', async () => {
    const { engine } = await openHost({ seed: 12, time: GOLDEN_TIME });
    await engine.pull('nginx');
    await engine.run({ image: 'nginx', name: 'web' });
    const seen: unknown[] = [];
    engine.on((e) => {
      if (e.type === 'fs') seen.push(e.change);
    });
    await engine.changeFs('web', (u) =>
      u.writeFile('/usr/share/nginx/html/index.html', textContent('hi'), { mtime: 1 }),
    );
    const nginxLayers = engine.image('nginx').diffIds.length;
    expect(seen).toContainEqual({
      type: 'copy-up',
      path: '/usr/share/nginx/html/index.html',
      fromLayer: expect.any(Number),
      bytes: expect.any(Number),
    });
    const copy = seen.find(
      (c) =>
        (c as { type: string; path: string }).type === 'copy-up' &&
        (c as { path: string }).path === '/usr/share/nginx/html/index.html',
    ) as { fromLayer: number; bytes: number };
    expect(copy.fromLayer).toBeLessThan(nginxLayers);
    expect(copy.bytes).toBeGreaterThan(0);
    expect(seen.at(-1)).toEqual({ type: 'write', path: '/usr/share/nginx/html/index.html', bytes: 2 });
  });

  it('deleting a file of the image announces a whiteout', async () => {
    const { engine } = await openHost({ seed: 12, time: GOLDEN_TIME });
    await engine.pull('nginx');
    await engine.run({ image: 'nginx', name: 'web' });
    const seen: unknown[] = [];
    engine.on((e) => {
      if (e.type === 'fs') seen.push(e.change);
    });
    await engine.changeFs('web', (u) => u.unlink('/usr/share/nginx/html/50x.html'));
    expect(seen).toContainEqual({ type: 'whiteout', path: '/usr/share/nginx/html/50x.html' });
  });
});
