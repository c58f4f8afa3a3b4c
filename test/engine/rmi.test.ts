import { describe, expect, it } from 'vitest';
import { shortId } from '../../src/engine/ids';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

async function host() {
  const { engine } = await openHost({ seed: 9, time: GOLDEN_TIME });
  await engine.pull('nginx');
  return engine;
}

const lines = (rs: { records?: ({ untagged: string } | { deleted: string })[]; error?: Error }[]) =>
  rs.flatMap((r) =>
    r.error
      ? [`ERR ${r.error.message}`]
      : r.records!.map((x) => ('untagged' in x ? `Untagged: ${x.untagged}` : `Deleted: ${x.deleted}`)),
  );

describe('docker rmi', () => {
  it('untags, forgets the repo digest, then deletes the image and every layer top first', async () => {
    const engine = await host();
    const img = engine.image('nginx');
    const chain = engine.chainIdsOf(img.diffIds);
    const digest = img.repoDigests[0];
    const out = lines(await engine.rmi(['nginx']));
    expect(out).toEqual([
      'Untagged: nginx:latest',
      `Untagged: ${digest}`,
      `Deleted: ${img.id}`,
      ...[...chain].reverse().map((c) => `Deleted: ${c}`),
    ]);
    expect(engine.state.layers.size).toBe(0);
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
  });

  it('only untags while another tag remains', async () => {
    const engine = await host();
    await engine.tag('nginx', 'mine:v1');
    expect(lines(await engine.rmi(['mine:v1']))).toEqual(['Untagged: mine:v1']);
    expect(engine.state.images.size).toBe(1);
  });

  it('keeps layers another image still uses', async () => {
    const engine = await host();
    await engine.pull('redis');
    const out = lines(await engine.rmi(['redis']));
    const base = engine.chainIdsOf(engine.image('nginx').diffIds)[0]!;
    expect(out).not.toContain(`Deleted: ${base}`);
    expect(engine.state.layers.has(base)).toBe(true);
  });

  it('refuses to untag the last name of an image a container uses', async () => {
    const engine = await host();
    const c = await engine.create({ image: 'nginx' });
    const id = engine.image('nginx').id;
    expect(lines(await engine.rmi(['nginx']))).toEqual([
      `ERR conflict: unable to remove repository reference "nginx" (must force) - container ${shortId(c.id)} is using its referenced image ${shortId(id)}`,
    ]);
  });

  it('by id: a stopped container is a soft conflict, a running one a hard conflict', async () => {
    const engine = await host();
    const id = engine.image('nginx').id;
    const c = await engine.create({ image: 'nginx', name: 'web' });
    expect(lines(await engine.rmi([shortId(id)]))).toEqual([
      `ERR conflict: unable to delete ${shortId(id)} (must be forced) - image is being used by stopped container ${shortId(c.id)}`,
    ]);
    await engine.start('web');
    expect(lines(await engine.rmi([shortId(id)], true))).toEqual([
      `ERR conflict: unable to delete ${shortId(id)} (cannot be forced) - image is being used by running container ${shortId(c.id)}`,
    ]);
    expect(engine.state.images.size).toBe(1);
  });

  it("removing a committed image's parent by name only untags it; by id it is refused for the child", async () => {
    const engine = await host();
    await engine.create({ image: 'nginx', name: 'web' });
    await engine.commit({ container: 'web', reference: 'child' });
    await engine.rm('web');
    const id = engine.image('nginx').id;
    const digest = engine.image('nginx').repoDigests[0];
    expect(lines(await engine.rmi(['nginx']))).toEqual(['Untagged: nginx:latest', `Untagged: ${digest}`]);
    expect(engine.state.images.has(id)).toBe(true);
    expect(lines(await engine.rmi([shortId(id)]))).toEqual([
      `ERR conflict: unable to delete ${shortId(id)} (cannot be forced) - image has dependent child images`,
    ]);
    expect(engine.invariants()).toEqual([]);
  });

  it('removing the child prunes its untagged parent too', async () => {
    const engine = await host();
    await engine.create({ image: 'nginx', name: 'web' });
    await engine.commit({ container: 'web', reference: 'child' });
    await engine.rm('web');
    await engine.rmi(['nginx']);
    const out = lines(await engine.rmi(['child']));
    expect(out[0]).toBe('Untagged: child:latest');
    expect(engine.state.images.size).toBe(0);
    expect(engine.state.layers.size).toBe(0);
  });

  it('an unknown image says No such image with :latest added', async () => {
    const engine = await host();
    expect(lines(await engine.rmi(['nope']))).toEqual(['ERR No such image: nope:latest']);
  });

  it('image prune removes dangling images and cancelled-pull leftovers, then nothing is orphaned', async () => {
    const engine = await host();
    await engine.create({ image: 'nginx', name: 'web' });
    await engine.commit({ container: 'web', reference: 'child' });
    await engine.rm('web');
    await engine.rmi(['nginx']);
    await engine.rmi(['child']);
    await engine.pruneImages();
    expect(engine.invariants({ afterPrune: true })).toEqual([]);
  });
});
