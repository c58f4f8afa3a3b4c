import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/events';
import { textContent } from '../../src/engine/fs/content';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpHost } from '../helpers/dump';

async function script(seed: number): Promise<{ engine: Engine; events: EngineEvent[]; ids: string[] }> {
  const { engine, clock } = await openHost({ seed, time: GOLDEN_TIME });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  const ids: string[] = [];
  await engine.pull('nginx');
  const { container } = await engine.run({
    image: 'nginx',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  });
  ids.push(container.id, container.name);
  clock!.advance(5000);
  await engine.changeFs(container.id, (u) =>
    u.writeFile('/usr/share/nginx/html/index.html', textContent('changed'), { mtime: 9 }),
  );
  const c = await engine.commit({ container: container.id, reference: 'mine:1', author: 'a', message: 'm' });
  ids.push(c.imageId, c.diffId ?? '');
  return { engine, events, ids };
}

describe('determinism', () => {
  it('the same seed and clock give the same ids, names, digests, events and state', async () => {
    const a = await script(123);
    const b = await script(123);
    expect(b.ids).toEqual(a.ids);
    expect(b.events).toEqual(a.events);
    expect(dumpHost(b.engine)).toEqual(dumpHost(a.engine));
  });

  it('another seed gives other container ids but the same image digests (they depend only on content)', async () => {
    const a = await script(1);
    const b = await script(2);
    expect(b.ids[0]).not.toBe(a.ids[0]);
    expect(b.engine.image('nginx').id).toBe(a.engine.image('nginx').id);
    expect(b.engine.image('nginx').diffIds).toEqual(a.engine.image('nginx').diffIds);
  });
});
