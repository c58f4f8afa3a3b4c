import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/engine/events';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

async function host() {
  return (await openHost({ seed: 7, time: GOLDEN_TIME })).engine;
}

function record(engine: Awaited<ReturnType<typeof host>>) {
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  return events;
}

describe('docker pull', () => {
  it('pulls every layer of redis, registers the image under redis:latest and records its repo digest', async () => {
    const engine = await host();
    const r = await engine.pull('redis');
    expect(r.defaultTag).toBe(true);
    expect(r.upToDate).toBe(false);
    expect(r.tag).toBe('redis:latest');
    expect(r.fullRef).toBe('docker.io/library/redis:latest');
    const img = engine.image('redis');
    expect(img.id).toBe(r.imageId);
    expect(img.diffIds).toEqual(img.config.rootfs.diff_ids);
    expect(r.layers.length).toBe(img.diffIds.length);
    expect(img.repoDigests).toEqual([`redis@${r.digest}`]);
    expect(engine.invariants()).toEqual([]);
  });

  it('says "Already exists" for the Debian base layer that redis brought when nginx is pulled', async () => {
    const engine = await host();
    await engine.pull('redis');
    const events = record(engine);
    const r = await engine.pull('nginx');
    const redisBase = engine.image('redis').diffIds[0];
    expect(engine.image('nginx').diffIds[0]).toBe(redisBase);
    expect(r.layers[0]?.exists).toBe(true);
    expect(r.layers.slice(1).every((l) => !l.exists)).toBe(true);
    const first = events.find((e) => e.type === 'pull-progress' && e.id === r.layers[0]?.id);
    expect(first).toMatchObject({ status: 'Already exists' });
    const shared = events.filter((e) => e.type === 'pull-progress' && e.id === r.layers[0]?.id);
    expect(shared).toHaveLength(1);
  });

  it('walks each downloaded layer through the states in Docker order, three downloads at a time', async () => {
    const engine = await host();
    const events = record(engine);
    const r = await engine.pull('nginx');
    const statuses = (id: string) => [
      ...new Set(
        events
          .filter((e) => e.type === 'pull-progress' && e.id === id)
          .map((e) => (e as { status: string }).status),
      ),
    ];
    const order = [
      'Pulling fs layer',
      'Waiting',
      'Downloading',
      'Verifying Checksum',
      'Download complete',
      'Extracting',
      'Pull complete',
    ];
    r.layers.forEach((l, i) => {
      const seen = statuses(l.id);
      const expected = order.filter((s) => s !== 'Waiting' || i >= 3);
      expect(seen).toEqual(expected);
    });
    // Extraction strictly bottom first.
    const completes = events
      .filter((e) => e.type === 'pull-progress' && e.status === 'Pull complete')
      .map((e) => (e as { id: string }).id);
    expect(completes).toEqual(r.layers.map((l) => l.id));
  });

  it('reports "up to date" and changes nothing when the image is already there', async () => {
    const engine = await host();
    await engine.pull('redis');
    const r = await engine.pull('redis:latest');
    expect(r.upToDate).toBe(true);
    expect(r.defaultTag).toBe(false);
    expect(engine.listImages()).toHaveLength(1);
  });

  it("refuses an unknown repository with Docker's words and leaves the host empty", async () => {
    const engine = await host();
    await expect(engine.pull('nosuchthing')).rejects.toThrow(
      "pull access denied for nosuchthing, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
    );
    expect(engine.state.layers.size).toBe(0);
  });

  it('refuses an unknown tag and a malformed reference', async () => {
    const engine = await host();
    await expect(engine.pull('nginx:nope')).rejects.toThrow(
      'manifest for nginx:nope not found: manifest unknown: manifest unknown',
    );
    await expect(engine.pull('Nginx')).rejects.toThrow(
      'invalid reference format: repository name (library/Nginx) must be lowercase',
    );
    await expect(engine.pull('nginx::x')).rejects.toThrow('invalid reference format');
  });

  it('keeps the layers already complete when a pull is cancelled, and no image', async () => {
    const { engine } = await openHost({ seed: 3, time: GOLDEN_TIME, speed: 'realistic' });
    const ctl = new AbortController();
    let completes = 0;
    engine.on((e) => {
      if (e.type === 'pull-progress' && e.status === 'Pull complete' && ++completes === 1) ctl.abort();
    });
    const r = await engine.pull('nginx', ctl.signal);
    expect(r.cancelled).toBe(true);
    expect(engine.state.images.size).toBe(0);
    expect(engine.state.layers.size).toBe(1);
    expect(engine.invariants()).toEqual([]);
    // A later pull reuses it.
    const again = await engine.pull('nginx');
    expect(again.layers[0]?.exists).toBe(true);
  });

  it('moves a fixed clock by the simulated download time at realistic speed', async () => {
    const { engine, clock } = await openHost({ seed: 3, time: GOLDEN_TIME, speed: 'realistic' });
    await engine.pull('alpine');
    expect(clock!.now()).toBeGreaterThan(GOLDEN_TIME);
  });
});

describe('docker pull by digest', () => {
  it('registers the image with its repo digest and no tag', async () => {
    const engine = await host();
    const first = await engine.pull('busybox');
    await engine.rmi(['busybox']);
    const r = await engine.pull(`busybox@${first.digest}`);
    expect(r.imageId).toBe(first.imageId);
    expect([...engine.state.tags.keys()]).toEqual([]);
    expect(engine.image(`busybox@${first.digest}`).repoDigests).toEqual([`busybox@${first.digest}`]);
    expect(engine.invariants()).toEqual([]);
  });
});
