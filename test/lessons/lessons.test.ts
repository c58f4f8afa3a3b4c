// Every lesson solved end to end by its own solution through the cli, as a learner would type it;
// each step's goal is unmet before its commands and met after. Plus: wrong moves do not pass, other
// paths to the same goal do, and a lesson's setup always gives the same starting state.

import { describe, expect, it } from 'vitest';
import { LESSONS, lessonById, solution, type Step } from '../../src/lessons';
import { buildSteps } from '../../src/lessons/checks';
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
  it('are the seven lessons of the tutorial and the build lesson, in order, each with steps that show something', () => {
    expect(LESSONS.map((l) => l.id)).toEqual([
      'images',
      'layers',
      'unionfs',
      'rootfs',
      'container-layer',
      'commit',
      'delete',
      'build',
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
  it('1: build your own: no tag, or only metadata on the base, does not pass; any name with a layer does', async () => {
    const l = lesson('images');
    const learner = await setUp(l);
    await solve(learner, 'images', l.steps.length - 1);
    const build = l.steps.at(-1)!;
    expect(build.id).toBe('build');
    expect(lessonsEn['lessons.images.compare.success']).not.toMatch(/later lesson/);
    learner.beginStep();
    await learner.type("echo 'made by me' > note.txt");
    await learner.type("printf 'FROM hello-world\\nCOPY note.txt /\\n' > Dockerfile");
    const untagged = await learner.type('docker build .');
    expect(untagged.exitCode, untagged.output).toBe(0);
    expect(learner.check(build), 'a dangling image is not "built as a name"').toBe(false);
    await learner.type('printf \'FROM hello-world\\nCMD ["/hello"]\\n\' > Dockerfile');
    expect((await learner.type('docker build -t only-cmd .')).exitCode).toBe(0);
    expect(learner.check(build), 'CMD adds no layer').toBe(false);
    await learner.type("printf 'FROM hello-world\\nCOPY note.txt /note.txt\\n' > Dockerfile");
    expect((await learner.type('docker build -t whatever:7 .')).exitCode).toBe(0);
    expect(learner.check(build)).toBe(true);
    const img = learner.engine.image('whatever:7');
    expect(img.origin).toBe('build');
    expect(img.diffIds.length).toBe(learner.engine.image('hello-world').diffIds.length + 1);
    expect((await learner.type('docker run --rm whatever:7')).output).toContain('Hello from');
  }, 60_000);

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

describe('lesson 8: build, layers and the cache', () => {
  /** The build lesson solved up to (not including) step `id`. */
  async function upTo(id: string): Promise<{ learner: Learner; step: Step }> {
    const l = lesson('build');
    const at = l.steps.findIndex((s) => s.id === id);
    const learner = await setUp(l);
    await solve(learner, 'build', at);
    learner.beginStep();
    return { learner, step: l.steps[at]! };
  }

  it('the history of the first build: COPY and RUN made layers with a size, CMD made none', async () => {
    const { learner } = await upTo('history');
    const rows = learner.engine.history('myapp');
    const row = (re: RegExp) => rows.find((r) => re.test(r.createdBy));
    expect(row(/^COPY \. \/app/)?.size).toBeGreaterThan(0);
    expect(row(/^RUN .*apt-get install/)?.size).toBeGreaterThan(1_000_000);
    expect(row(/^CMD /)?.size).toBe(0);
  }, 60_000);

  it('rebuilding with nothing changed is all CACHED and does not pass the "change" step; --no-cache does not either', async () => {
    const { learner, step } = await upTo('change');
    const again = await learner.type('docker build -t myapp .');
    expect(buildSteps(again.output).every((s) => s.cached)).toBe(true);
    expect(learner.check(step)).toBe(false);
    await learner.type('docker build --no-cache -t myapp .');
    expect(learner.check(step), 'nothing was changed: --no-cache only ignores the cache').toBe(false);
  }, 60_000);

  it('the slow order rebuilds the install after a source change; a plain-progress build passes as the terminal view does', async () => {
    const { learner, step } = await upTo('change');
    await learner.type("echo 'Hello from my app, version 2' > app.txt");
    const r = await learner.type('docker build --progress plain -t myapp .');
    expect(r.output).toMatch(/^#\d+ \[\d\/\d\] RUN apt-get/m);
    expect(learner.check(step)).toBe(true);
    const run = buildSteps(r.output).find((s) => s.text.startsWith('RUN'));
    expect(run?.cached).toBe(false);
  }, 60_000);

  it('in the fast order a source change reuses the install layer (same diffID); without a change the "cached" step fails', async () => {
    const { learner, step } = await upTo('cached');
    const before = learner.engine.image('myapp');
    await learner.type('docker build -t myapp .');
    expect(learner.check(step), 'no file changed: COPY . was cached too').toBe(false);
    await learner.type("echo 'Hello from my app, version 3' > app.txt");
    const r = await learner.type('docker build --progress=plain -t myapp .');
    expect(r.output).toMatch(/^#\d+ CACHED$/m);
    expect(learner.check(step)).toBe(true);
    const after = learner.engine.image('myapp');
    expect(after.id).not.toBe(before.id);
    // FROM's layers, COPY packages.txt, the install: the same; only the last COPY differs
    expect(after.diffIds.slice(0, -1)).toEqual(before.diffIds.slice(0, -1));
    expect(after.diffIds.at(-1)).not.toBe(before.diffIds.at(-1));
    // a changed dependency list runs the install again, as it must: not the goal of this step
    await learner.type("echo 'curl less' > packages.txt");
    await learner.type("echo 'Hello from my app, version 4' > app.txt");
    const deps = await learner.type('docker build -t myapp .');
    expect(buildSteps(deps.output).find((s) => s.text.startsWith('RUN'))?.cached).toBe(false);
    expect(learner.check(step)).toBe(false);
  }, 60_000);

  it('a reorder that keeps COPY . first does not pass the reorder step', async () => {
    const { learner, step } = await upTo('reorder');
    await learner.type(
      "printf 'FROM debian:bookworm-slim\\nCOPY . /app\\nCOPY packages.txt /app/\\nRUN apt-get update && apt-get install -y $(cat /app/packages.txt)\\n' > Dockerfile",
    );
    expect((await learner.type('docker build -t myapp .')).exitCode).toBe(0);
    expect(learner.check(step)).toBe(false);
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
