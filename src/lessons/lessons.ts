// The eight lessons, following the tutorial Layer Lab was made from: what an image is (pull, tag,
// build), the layered download, the union filesystem, bootfs and rootfs, the container layer, commit,
// why deleting a file does not shrink an image, and docker build's layers and cache. Data and goal
// checks only; every word is in the lessons catalogues.

import type { Engine } from '../engine/engine';
import type { ImageRec } from '../engine/state';
import {
  type BuiltStep,
  containers,
  dockerArgs,
  existsIn,
  imageOf,
  lastBuild,
  lastDocker,
  namesImage,
  ranIn,
  ranSince,
} from './checks';
import type { CheckContext, Lesson, LessonKey, Step } from './types';

/** A step whose message keys follow its lesson and id: lessons.<lesson>.<step>.text|hint|success. */
function step(
  lesson: string,
  id: string,
  show: readonly string[],
  check: (ctx: CheckContext) => boolean,
): Step {
  const base = `lessons.${lesson}.${id}` as const;
  return {
    id,
    textKey: `${base}.text` as LessonKey,
    hintKey: `${base}.hint` as LessonKey,
    successKey: `${base}.success` as LessonKey,
    show,
    check,
  };
}

function lesson(id: string, setup: readonly string[], steps: (id: string) => readonly Step[]): Lesson {
  return {
    id,
    titleKey: `lessons.${id}.title` as LessonKey,
    introKey: `lessons.${id}.intro` as LessonKey,
    setup,
    steps: steps(id),
  };
}

const has = (engine: Engine, ref: string) => imageOf(engine, ref) !== undefined;
const outHas = (ctx: CheckContext, text: string) => !!ctx.last && ctx.last.output.includes(text);
const hostLine = (ctx: CheckContext, re: RegExp) =>
  !!ctx.last && ctx.last.shell === 'host' && ctx.last.exitCode === 0 && re.test(ctx.last.line.trim());

/** The size of an image's own top layer (the layer a commit made). */
function topLayerSize(engine: Engine, img: ImageRec): number {
  const chain = engine.chainIdsOf(img.diffIds);
  const top = chain[chain.length - 1];
  return top ? (engine.state.layers.get(top)?.size ?? 0) : 0;
}

/** An image docker build made whose newest layer the build made too (not only metadata on a base). */
function builtLayerOnTop(engine: Engine, img: ImageRec): boolean {
  if (img.origin !== 'build') return false;
  const top = engine.chainIdsOf(img.diffIds).at(-1);
  return !!top && engine.state.layers.get(top)?.origin === 'build';
}

// ---- 1. what an image is ----

const images = lesson('images', [], (l) => [
  step(l, 'list', ['docker images'], (ctx) => lastDocker(ctx, 'images') !== null),
  step(l, 'pull', ['docker pull hello-world'], (ctx) => has(ctx.engine, 'hello-world')),
  step(l, 'run', ['docker run hello-world'], (ctx) => {
    const img = imageOf(ctx.engine, 'hello-world');
    return !!img && containers(ctx.engine).some((c) => c.imageId === img.id) && outHas(ctx, 'Hello from');
  }),
  step(l, 'tag', ['docker tag hello-world my-hello:1.0'], (ctx) => {
    const img = imageOf(ctx.engine, 'hello-world');
    return !!img && ctx.engine.state.tagsOf(img.id).length >= 2;
  }),
  step(l, 'compare', ['docker images'], (ctx) => {
    const img = imageOf(ctx.engine, 'hello-world');
    if (!img || lastDocker(ctx, 'images') === null) return false;
    const short = img.id.slice(7, 19);
    return (ctx.last?.output ?? '').split('\n').filter((row) => row.includes(short)).length >= 2;
  }),
  // Way three: any name will do, as long as the image was built, tagged, and has a layer of its own.
  step(
    l,
    'build',
    [
      "echo 'made by me' > note.txt",
      "echo 'FROM hello-world' > Dockerfile",
      "echo 'COPY note.txt /' >> Dockerfile",
      'docker build -t my-first:1 .',
    ],
    (ctx) =>
      ctx.engine
        .listImages()
        .some(({ image, tags }) => tags.length > 0 && builtLayerOnTop(ctx.engine, image)),
  ),
]);

// ---- 2. layered download ----

const layers = lesson('layers', [], (l) => [
  step(l, 'pull-redis', ['docker pull redis'], (ctx) => has(ctx.engine, 'redis')),
  step(l, 'pull-nginx', ['docker pull nginx'], (ctx) => has(ctx.engine, 'redis') && has(ctx.engine, 'nginx')),
  step(l, 'inspect', ['docker inspect redis'], (ctx) => {
    const args = lastDocker(ctx, 'inspect');
    return !!args && namesImage(ctx.engine, args, 'redis') && outHas(ctx, '"RootFS"');
  }),
  step(l, 'count', ["docker inspect --format '{{len .RootFS.Layers}}' redis"], (ctx) => {
    const redis = imageOf(ctx.engine, 'redis');
    if (!redis) return false;
    const inspect = lastDocker(ctx, 'inspect');
    if (inspect && namesImage(ctx.engine, inspect, 'redis'))
      return ctx.last?.output.trim() === String(redis.diffIds.length);
    const history = lastDocker(ctx, 'history');
    return !!history && namesImage(ctx.engine, history, 'redis');
  }),
]);

// ---- 3. the union filesystem ----

const DEMO = 'layerlab/unionfs-demo';

const unionfs = lesson('unionfs', [], (l) => [
  step(l, 'pull', [`docker pull ${DEMO}`], (ctx) => has(ctx.engine, DEMO)),
  step(l, 'history', [`docker history ${DEMO}`], (ctx) => {
    const args = lastDocker(ctx, 'history');
    return !!args && namesImage(ctx.engine, args, DEMO) && outHas(ctx, 'COPY file3 /');
  }),
  // The image holds four files and nothing else: not even `cat`, so running it fails, honestly.
  step(l, 'run', [`docker run --rm ${DEMO}`], (ctx) => {
    const last = ctx.last;
    const args = last && last.shell === 'host' ? dockerArgs(last.line, 'run') : null;
    return !!args && namesImage(ctx.engine, args, DEMO) && outHas(ctx, 'executable file not found');
  }),
  step(l, 'create', [`docker create --name demo ${DEMO}`], (ctx) => {
    const img = imageOf(ctx.engine, DEMO);
    return !!img && containers(ctx.engine).some((c) => c.imageId === img.id);
  }),
]);

// ---- 4. bootfs and rootfs ----

const kernelOf = (ctx: CheckContext) => ctx.engine.settings.kernel;

const rootfs = lesson('rootfs', ['docker pull ubuntu', 'docker pull alpine'], (l) => [
  step(l, 'host-kernel', ['uname -r'], (ctx) => hostLine(ctx, /^uname\b/) && outHas(ctx, kernelOf(ctx))),
  step(
    l,
    'ubuntu-kernel',
    ['docker run --rm ubuntu uname -r'],
    (ctx) => ranIn(ctx, 'ubuntu') && /\buname\b/.test(ctx.last?.line ?? '') && outHas(ctx, kernelOf(ctx)),
  ),
  step(
    l,
    'alpine-kernel',
    ['docker run --rm alpine uname -r'],
    (ctx) => ranIn(ctx, 'alpine') && /\buname\b/.test(ctx.last?.line ?? '') && outHas(ctx, kernelOf(ctx)),
  ),
  step(
    l,
    'ubuntu-os',
    ['docker run --rm ubuntu cat /etc/os-release'],
    (ctx) => ranIn(ctx, 'ubuntu') && outHas(ctx, 'NAME="Ubuntu"'),
  ),
  step(
    l,
    'alpine-os',
    ['docker run --rm alpine cat /etc/os-release'],
    (ctx) => ranIn(ctx, 'alpine') && outHas(ctx, 'NAME="Alpine Linux"'),
  ),
  step(
    l,
    'boot',
    ['docker run --rm ubuntu ls /boot'],
    (ctx) =>
      ranIn(ctx, 'ubuntu') &&
      /\bls\b.*\/boot/.test(ctx.last?.line ?? '') &&
      ctx.last?.exitCode === 0 &&
      ctx.last.output.trim() === '',
  ),
]);

// ---- 5. the container layer ----

const HTML = '/usr/share/nginx/html';
const ERROR_PAGE = 'An error occurred.';

/** The running nginx containers that publish host port 8888 to port 80. */
function webs(engine: Engine) {
  const nginx = imageOf(engine, 'nginx');
  if (!nginx) return [];
  return engine
    .listContainers()
    .filter(
      (c) =>
        c.imageId === nginx.id && c.boundPorts.some((p) => p.hostPort === 8888 && p.containerPort === 80),
    );
}

const swapped = (engine: Engine) =>
  webs(engine).some(
    (c) =>
      existsIn(c, `${HTML}/index.html.bak`) &&
      existsIn(c, `${HTML}/index.html`) &&
      !existsIn(c, `${HTML}/50x.html`),
  );

const containerLayer = lesson('container-layer', ['docker pull nginx'], (l) => [
  step(l, 'run', ['docker run -d --name web -p 8888:80 nginx'], (ctx) => webs(ctx.engine).length > 0),
  step(l, 'exec', ['docker exec -it web /bin/bash'], (ctx) => {
    const last = ctx.last;
    if (!last) return false;
    if (last.shell === 'container') return true;
    const args = dockerArgs(last.line, 'exec');
    return !!args && last.exitCode === 0 && args.some((a) => /^-[a-z]*i/.test(a) || a === '--interactive');
  }),
  step(
    l,
    'look',
    [`cd ${HTML}`, 'ls'],
    (ctx) => ctx.last?.shell === 'container' && outHas(ctx, '50x.html') && outHas(ctx, 'index.html'),
  ),
  step(l, 'backup', ['mv index.html index.html.bak'], (ctx) =>
    webs(ctx.engine).some((c) => existsIn(c, `${HTML}/index.html.bak`)),
  ),
  step(l, 'swap', ['mv 50x.html index.html'], (ctx) => swapped(ctx.engine)),
  step(
    l,
    'reload',
    ['/usr/sbin/nginx -s reload'],
    (ctx) =>
      swapped(ctx.engine) &&
      ranSince(ctx, (r) => r.exitCode === 0 && /(^|\/|\s)nginx\s+-s\s+reload\b/.test(r.line)),
  ),
  step(
    l,
    'leave',
    ['exit'],
    (ctx) => ctx.last?.shell === 'container' && /^exit\b/.test(ctx.last.line.trim()),
  ),
  step(
    l,
    'curl',
    ['curl -s http://localhost:8888'],
    (ctx) => hostLine(ctx, /^curl\b.*\b(localhost|127\.0\.0\.1):8888\b/) && outHas(ctx, ERROR_PAGE),
  ),
  step(l, 'diff', ['docker diff web'], (ctx) => {
    const args = lastDocker(ctx, 'diff');
    return (
      !!args &&
      outHas(ctx, `D ${HTML}/50x.html`) &&
      outHas(ctx, `A ${HTML}/index.html.bak`) &&
      outHas(ctx, `C ${HTML}/index.html`)
    );
  }),
]);

// ---- 6. commit ----

/** The image committed from the edited nginx container: its parent is nginx, with author and message. */
function committed(engine: Engine): ImageRec | undefined {
  const nginx = imageOf(engine, 'nginx');
  if (!nginx) return undefined;
  return [...engine.state.images.values()].find(
    (i) => i.parent === nginx.id && !!i.config.author && !!commitMessage(i),
  );
}

/** `docker commit -m`: kept as the comment of the image's newest history entry. */
function commitMessage(img: ImageRec): string {
  return img.config.comment ?? img.config.history?.at(-1)?.comment ?? '';
}

const commit = lesson(
  'commit',
  [
    'docker pull nginx',
    'docker run -d --name web -p 8888:80 nginx',
    `docker exec web sh -c 'cd ${HTML} && mv index.html index.html.bak && mv 50x.html index.html && nginx -s reload'`,
  ],
  (l) => [
    step(
      l,
      'commit',
      ['docker commit -a="xiaomotong" -m="modify index.html" web nginx01:1.0'],
      (ctx) => committed(ctx.engine) !== undefined,
    ),
    step(l, 'images', ['docker images'], (ctx) => {
      const img = committed(ctx.engine);
      return !!img && lastDocker(ctx, 'images') !== null && outHas(ctx, img.id.slice(7, 19));
    }),
    step(l, 'history', ['docker history nginx01:1.0'], (ctx) => {
      const img = committed(ctx.engine);
      const args = lastDocker(ctx, 'history');
      return (
        !!img &&
        !!args &&
        args.some((a) => imageOf(ctx.engine, a)?.id === img.id) &&
        outHas(ctx, commitMessage(img))
      );
    }),
    step(l, 'run', ['docker run -d -p 8889:80 nginx01:1.0', 'curl -s http://localhost:8889'], (ctx) => {
      const img = committed(ctx.engine);
      if (!img) return false;
      const ports = ctx.engine
        .listContainers()
        .filter((c) => c.imageId === img.id)
        .flatMap((c) => c.boundPorts.map((p) => p.hostPort));
      const m = /^curl\b.*\b(?:localhost|127\.0\.0\.1):(\d+)/.exec(ctx.last?.line.trim() ?? '');
      return hostLine(ctx, /^curl\b/) && !!m && ports.includes(Number(m[1])) && outHas(ctx, ERROR_PAGE);
    }),
    step(l, 'rm', ['docker rm -f web'], (ctx) => {
      const nginx = imageOf(ctx.engine, 'nginx');
      return (
        !!nginx &&
        committed(ctx.engine) !== undefined &&
        !containers(ctx.engine).some((c) => c.imageId === nginx.id)
      );
    }),
    step(l, 'persist', ['docker run --rm nginx01:1.0 cat /usr/share/nginx/html/index.html'], (ctx) => {
      const img = committed(ctx.engine);
      const nginx = imageOf(ctx.engine, 'nginx');
      if (!img || !nginx || containers(ctx.engine).some((c) => c.imageId === nginx.id)) return false;
      const run = ctx.last?.shell === 'host' ? dockerArgs(ctx.last.line, 'run') : null;
      const fromImage = !!run && run.some((a) => imageOf(ctx.engine, a)?.id === img.id);
      const fromCurl = hostLine(ctx, /^curl\b/);
      return (fromImage || fromCurl) && outHas(ctx, ERROR_PAGE);
    }),
  ],
);

// ---- 7. deleting does not shrink an image ----

/** What counts as "big" here: the file the lesson copies is about 31 MB. */
export const BIG = 10_000_000;
const BIG_FILE = '/usr/lib/x86_64-linux-gnu/libicudata.so.72.1';

/** An image made by a commit whose own layer holds a big file. */
function fatImage(engine: Engine): ImageRec | undefined {
  return [...engine.state.images.values()].find((i) => i.parent !== null && topLayerSize(engine, i) >= BIG);
}

/** An image committed on top of the fat one whose own layer removes files (whiteouts). */
function slimImage(engine: Engine): ImageRec | undefined {
  const fat = fatImage(engine);
  if (!fat) return undefined;
  return [...engine.state.images.values()].find((i) => i.parent === fat.id && topLayerSize(engine, i) < BIG);
}

const deleting = lesson('delete', ['docker pull nginx'], (l) => [
  step(l, 'add', [`docker run --name fat nginx cp ${BIG_FILE} /big.bin`], (ctx) =>
    containers(ctx.engine).some((c) => c.upper.size >= BIG),
  ),
  step(l, 'commit-big', ['docker commit fat fat:1'], (ctx) => fatImage(ctx.engine) !== undefined),
  step(l, 'remove', ['docker run --name slim fat:1 rm /big.bin'], (ctx) => {
    const fat = fatImage(ctx.engine);
    return (
      !!fat &&
      containers(ctx.engine).some(
        (c) => c.imageId === fat.id && ctx.engine.diff(c.id).some((d) => d.kind === 'D'),
      )
    );
  }),
  step(l, 'commit-small', ['docker commit slim fat:2'], (ctx) => slimImage(ctx.engine) !== undefined),
  step(l, 'images', ['docker images'], (ctx) => {
    const slim = slimImage(ctx.engine);
    return !!slim && lastDocker(ctx, 'images') !== null && outHas(ctx, slim.id.slice(7, 19));
  }),
  step(l, 'history', ['docker history fat:2'], (ctx) => {
    const slim = slimImage(ctx.engine);
    const args = lastDocker(ctx, 'history');
    return !!slim && !!args && args.some((a) => imageOf(ctx.engine, a)?.id === slim.id);
  }),
]);

// ---- 8. docker build: a layer per instruction, the cache follows the order ----

/** The app's files and the Dockerfile a colleague wrote: everything copied before the install. */
const APP_V1 = 'Hello from my app, version 1';
const SLOW_DOCKERFILE = [
  'FROM debian:bookworm-slim',
  'COPY . /app',
  'RUN apt-get update && apt-get install -y $(cat /app/packages.txt)',
  'CMD ["cat", "/app/app.txt"]',
];
/** The same image, with the dependency list copied and installed before the rest of the app. */
const FAST_DOCKERFILE = [
  'FROM debian:bookworm-slim',
  'COPY packages.txt /app/',
  'RUN apt-get update && apt-get install -y $(cat /app/packages.txt)',
  'COPY . /app',
  'CMD ["cat", "/app/app.txt"]',
];

const isRun = (s: BuiltStep) => /^RUN\s/.test(s.text);
const isCopy = (s: BuiltStep) => /^(COPY|ADD)\s/.test(s.text);
/** `COPY . /app`: the whole context (`.` or `./`), whatever flags come first. */
const copiesAll = (s: BuiltStep) => isCopy(s) && /^\S+\s+(?:--\S+\s+)*\.\/?\s/.test(s.text);

/** The last build's steps when it ran with the cache (no `--no-cache`), else null. */
function cachedBuild(ctx: CheckContext): BuiltStep[] | null {
  const steps = lastBuild(ctx);
  const args = lastDocker(ctx, 'build');
  return steps && args && !args.includes('--no-cache') ? steps : null;
}

/** Every RUN step runs after the whole context was copied: the slow order. */
const slowOrder = (steps: readonly BuiltStep[]) => {
  const all = steps.findIndex(copiesAll);
  return all >= 0 && steps.some((s, i) => isRun(s) && i > all);
};

/** A RUN step comes after a COPY of some files and before the COPY of the whole context: the fast order. */
const fastOrder = (steps: readonly BuiltStep[]) => {
  const all = steps.findIndex(copiesAll);
  const run = steps.findIndex(isRun);
  return run > 0 && all > run && steps.slice(0, run).some((s) => isCopy(s) && !copiesAll(s));
};

const build = lesson(
  'build',
  [
    'docker pull debian:bookworm-slim',
    "echo 'curl' > packages.txt",
    `echo '${APP_V1}' > app.txt`,
    `cat > Dockerfile <<'EOF'\n${SLOW_DOCKERFILE.join('\n')}\nEOF`,
  ],
  (l) => [
    step(l, 'build', ['cat Dockerfile', 'docker build -t myapp .'], (ctx) => {
      const steps = lastBuild(ctx);
      return !!steps && slowOrder(steps);
    }),
    step(l, 'history', ['docker history myapp'], (ctx) => {
      const args = lastDocker(ctx, 'history');
      const img = args?.map((a) => imageOf(ctx.engine, a)).find((i) => i !== undefined);
      return !!img && img.origin === 'build' && outHas(ctx, 'COPY . /app') && outHas(ctx, 'apt-get');
    }),
    step(l, 'change', ["echo 'Hello from my app, version 2' > app.txt", 'docker build -t myapp .'], (ctx) => {
      const steps = cachedBuild(ctx);
      return (
        !!steps &&
        slowOrder(steps) &&
        steps.some((s) => copiesAll(s) && !s.cached) &&
        steps.some((s) => isRun(s) && !s.cached)
      );
    }),
    step(
      l,
      'reorder',
      [`printf '${FAST_DOCKERFILE.join('\\n')}\\n' > Dockerfile`, 'docker build -t myapp .'],
      (ctx) => {
        const steps = lastBuild(ctx);
        return !!steps && fastOrder(steps);
      },
    ),
    step(l, 'cached', ["echo 'Hello from my app, version 3' > app.txt", 'docker build -t myapp .'], (ctx) => {
      const steps = cachedBuild(ctx);
      return (
        !!steps &&
        fastOrder(steps) &&
        steps.some((s) => copiesAll(s) && !s.cached) &&
        steps.filter(isRun).every((s) => s.cached)
      );
    }),
    step(l, 'run', ['docker run --rm myapp'], (ctx) => {
      const run = lastDocker(ctx, 'run');
      const img = run?.map((a) => imageOf(ctx.engine, a)).find((i) => i !== undefined);
      return !!img && img.origin === 'build' && outHas(ctx, 'Hello from my app');
    }),
  ],
);

export const LESSONS: readonly Lesson[] = [
  images,
  layers,
  unionfs,
  rootfs,
  containerLayer,
  commit,
  deleting,
  build,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** The lesson's own solution: the commands of each step, as "show me" types them (for e2e tests). */
export function solution(lessonId: string): string[][] {
  const l = lessonById(lessonId);
  if (!l) throw new Error(`no lesson ${lessonId}`);
  return l.steps.map((s) => [...s.show]);
}
