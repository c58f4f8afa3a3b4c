import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { Entry } from '../../src/engine/fs/entry';
import { Layer } from '../../src/engine/fs/layer';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import {
  combinedView,
  compareImages,
  countMarks,
  diveScore,
  efficiency,
  explorerImages,
  finalSide,
  finalView,
  imageStack,
  largestFiles,
  layerChanges,
  lowerSide,
  readVersion,
  type ImageStack,
} from '../../src/ui/viz/explorer';
import { textContent } from '../../src/engine/fs/content';
import { MAX_BYTES } from '../../src/ui/viz/text-diff';
import { FakeTerminal } from '../helpers/fake-terminal';

const BIG_FILE = '/usr/lib/x86_64-linux-gnu/libicudata.so.72.1';

/** Runs each line in the host shell, failing the test on a non-zero exit. */
async function sh(engine: Engine, ...lines: string[]): Promise<void> {
  const term = new FakeTerminal(engine);
  for (const line of lines) {
    const rec = await term.type(line);
    expect(rec.exitCode, `${line}\n${rec.output}`).toBe(0);
  }
}

function stackOf(engine: Engine, ref: string): ImageStack {
  const s = imageStack(engine, engine.image(ref).id);
  if (!s) throw new Error(`no image ${ref}`);
  return s;
}

/**
 * busybox, then a commit adding four small files (17 B), then a commit deleting the /data directory and
 * rewriting /etc/hostname.txt (10 B): every byte of the two commits is known.
 */
async function stepsHost(): Promise<Engine> {
  const { engine } = await openHost({ seed: 3, time: GOLDEN_TIME });
  await sh(
    engine,
    'docker pull busybox',
    'docker run --name c1 busybox sh -c "echo hello > /etc/motd; mkdir /data; echo one > /data/x; echo two > /data/y; echo v1 > /etc/hostname.txt"',
    'docker commit c1 step1',
    'docker run --name c2 step1 sh -c "rm -rf /data; echo v2-longer > /etc/hostname.txt"',
    'docker commit c2 step2',
  );
  return engine;
}

describe('the image and its layers', () => {
  it('lists the layers bottom-up with the instruction behind each and the empty-layer history skipped', async () => {
    const engine = await stepsHost();
    const s = stackOf(engine, 'step2');
    expect(s.layers).toHaveLength(3);
    expect(s.layers.map((l) => l.diffId)).toEqual(s.image.diffIds);
    expect(s.layers[0]!.short).toMatch(/^ADD busybox/);
    expect(s.layers[1]!.instruction).toContain('echo hello > /etc/motd');
    expect(s.layers[2]!.instruction).toContain('rm -rf /data');
    expect(s.layers[2]!.short.length).toBeLessThanOrEqual(40);
    expect(s.layers.map((l) => l.size).slice(1)).toEqual([17, 10]);
    expect(explorerImages(engine).map((i) => i.name)).toEqual([
      'busybox:latest',
      'step1:latest',
      'step2:latest',
    ]);
  });
});

describe("one layer's own changes and the combined view", () => {
  it('marks the commit that adds files A, and the one that deletes a directory and rewrites a file R and M', async () => {
    const engine = await stepsHost();
    const s = stackOf(engine, 'step2');
    const marks = (k: number) => layerChanges(s, k).map((c) => [c.path, c.mark, c.size]);
    // /etc only leads to the changes (its mode and owner are the same): it is not listed.
    expect(marks(1)).toEqual([
      ['/data', 'A', 0],
      ['/data/x', 'A', 4],
      ['/data/y', 'A', 4],
      ['/etc/hostname.txt', 'A', 3],
      ['/etc/motd', 'A', 6],
    ]);
    expect(marks(2)).toEqual([
      ['/data', 'R', 0],
      ['/etc/hostname.txt', 'M', 10],
    ]);
    const second = layerChanges(s, 2);
    const data = second[0]!;
    expect(data.type).toBe('whiteout');
    // The whiteout removes the directory and the 8 bytes of the two files under it, from layer 1.
    expect(data.removed).toBe(8);
    expect(data.lower).toBe(1);
    expect(second[1]!.lower).toBe(1);
    expect(countMarks(second)).toEqual({ added: 0, modified: 1, removed: 1 });
    // Every entry of the base layer is an addition.
    const base = layerChanges(s, 0);
    expect(base).toHaveLength(s.changesets[0]!.count);
    expect(base.every((c) => c.mark === 'A')).toBe(true);
  });

  it('shows the union of layers 0..k: /data is there up to the first commit and gone after the second', async () => {
    const engine = await stepsHost();
    const s = stackOf(engine, 'step2');
    expect(combinedView(s, 0).lookup('/data')).toBeUndefined();
    expect(combinedView(s, 1).lookup('/data/x')?.layer).toBe(1);
    expect(combinedView(s, 2).lookup('/data')).toBeUndefined();
    expect(combinedView(s, 2).lookup('/etc/hostname.txt')?.layer).toBe(2);
    expect(combinedView(s, 2).lookup('/bin/sh')?.layer).toBe(0);
  });
});

describe('wasted space and the two scores', () => {
  it('counts the deleted directory and the shadowed file as waste, and dive counts differently', async () => {
    const engine = await stepsHost();
    const s = stackOf(engine, 'step2');
    const base = s.layers[0]!.size;
    const e = efficiency(s.changesets);
    // Hand-computed: /data/x (4) + /data/y (4) deleted, the 3-byte first /etc/hostname.txt shadowed.
    expect(e.stored).toBe(base + 17 + 10);
    expect(e.wasted).toBe(11);
    expect(e.score).toBeCloseTo(1 - 11 / (base + 27), 12);
    expect(e.paths.map((p) => [p.path, p.wasted, p.why])).toEqual([
      ['/data/x', 4, 'removed'],
      ['/data/y', 4, 'removed'],
      ['/etc/hostname.txt', 3, 'shadowed'],
    ]);
    // dive: the whiteout of the directory /data weighs the 8 bytes under it; /etc/hostname.txt has
    // versions 3 and 10 (min 3).
    // Σmin = base + 6 + 4 + 4 + 3 + 8; Σall = base + 6 + 4 + 4 + 13 + 8; potential waste = 13.
    const d = e.dive;
    expect(d.minimum).toBe(base + 25);
    expect(d.discovered).toBe(base + 35);
    expect(d.score).toBeCloseTo((base + 25) / (base + 35), 12);
    expect(d.potentialWasted).toBe(13);
    // A one-layer image wastes nothing by either measure.
    const bb = efficiency(stackOf(engine, 'busybox').changesets);
    expect(bb.wasted).toBe(0);
    expect(bb.score).toBe(1);
    expect(bb.dive.score).toBe(1);
  });

  it('counts what an opaque directory hides as waste, which dive does not see', async () => {
    const { engine } = await openHost({ seed: 4, time: GOLDEN_TIME });
    await sh(
      engine,
      'docker pull busybox',
      'docker run --name o1 busybox sh -c "mkdir /opt; echo aaaa > /opt/a"',
      'docker commit o1 opq1',
      'docker run --name o2 opq1 sh -c "rm -rf /opt; mkdir /opt; echo b > /opt/b"',
      'docker commit o2 opq2',
    );
    const s = stackOf(engine, 'opq2');
    const opt = s.changesets[2]!.get('/opt');
    expect(opt?.type === 'dir' && opt.opaque).toBe(true);
    const e = efficiency(s.changesets);
    expect(e.wasted).toBe(5);
    expect(e.paths).toEqual([{ path: '/opt/a', wasted: 5, layers: [1], why: 'removed' }]);
    // dive: /opt/a and /opt/b are each touched once; the opaque /opt is not a leaf.
    expect(e.dive.potentialWasted).toBe(0);
    expect(e.dive.score).toBe(1);
    expect(layerChanges(s, 2).map((c) => [c.path, c.mark])).toEqual([
      ['/opt', 'M'],
      ['/opt/b', 'A'],
    ]);
  });

  it("works the README's example: a 30 MB build directory deleted costs us 30 MB, dive almost nothing", () => {
    const MB = 1_000_000;
    const meta = { mode: 0o755, uid: 0, gid: 0, mtime: 0 };
    const dir: Entry = { type: 'dir', ...meta };
    const file = (size: number, seed: number): Entry => ({
      type: 'file',
      ...meta,
      content: { kind: 'fill', size, seed },
    });
    const base = Layer.from([
      ['/etc', dir],
      ['/etc/app.conf', file(1 * MB, 1)],
      ['/usr', dir],
      ['/usr/base.bin', file(59 * MB, 2)],
    ]);
    const build = Layer.from([
      ['/tmp', dir],
      ['/tmp/build', dir],
      ['/tmp/build/lib.a', file(30 * MB, 3)],
    ]);
    const clean = Layer.from([
      ['/etc', dir],
      ['/etc/app.conf', file(2 * MB, 4)],
      ['/tmp', dir],
      ['/tmp/build', { type: 'whiteout', ...meta }],
    ]);
    const e = efficiency([base, build, clean]);
    expect(e.stored).toBe(92 * MB);
    expect(e.wasted).toBe(31 * MB);
    expect(e.score).toBeCloseTo(1 - 31 / 92, 12);
    expect(e.dive.minimum).toBe(120 * MB);
    expect(e.dive.discovered).toBe(122 * MB);
    expect(e.dive.potentialWasted).toBe(3 * MB);
    expect((e.score * 100).toFixed(1)).toBe('66.3');
    expect((e.dive.score * 100).toFixed(1)).toBe('98.4');
  });

  it('gives 1 for an image that stores nothing', () => {
    expect(efficiency([]).score).toBe(1);
    expect(diveScore([]).score).toBe(1);
  });

  it('makes the 31 MB library copied in and deleted the largest waste of the slimmed image', async () => {
    const { engine } = await openHost({ seed: 5, time: GOLDEN_TIME });
    await sh(
      engine,
      'docker pull nginx',
      `docker run --name fat nginx cp ${BIG_FILE} /big.bin`,
      'docker commit fat fat:1',
      'docker run --name slim fat:1 rm /big.bin',
      'docker commit slim fat:2',
    );
    const nginx = efficiency(stackOf(engine, 'nginx').changesets);
    const fat2 = stackOf(engine, 'fat:2');
    const big = finalView(stackOf(engine, 'nginx')).lookup(BIG_FILE)!;
    const size =
      big.entry.type === 'file' ? (big.entry.content.kind === 'fill' ? big.entry.content.size : 0) : 0;
    expect(size).toBeGreaterThan(30_000_000);
    const e = efficiency(fat2.changesets);
    expect(e.wasted - nginx.wasted).toBe(size);
    expect(e.stored - nginx.stored).toBe(size);
    expect(e.paths[0]).toMatchObject({
      path: '/big.bin',
      wasted: size,
      why: 'removed',
      layers: [fat2.layers.length - 2],
    });
    expect(e.score).toBeLessThan(nginx.score);
    // dive sees /big.bin twice: the copy, and the whiteout of a file, which dive weighs 0. So the copy
    // is dive's "potential waste", and its smallest version is 0.
    expect(e.dive.potentialWasted - nginx.dive.potentialWasted).toBe(size);
    expect(e.dive.minimum - nginx.dive.minimum).toBe(0);
    expect(e.dive.discovered - nginx.dive.discovered).toBe(size);
    // Its largest file is the library the copy came from, supplied by an nginx layer.
    const top = largestFiles(finalView(fat2), 20);
    expect(top).toHaveLength(20);
    expect(top[0]).toMatchObject({ path: BIG_FILE, size });
    expect(top[0]!.layer).toBeLessThan(fat2.layers.length - 2);
    for (let i = 1; i < top.length; i++) expect(top[i - 1]!.size).toBeGreaterThanOrEqual(top[i]!.size);
    expect(top.some((f) => f.path === '/big.bin')).toBe(false);
    // A virtual fill is binary: its size and sha256, never decoded.
    const v = readVersion(engine, finalSide(fat2, BIG_FILE)!);
    expect(v).toMatchObject({ kind: 'binary', size });
    expect(v.kind === 'binary' && v.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('two images compared', () => {
  it('finds the shared base and the paths only in A, only in B, and changed', async () => {
    const engine = await stepsHost();
    const c = compareImages(stackOf(engine, 'step1'), stackOf(engine, 'step2'));
    expect(c.shared).toBe(2);
    expect(c.sharedSize).toBe(stackOf(engine, 'step1').layers[0]!.size + 17);
    expect(c.onlyA.map((p) => [p.path, p.type, p.size, p.inside])).toEqual([['/data', 'dir', 8, 2]]);
    expect(c.onlyB).toEqual([]);
    const changed = c.changed.find((p) => p.path === '/etc/hostname.txt')!;
    expect(changed).toMatchObject({ size: 3, otherSize: 10, what: ['size'] });
    expect(c.onlyABytes).toBe(8);
    const same = compareImages(stackOf(engine, 'step2'), stackOf(engine, 'step2'));
    expect(same.shared).toBe(3);
    expect([...same.onlyA, ...same.onlyB, ...same.changed]).toEqual([]);
  });

  it('sees only the shared Debian base between nginx and redis', async () => {
    const { engine } = await openHost({ seed: 7, time: GOLDEN_TIME });
    await engine.pull('redis');
    await engine.pull('nginx');
    const c = compareImages(stackOf(engine, 'nginx'), stackOf(engine, 'redis'));
    expect(c.shared).toBe(1);
    expect(c.onlyA.some((p) => p.path.startsWith('/etc/nginx'))).toBe(true);
    expect(c.onlyB.some((p) => p.path.startsWith('/usr/local/bin'))).toBe(true);
  });
});

describe('a file version for the diff', () => {
  it('reads the modified text file and the version below it that it replaces', async () => {
    const engine = await stepsHost();
    const s = stackOf(engine, 'step2');
    const low = lowerSide(s, 2, '/etc/hostname.txt')!;
    expect(low.layer).toBe(1);
    expect(readVersion(engine, low)).toEqual({ kind: 'text', text: 'v1\n', size: 3, capped: false });
    expect(readVersion(engine, { stack: s, layer: 2, path: '/etc/hostname.txt' })).toMatchObject({
      kind: 'text',
      text: 'v2-longer\n',
    });
    expect(lowerSide(s, 1, '/etc/motd')).toBeNull();
  });

  it('cuts a long text at MAX_BYTES and says so; a file with NUL bytes is binary, with its sha256', async () => {
    const { engine } = await openHost({ seed: 6, time: GOLDEN_TIME });
    await sh(engine, 'docker pull busybox', 'docker create --name big busybox');
    const long = 'x'.repeat(99) + '\n';
    await engine.changeFs('big', (u) => {
      u.writeFile('/long.txt', textContent(long.repeat(3000)), { mtime: 0 });
      u.writeFile('/blob.bin', { kind: 'bytes', bytes: new Uint8Array([1, 0, 2]) }, { mtime: 0 });
    });
    await sh(engine, 'docker commit big big:1');
    const s = stackOf(engine, 'big:1');
    const text = readVersion(engine, finalSide(s, '/long.txt')!);
    expect(text).toMatchObject({ kind: 'text', size: 300_000, capped: true });
    expect(text.kind === 'text' && text.text.length).toBe(MAX_BYTES);
    expect(readVersion(engine, finalSide(s, '/blob.bin')!)).toEqual({
      kind: 'binary',
      size: 3,
      sha256: engine.sha256Hex(new Uint8Array([1, 0, 2])),
    });
  });
});
