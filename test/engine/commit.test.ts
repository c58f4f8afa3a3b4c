import { describe, expect, it } from 'vitest';
import { textContent } from '../../src/engine/fs/content';
import { EMPTY_LAYER_DIFF_ID } from '../../src/engine/oci/digest';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

const html = '/usr/share/nginx/html';
const dec = new TextDecoder();

async function swapped() {
  const { engine, clock } = await openHost({ seed: 5, time: GOLDEN_TIME });
  await engine.pull('nginx');
  await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  });
  await engine.changeFs('web', (u) => {
    u.rename(`${html}/index.html`, `${html}/index.html.bak`);
    u.rename(`${html}/50x.html`, `${html}/index.html`);
  });
  return { engine, clock: clock! };
}

describe('docker commit', () => {
  it('freezes the writable layer into a new image on top of nginx, with author, comment, parent and history', async () => {
    const { engine, clock } = await swapped();
    clock.advance(60_000);
    const nginx = engine.image('nginx');
    const r = await engine.commit({
      container: 'web',
      reference: 'nginx01:1.0',
      author: 'xiaomotong',
      message: 'modify index.html',
    });
    expect(r.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const img = engine.image('nginx01:1.0');
    expect(img.id).toBe(r.imageId);
    expect(img.parent).toBe(nginx.id);
    expect(img.diffIds).toEqual([...nginx.diffIds, r.diffId]);
    expect(img.config.author).toBe('xiaomotong');
    expect(img.config.comment).toBeUndefined(); // the message lives in history, as moby's commit writes it
    const top = img.config.history!.at(-1)!;
    expect(top).toMatchObject({
      author: 'xiaomotong',
      comment: 'modify index.html',
      created_by: 'nginx -g daemon off;',
    });
    expect(top.empty_layer).toBeUndefined();
    // The image id is the sha256 of the exact config bytes.
    expect(img.id).toBe(`sha256:${engine.sha256Hex(img.configBytes)}`);
    const inspect = engine.inspectImage('nginx01:1.0');
    expect(inspect).toMatchObject({
      Author: 'xiaomotong',
      Comment: 'modify index.html',
      Parent: nginx.id,
      RepoTags: ['nginx01:1.0'],
    });
    expect((inspect.RootFS as { Layers: string[] }).Layers).toHaveLength(nginx.diffIds.length + 1);
    expect(engine.invariants()).toEqual([]);
  });

  it("history shows the new layer on top with its comment, and nginx's image id on the row below", async () => {
    const { engine } = await swapped();
    await engine.commit({
      container: 'web',
      reference: 'nginx01:1.0',
      author: 'xiaomotong',
      message: 'modify index.html',
    });
    const rows = engine.history('nginx01:1.0');
    expect(rows[0]).toMatchObject({ id: engine.image('nginx01:1.0').id, comment: 'modify index.html' });
    expect(rows[0]!.size).toBeGreaterThan(0);
    expect(rows[1]!.id).toBe(engine.image('nginx').id);
    expect(rows.slice(2).every((r) => r.id === '<missing>')).toBe(true);
  });

  it('a new container of the committed image serves the changed page: the change lives in an image layer now', async () => {
    const { engine } = await swapped();
    await engine.commit({ container: 'web', reference: 'nginx01:1.0' });
    await engine.run({
      image: 'nginx01:1.0',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8889 }],
    });
    const a = await engine.http(8888, '/');
    const b = await engine.http(8889, '/');
    expect(dec.decode(b!.body)).toBe(dec.decode(a!.body));
    const fresh = await engine.http(8889, '/index.html.bak');
    expect(fresh!.status).toBe(200);
  });

  it('the writable layer holds whiteouts and they survive into the committed layer', async () => {
    const { engine } = await swapped();
    const r = await engine.commit({ container: 'web' });
    const layer = engine.state.layers.get(r.chainId!)!.layer;
    expect(layer.get(`${html}/50x.html`)?.type).toBe('whiteout');
    expect(layer.get(`${html}/index.html.bak`)?.type).toBe('file');
    expect(layer.get('/etc/hostname')).toBeUndefined();
    expect(engine.state.tags.size).toBe(1);
  });

  it('committing an unchanged container adds an empty-layer history entry and no layer', async () => {
    const { engine } = await openHost({ seed: 5, time: GOLDEN_TIME });
    await engine.pull('busybox');
    await engine.create({ image: 'busybox', name: 'quiet', cmd: ['sh'] });
    const r = await engine.commit({ container: 'quiet', reference: 'same' });
    expect(r.diffId).toBeNull();
    const img = engine.image('same');
    expect(img.diffIds).toEqual(engine.image('busybox').diffIds);
    expect(img.config.history!.at(-1)!.empty_layer).toBe(true);
    expect(EMPTY_LAYER_DIFF_ID).toBe(
      'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
    );
  });

  it('applies -c changes and refuses instructions commit does not take', async () => {
    const { engine } = await swapped();
    await engine.commit({
      container: 'web',
      reference: 'x',
      changes: ['ENV GREETING=hello', 'EXPOSE 8080', 'CMD ["nginx","-T"]', 'WORKDIR /srv'],
    });
    const c = engine.image('x').config.config;
    expect(c.Env).toContain('GREETING=hello');
    expect(Object.keys(c.ExposedPorts ?? {})).toEqual(['80/tcp', '8080/tcp']);
    expect(c.Cmd).toEqual(['nginx', '-T']);
    expect(c.WorkingDir).toBe('/srv');
    const before = engine.state.images.size;
    await expect(engine.commit({ container: 'web', changes: ['RUN echo hi'] })).rejects.toThrow(
      'run is not a valid change command',
    );
    expect(engine.state.images.size).toBe(before);
  });

  it('two commits of the same change give different image ids (created differs) but the same diffID', async () => {
    const { engine, clock } = await swapped();
    const a = await engine.commit({ container: 'web' });
    clock.advance(1000);
    const b = await engine.commit({ container: 'web' });
    expect(a.diffId).toBe(b.diffId);
    expect(a.imageId).not.toBe(b.imageId);
  });

  it('a file written in the container is committed with its bytes', async () => {
    const { engine } = await swapped();
    await engine.changeFs('web', (u) => u.writeFile('/hello.txt', textContent('hi\n'), { mtime: 1 }));
    const r = await engine.commit({ container: 'web', reference: 'withhello' });
    const e = engine.state.layers.get(r.chainId!)!.layer.get('/hello.txt');
    expect(
      e?.type === 'file' && dec.decode(e.content.kind === 'bytes' ? e.content.bytes : new Uint8Array()),
    ).toBe('hi\n');
  });
});
