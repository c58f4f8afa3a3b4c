// "Deleting in a later layer does not shrink the image", through docker build: a RUN makes a 1 MB
// file, a later RUN removes it. The file's bytes stay in the lower layer; the top layer only adds a
// whiteout that hides it. Made and removed in one RUN, the bytes never reach a layer at all.

import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { buildOk, entryAt, imageLayers, newHost } from './build-helpers';

const MB = 1 << 20;
/** A shell line that writes 16 × 2^16 = 1 MiB to /big.bin (the sandbox shell has no loops). */
const MAKE_BIG = `s=0123456789abcdef; ${'s=$s$s; '.repeat(16)}printf %s "$s" > /big.bin`;

const sizeOf = (engine: Engine, ref: string) => engine.listImages().find((i) => i.tags.includes(ref))!.size;

describe('delete in a later layer does not shrink the image', () => {
  it('the image with the file removed in a later RUN is not smaller than the image with the file', async () => {
    const { engine } = await newHost();
    const made = await buildOk(
      engine,
      'with',
      ['FROM alpine', `RUN ${MAKE_BIG}`].join('\n'),
      {},
      { tags: ['with:1'] },
    );
    const removed = await buildOk(
      engine,
      'without',
      ['FROM alpine', `RUN ${MAKE_BIG}`, 'RUN rm /big.bin'].join('\n'),
      {},
      { tags: ['without:1'] },
    );
    // The second build reused the first one's layer for the RUN that made the file.
    expect(removed.steps[1]).toMatchObject({ cached: true, diffId: made.steps[1]!.diffId });

    const big = entryAt(engine, 'with:1', '/big.bin');
    expect(big?.type === 'file' && big.content.kind === 'bytes' && big.content.bytes.length).toBe(MB);
    expect(sizeOf(engine, 'with:1')).toBeGreaterThan(MB);
    expect(sizeOf(engine, 'without:1')).toBeGreaterThanOrEqual(sizeOf(engine, 'with:1'));

    // The top layer holds only a whiteout; the union view no longer has the file.
    const top = imageLayers(engine, 'without:1').at(-1)!;
    expect(top.get('/big.bin')).toMatchObject({ type: 'whiteout' });
    expect(top.size).toBeLessThan(1000);
    expect(entryAt(engine, 'without:1', '/big.bin')).toBeUndefined();
    // ...while the layer below still carries the megabyte.
    const below = imageLayers(engine, 'without:1').at(-2)!;
    expect(below.get('/big.bin')?.type).toBe('file');
    expect(below.size).toBeGreaterThanOrEqual(MB);
    expect(engine.history('without:1')[1]!.size).toBeGreaterThanOrEqual(MB);
    expect(engine.invariants()).toEqual([]);
  });

  it('made and removed in the same RUN, the file never reaches a layer', async () => {
    const { engine } = await newHost();
    await buildOk(
      engine,
      'once',
      ['FROM alpine', `RUN ${MAKE_BIG} && rm /big.bin`].join('\n'),
      {},
      {
        tags: ['once:1'],
      },
    );
    await buildOk(
      engine,
      'twice',
      ['FROM alpine', `RUN ${MAKE_BIG}`, 'RUN rm /big.bin'].join('\n'),
      {},
      {
        tags: ['twice:1'],
      },
    );
    expect(sizeOf(engine, 'twice:1') - sizeOf(engine, 'once:1')).toBeGreaterThanOrEqual(MB);
    expect(entryAt(engine, 'once:1', '/big.bin')).toBeUndefined();
  });
});
