import { beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { textContent } from '../../src/engine/fs/content';
import type { ContainerRec } from '../../src/engine/state';
import { MemoryStore } from '../../src/engine/store';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { run } from './services-ctx';

const CONF = '/etc/nginx/conf.d/default.conf';
const OK =
  'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n' +
  'nginx: configuration file /etc/nginx/nginx.conf test is successful\n';
const FAILED = 'nginx: configuration file /etc/nginx/nginx.conf test failed\n';

let engine: Engine;
let web: ContainerRec;

async function setConf(text: string) {
  await engine.changeFs('web', (u) => u.writeFile(CONF, textContent(text), { mtime: 1 }));
}

/** default.conf pointing at /srv/site with its own index page. */
async function moveSite() {
  await setConf('server {\n    listen 80;\n    root /srv/site;\n    index home.html;\n}\n');
  await engine.changeFs('web', (u) => {
    u.mkdir('/srv/site', { mtime: 1 });
    u.writeFile('/srv/site/home.html', textContent('moved\n'), { mtime: 1 });
  });
}

beforeEach(async () => {
  const store = new MemoryStore();
  ({ engine } = await openHost({ seed: 1, time: GOLDEN_TIME, store }));
  await engine.pull('nginx');
  ({ container: web } = await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  }));
});

describe('nginx', () => {
  it('nginx -t passes on the image configuration, on stderr, exit 0', async () => {
    expect(await run(engine, web.id, ['nginx', '-t'])).toEqual({ code: 0, out: '', err: OK });
  });

  it('nginx -t names an unknown directive with its file and line', async () => {
    await setConf('server {\n    listen 80;\n    roott /srv;\n}\n');
    expect(await run(engine, web.id, ['nginx', '-t'])).toEqual({
      code: 1,
      out: '',
      err: `nginx: [emerg] unknown directive "roott" in ${CONF}:3\n${FAILED}`,
    });
  });

  it('nginx -t reports a missing semicolon and an unclosed block as nginx does', async () => {
    await setConf('server {\n    listen 80\n}\n');
    expect((await run(engine, web.id, ['nginx', '-t'])).err).toBe(
      `nginx: [emerg] unexpected "}" in ${CONF}:3\n${FAILED}`,
    );
    await setConf('server {\n    listen 80;\n');
    expect((await run(engine, web.id, ['nginx', '-t'])).err).toBe(
      `nginx: [emerg] unexpected end of file, expecting "}" in ${CONF}:3\n${FAILED}`,
    );
    await setConf('server {\n    listen 80;\n    root;\n}\n');
    expect((await run(engine, web.id, ['nginx', '-t'])).err).toBe(
      `nginx: [emerg] invalid number of arguments in "root" directive in ${CONF}:3\n${FAILED}`,
    );
  });

  it('an edited config takes effect only after nginx -s reload, which prints nothing', async () => {
    await moveSite();
    const before = await engine.http(8888, '/');
    expect(new TextDecoder().decode(before!.body)).toContain('Welcome to nginx!');
    expect(await run(engine, web.id, ['nginx', '-s', 'reload'])).toEqual({ code: 0, out: '', err: '' });
    const after = await engine.http(8888, '/');
    expect(new TextDecoder().decode(after!.body)).toBe('moved\n');
    expect(web.logs.map((l) => l.text).filter((t) => t.includes('[notice]'))).toEqual([
      '2026/11/27 09:00:00 [notice] 1#1: signal 1 (SIGHUP) received from 23, reconfiguring',
      '2026/11/27 09:00:00 [notice] 1#1: reconfiguring',
      '2026/11/27 09:00:00 [notice] 1#1: using the "epoll" event method',
      '2026/11/27 09:00:00 [notice] 1#1: start worker processes',
      '2026/11/27 09:00:00 [notice] 1#1: start worker process 24',
    ]);
  });

  it('a restart re-reads the config too', async () => {
    await moveSite();
    await engine.restart('web');
    expect(new TextDecoder().decode((await engine.http(8888, '/'))!.body)).toBe('moved\n');
  });

  it('a reload with a broken config fails and keeps serving the loaded one', async () => {
    await setConf('server {\n    listen 80;\n    root /srv/site\n}\n');
    expect(await run(engine, web.id, ['nginx', '-s', 'reload'])).toEqual({
      code: 1,
      out: '',
      err: `nginx: [emerg] unexpected "}" in ${CONF}:4\n`,
    });
    expect((await engine.http(8888, '/'))!.status).toBe(200);
  });

  it('the loaded config is kept in the container record and survives reopening the store', async () => {
    await moveSite();
    await run(engine, web.id, ['nginx', '-s', 'reload']);
    expect(web.nginxSite).toEqual({ root: '/srv/site', index: ['home.html'] });
    const { engine: again } = await openHost({ seed: 1, time: GOLDEN_TIME, store: engine.store });
    expect(again.container('web').nginxSite).toEqual({ root: '/srv/site', index: ['home.html'] });
  });

  it('-s reload without a running master cannot find the pid file', async () => {
    await engine.changeFs('web', (u) => u.unlink('/run/nginx.pid'));
    const r = await run(engine, web.id, ['nginx', '-s', 'reload']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      '2026/11/27 09:00:00 [error] 22#22: open() "/run/nginx.pid" failed (2: No such file or directory)\n' +
        'nginx: [error] open() "/run/nginx.pid" failed (2: No such file or directory)\n',
    );
  });

  it('-v prints the version on stderr; a bad -s signal is refused', async () => {
    expect(await run(engine, web.id, ['nginx', '-v'])).toEqual({
      code: 0,
      out: '',
      err: 'nginx version: nginx/1.27.5\n',
    });
    expect(await run(engine, web.id, ['nginx', '-s', 'restart'])).toEqual({
      code: 1,
      out: '',
      err: 'nginx: invalid option: "-s restart"\n',
    });
  });
});
