// Regression tests for what the archive fuzz found in the layer reader: a path longer than Linux's
// PATH_MAX (a tiny archive could carry a megabyte-long path of half a million directories, and the
// message quoted it whole), and the walk that adds implied parent directories once per entry.

import { describe, expect, it } from 'vitest';
import { entriesFromTar, LayerTarError } from '../../src/engine/oci/apply';
import { PATH_MAX } from '../../src/engine/oci/layer-from-tar';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { modernImage, tarOf } from '../engine/load-helpers';
import { concat, craftHeader, EOA, paxEntry } from '../fuzz/tar-craft';

/** A layer tar of files named by PAX `path` records (any length). */
const paxLayer = (names: readonly string[]) =>
  concat([...names.flatMap((n) => [...paxEntry([['path', n]]), craftHeader({ name: 'x' })]), EOA]);

describe('layer tar: names Linux could not hold', () => {
  it(`a path of ${PATH_MAX} bytes or more is refused as too long, its message quoting only its start`, async () => {
    const deep = 'a/'.repeat(250_000) + 'f'; // half a million bytes of directories
    const err = await entriesFromTar([paxLayer([deep])]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LayerTarError);
    expect((err as Error).message).toContain('file name too long');
    expect((err as Error).message.length).toBeLessThan(400);
    // Counted in UTF-8 bytes, as the kernel counts them: 1366 × "é/" is 4098 bytes in 2732 units.
    await expect(entriesFromTar([paxLayer(['é/'.repeat(1366) + 'f'])])).rejects.toThrow(/file name too long/);
  });

  it('a path just under PATH_MAX is accepted, with every parent directory implied once', async () => {
    const name = 'ab/'.repeat(1364) + 'f'; // "/" + 4093 bytes = 4094
    const entries = await entriesFromTar([paxLayer([name, name.replace(/f$/, 'g')])]);
    expect(entries.size).toBe(1364 + 2);
    expect(entries.get('/' + name)?.type).toBe('file');
    expect(entries.get('/ab')?.type).toBe('dir');
  });

  it('docker load refuses such a layer with the reason and changes nothing', async () => {
    const layer = paxLayer(['d/'.repeat(3000) + 'f']);
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await expect(engine.load([tarOf(modernImage([layer], 'deep:1'))])).rejects.toThrow(
      /failed to register layer: invalid layer tar: .*file name too long/,
    );
    expect(engine.state.layers.size).toBe(0);
    expect(engine.state.images.size).toBe(0);
  });
});

describe('layer tar: implied parent directories', () => {
  it('are added top-down once, in walk order, and an explicit directory entry replaces one', async () => {
    const entries = await entriesFromTar([paxLayer(['a/b/c/one', 'a/b/c/two', 'a/b/d/three'])]);
    expect([...entries.keys()]).toEqual([
      '/a',
      '/a/b',
      '/a/b/c',
      '/a/b/c/one',
      '/a/b/c/two',
      '/a/b/d',
      '/a/b/d/three',
    ]);
  });

  it('a file deep below a non-directory is refused naming that parent', async () => {
    const tar = concat([
      craftHeader({ name: 'a/b' }),
      ...paxEntry([['path', 'a/b/c/d/e']]),
      craftHeader({ name: 'x' }),
      EOA,
    ]);
    await expect(entriesFromTar([tar])).rejects.toThrow('parent "a/b" is not a directory');
  });
});
