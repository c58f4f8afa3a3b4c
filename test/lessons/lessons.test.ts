// Every lesson solved end to end by its own solution through the cli, as a learner would type it;
// each step's goal is unmet before its commands and met after. Plus: wrong moves do not pass, other
// paths to the same goal do, and a lesson's setup always gives the same starting state.

import { describe, expect, it } from 'vitest';
import { LESSONS, lessonById, solution } from '../../src/lessons';
import { en } from '../../src/i18n/en';
import { lessonsEn } from '../../src/i18n/lessons.en';
import { lessonsZhCN } from '../../src/i18n/lessons.zh-CN';
import type { Engine } from '../../src/engine/engine';
import { setUp, type Learner } from './driver';

function lesson(id: string) {
  const l = lessonById(id);
  if (!l) throw new Error(`no lesson ${id}`);
  return l;
}

/** Runs steps [0, upTo) of the lesson's solution, checking each goal before and after. */
async function solve(learner: Learner, id: string, upTo = Infinity): Promise<void> {
  const l = lesson(id);
  for (const [i, step] of l.steps.entries()) {
    if (i >= upTo) return;
    learner.beginStep();
    expect(learner.check(step), `${id}/${step.id} passes before its commands`).toBe(false);
    for (const line of step.show) await learner.type(line);
    const last = learner.history.at(-1);
    expect(
      learner.check(step),
      `${id}/${step.id} fails after ${JSON.stringify(step.show)}: ${last?.output}`,
    ).toBe(true);
  }
}

/** Where the lesson's setup leaves the host: every image and container, by id and layers. */
function fingerprint(engine: Engine): string {
  const images = engine
    .listImages()
    .map(({ image, tags }) => `${image.id} ${tags.join(',')} ${image.diffIds.join(',')}`)
    .sort();
  const ctrs = engine
    .listContainers(true)
    .map((c) => `${c.id} ${c.name} ${c.imageId} ${c.state.status} ${[...c.upper.view().walk()].length}`)
    .sort();
  return [...images, ...ctrs].join('\n');
}

describe('lessons as data', () => {
  it('are the seven lessons of the tutorial, in order, each with steps that show something', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'images',
      'layers',
      'unionfs',
      'rootfs',
      'container-layer',
      'commit',
      'delete',
    ]);
    for (const l of LESSONS) {
      expect(l.steps.length).toBeGreaterThan(2);
      for (const s of l.steps) expect(s.show.length).toBeGreaterThan(0);
      expect(new Set(l.steps.map((s) => s.id)).size).toBe(l.steps.length);
    }
  });

  it('have every title, intro, text, hint and success in English and Chinese, and no other lesson keys', () => {
    const used = new Set<string>();
    for (const l of LESSONS) {
      used.add(l.titleKey);
      used.add(l.introKey);
      for (const s of l.steps) [s.textKey, s.hintKey, s.successKey].forEach((k) => used.add(k));
    }
    const enKeys = Object.keys(lessonsEn);
    const zhKeys = Object.keys(lessonsZhCN);
    for (const k of used) {
      expect(enKeys, `English lacks ${k}`).toContain(k);
      expect(zhKeys, `Chinese lacks ${k}`).toContain(k);
    }
    expect(new Set(zhKeys)).toEqual(new Set(enKeys));
    for (const k of enKeys) expect(k.startsWith('lessons.')).toBe(true);
    for (const k of enKeys) expect(Object.keys(en)).not.toContain(k);
  });

  it('solution() gives the commands of every step', () => {
    expect(solution('layers')).toEqual([
      ['docker pull redis'],
      ['docker pull nginx'],
      ['docker inspect redis'],
      ["docker inspect --format '{{len .RootFS.Layers}}' redis"],
    ]);
    expect(() => solution('nope')).toThrow();
  });
});

describe('every lesson is solved by its own solution through the cli', () => {
  for (const l of LESSONS) {
    it(`${l.id}: each step unmet before, met after its commands`, async () => {
      const learner = await setUp(l);
      await solve(learner, l.id);
      expect(learner.engine.invariants()).toEqual([]);
    }, 60_000);
  }
});

describe('lesson paths', () => {
  it('1: docker build is not here yet, so the lesson teaches pull and tag and points at build later', async () => {
    const learner = await setUp(lesson('images'));
    expect((await learner.type('docker build .')).exitCode).not.toBe(0);
    expect(lessonsEn['lessons.images.compare.success']).toMatch(/docker build/);
  });

  it('2: pulling alpine does not pass the nginx step; an id works for docker inspect', async () => {
    const l = lesson('layers');
    const learner = await setUp(l);
    await solve(learner, 'layers', 1);
    const nginxStep = l.steps[1]!;
    learner.beginStep();
    await learner.type('docker pull alpine');
    expect(learner.check(nginxStep)).toBe(false);
    await learner.type('docker pull nginx');
    expect(learner.check(nginxStep)).toBe(true);
    // inspect by short id instead of name
    const inspect = l.steps[2]!;
    learner.beginStep();
    await learner.type('docker inspect nginx');
    expect(learner.check(inspect), 'inspecting nginx is not inspecting redis').toBe(false);
    const id = learner.engine.image('redis').id.slice(7, 19);
    await learner.type(`docker image inspect ${id}`);
    expect(learner.check(inspect)).toBe(true);
  }, 60_000);

  it('2: the nginx pull says "Already exists" for the layer redis brought, and the count matches the pull', async () => {
    const learner = await setUp(lesson('layers'));
    const redisPull = await learner.type('docker pull redis');
    const nginxPull = await learner.type('docker pull nginx');
    expect(nginxPull.output).toMatch(/: Already exists/);
    const count = await learner.type("docker inspect --format '{{len .RootFS.Layers}}' redis");
    const pulled = new Set([...redisPull.output.matchAll(/([0-9a-f]{12}): Pull complete/g)].map((m) => m[1]))
      .size;
    expect(pulled).toBeGreaterThan(1);
    expect(Number(count.output.trim())).toBe(pulled);
  }, 60_000);

  it('3: the union shows four files, file3 from the newest layer', async () => {
    const learner = await setUp(lesson('unionfs'));
    await solve(learner, 'unionfs');
    const ctr = learner.engine.container('demo');
    const view = ctr.upper.view();
    const files = view.names('/').filter((n) => /^file\d$/.test(n));
    expect(files).toEqual(['file1', 'file2', 'file3', 'file4']);
    // the image's three layers are the bottom three sources (0, 1, 2): file3 comes from the newest
    const layerOf = (p: string) => view.lookup(p)!.layer;
    expect(['/file1', '/file2', '/file3', '/file4'].map(layerOf)).toEqual([0, 0, 2, 1]);
    expect(view.sources[1]!.get('/file3')).toBeDefined();
  }, 60_000);

  it('4: an interactive shell in the container passes the kernel step too; the wrong distribution does not', async () => {
    const l = lesson('rootfs');
    const learner = await setUp(l);
    await solve(learner, 'rootfs', 1);
    const ubuntu = l.steps[1]!;
    learner.beginStep();
    await learner.type('docker run --rm alpine uname -r');
    expect(learner.check(ubuntu)).toBe(false);
    await learner.type('docker run -it --name u1 ubuntu bash');
    expect(learner.depth).toBe(2);
    await learner.type('uname -r');
    expect(learner.check(ubuntu)).toBe(true);
  }, 60_000);

  it('5: typing the commands in another order still reaches each goal; a wrong mv does not', async () => {
    const l = lesson('container-layer');
    const learner = await setUp(l);
    await solve(learner, 'container-layer', 3);
    const swap = l.steps.find((s) => s.id === 'swap')!;
    learner.beginStep();
    await learner.type('cp 50x.html copy.html');
    expect(learner.check(swap)).toBe(false);
    // absolute paths from anywhere
    await learner.type('cd /');
    await learner.type('mv /usr/share/nginx/html/index.html /usr/share/nginx/html/index.html.bak');
    await learner.type('mv /usr/share/nginx/html/50x.html /usr/share/nginx/html/index.html');
    expect(learner.check(swap)).toBe(true);
  }, 60_000);

  it('6: any image name and container id work for the commit; a commit without -a/-m does not pass', async () => {
    const l = lesson('commit');
    const learner = await setUp(l);
    const step = l.steps[0]!;
    await learner.type('docker commit web plain:1');
    expect(learner.check(step)).toBe(false);
    const id = learner.engine.container('web').id.slice(0, 12);
    await learner.type(`docker commit --author me --message "my page" ${id} mine`);
    expect(learner.check(step)).toBe(true);
  }, 60_000);

  it('7: the removed file still counts: the slim image is as big as the fat one', async () => {
    const learner = await setUp(lesson('delete'));
    await solve(learner, 'delete');
    const e = learner.engine;
    const size = (ref: string) => e.listImages().find((i) => i.tags.includes(ref))!.size;
    expect(size('fat:2')).toBeGreaterThanOrEqual(size('fat:1'));
    expect(size('fat:1') - size('nginx:latest')).toBeGreaterThan(30_000_000);
    const hist = learner.history.at(-1)!.output;
    expect(hist).toMatch(/31\.\dMB/);
  }, 60_000);
});

describe('setup and restart', () => {
  for (const l of LESSONS.filter((x) => x.setup.length > 0)) {
    it(`${l.id}: setup gives the same state twice (same ids and digests)`, async () => {
      const a = await setUp(l);
      const b = await setUp(l);
      expect(fingerprint(b.engine)).toBe(fingerprint(a.engine));
      expect(fingerprint(a.engine)).not.toBe('');
    }, 60_000);
  }

  it('restart = setup again on an empty host: the first step is unmet again and the solution passes again', async () => {
    const l = lesson('commit');
    const first = await setUp(l);
    const start = fingerprint(first.engine);
    await solve(first, 'commit');
    expect(fingerprint(first.engine)).not.toBe(start);
    // the page resets the host to empty and runs the setup silently: in Node, a fresh host
    await first.engine.reset();
    for (const line of l.setup) expect((await first.type(line)).exitCode).toBe(0);
    first.beginStep();
    const again = await setUp(l);
    expect(fingerprint(first.engine).split('\n').length).toBe(fingerprint(again.engine).split('\n').length);
    expect(first.check(l.steps[0]!)).toBe(false);
    await solve(first, 'commit');
  }, 60_000);
});
