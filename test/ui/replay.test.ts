import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Registry } from '../../src/engine/registry/registry';
import { FileCatalogSource } from '../../src/node/catalog-source';
import { replay } from '../../src/node/sim';
import { DEFAULT_REPLAY, openReplayHost } from '../../src/ui/presenter/replay';
import { dumpHost } from '../helpers/dump';

const walkthrough = readFileSync('test/scenarios/seed-walkthrough.txt', 'utf8');
const registry = new Registry(new FileCatalogSource());

describe('replay hosts for share links', () => {
  it('the same seed and time give the same transcript and digests on two fresh hosts', async () => {
    const a = await openReplayHost({ ...DEFAULT_REPLAY, speed: 'instant', registry });
    const b = await openReplayHost({ ...DEFAULT_REPLAY, speed: 'instant', registry });
    const ra = await replay(a, walkthrough);
    const rb = await replay(b, walkthrough);
    expect(ra.transcript).toBe(rb.transcript);
    expect(ra.transcript).toMatch(/sha256:[0-9a-f]{64}/);
    expect(dumpHost(a)).toEqual(dumpHost(b));
    expect(a.store?.kind).toBe('memory');
    expect(a.platform.clock.now()).toBe(b.platform.clock.now());
  });

  it('a different seed gives different container ids', async () => {
    const a = await openReplayHost({ ...DEFAULT_REPLAY, speed: 'instant', registry });
    const b = await openReplayHost({ seed: 2, time: DEFAULT_REPLAY.time, speed: 'instant', registry });
    await replay(a, 'docker pull nginx\ndocker run -d nginx\n');
    await replay(b, 'docker pull nginx\ndocker run -d nginx\n');
    expect([...a.state.containers.keys()]).not.toEqual([...b.state.containers.keys()]);
  });
});
