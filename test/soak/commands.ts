// The soak's command lines: a seeded stream of what a learner types in a long session (pulls, runs,
// writes inside containers, commits, tags, builds, save/load, removals and prunes, and the reads in
// between), with the few names a session reuses, so most lines act on something that exists and some
// fail as they would for a learner (a name taken, an image in use). Same seed, same lines.

/** What a line does, for counting that every kind really ran (and succeeded) during a soak. */
export type SoakKind =
  | 'pull'
  | 'run'
  | 'exec'
  | 'commit'
  | 'tag'
  | 'rm'
  | 'rmi'
  | 'prune'
  | 'build'
  | 'save'
  | 'load'
  | 'read'
  | 'home';

export interface SoakLine {
  readonly kind: SoakKind;
  readonly text: string;
}

/** Catalog images and tags a session pulls (small and large, some sharing layers). */
export const SOAK_IMAGES = [
  'alpine',
  'alpine:3.21',
  'busybox',
  'busybox:1.35',
  'hello-world',
  'nginx:1.27',
  'redis:7.4',
  'debian:12-slim',
  'ubuntu:24.04',
  'layerlab/unionfs-demo',
] as const;

/** Images with a shell whose `sleep` keeps a detached container running for exec. */
const SHELL_IMAGES = ['alpine', 'busybox', 'debian:12-slim', 'nginx:1.27'] as const;

/** Small images to save: an archive stays in the home (and so in the store) until it is loaded. */
const SMALL_IMAGES = [
  'alpine',
  'busybox',
  'hello-world',
  'layerlab/unionfs-demo',
  'soak/b0',
  'soak/b1',
] as const;

const CONTAINERS = 8;
const WARMUP_LINES = 200;
const OWN_IMAGES = 6;

/** The lines that leave the host as it started: every container, image, cache record and home file gone. */
export const CLEANUP: readonly string[] = [
  'docker rm -f $(docker ps -aq)',
  'docker container prune -f',
  'docker image prune -a -f',
  'docker builder prune -a -f',
  'rm -rf ~/b ~/*.tar',
];

/** The start of a soak: every image, a build, a short soak of other lines, and the cleanup. */
export function warmupLines(seed: number): string[] {
  return [
    ...SOAK_IMAGES.map((ref) => `docker pull -q ${ref}`),
    buildLine(0, 'docker build -q ~/b'),
    ...[...soakLines(seed + 1, WARMUP_LINES)].map((l) => l.text),
    ...CLEANUP,
  ];
}

/** mulberry32: a small, fast 32-bit generator; enough to pick lines reproducibly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the generator believes about the host, from its own lines (close enough to aim them). */
interface Belief {
  running: Set<string>;
  stopped: Set<string>;
  images: Set<string>;
  pulled: Set<string>;
  saved: boolean;
  built: number;
}

function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)] as T;
}

function weighted<T>(rnd: () => number, table: readonly (readonly [number, T])[]): T {
  const total = table.reduce((n, [w]) => n + w, 0);
  let at = rnd() * total;
  for (const [w, v] of table) {
    at -= w;
    if (at < 0) return v;
  }
  return (table.at(-1) as readonly [number, T])[1];
}

function containerName(rnd: () => number, b: Belief, want: 'running' | 'any'): string {
  const pool = want === 'running' ? [...b.running] : [...b.running, ...b.stopped];
  // Now and then a name that is not there: the error path must be as safe as the happy one.
  if (pool.length === 0 || rnd() < 0.08) return `c${Math.floor(rnd() * CONTAINERS)}`;
  return pick(rnd, pool.sort());
}

function ownImage(rnd: () => number, b: Belief): string {
  const pool = [...b.images].sort();
  if (pool.length === 0 || rnd() < 0.1) return `soak/i${Math.floor(rnd() * OWN_IMAGES)}`;
  return pick(rnd, pool);
}

function anyImage(rnd: () => number, b: Belief): string {
  return rnd() < 0.5 && b.images.size > 0 ? ownImage(rnd, b) : pick(rnd, SOAK_IMAGES);
}

function execLine(rnd: () => number, c: string, n: number): string {
  return weighted(rnd, [
    [4, `docker exec ${c} sh -c 'echo ${n} > /f${n % 5}'`],
    [2, `docker exec ${c} sh -c 'echo more ${n} >> /etc/motd'`],
    [2, `docker exec ${c} mkdir -p /d${n % 4}/e${n % 3}`],
    [2, `docker exec ${c} rm -f /etc/hostname /f${n % 5}`],
    [1, `docker exec ${c} rm -rf /d${n % 4}`],
    [1, `docker exec ${c} sh -c 'cp /etc/passwd /p${n % 3} && ls / > /dev/null'`],
  ]);
}

function buildLine(n: number, then: string): string {
  // A heredoc in one line's text, as a terminal hands over a pasted block; the RUN differs now and
  // then so the build cache both hits and misses.
  return [
    `mkdir -p ~/b && cat > ~/b/Dockerfile <<EOF && echo note ${n % 4} > ~/b/note.txt && ${then}`,
    `FROM ${n % 2 === 0 ? 'alpine' : 'busybox'}`,
    `RUN echo build ${n % 7} > /built.txt`,
    `WORKDIR /app`,
    `COPY note.txt .`,
    `CMD ["cat", "/built.txt"]`,
    `EOF`,
  ].join('\n');
}

/** The next line: its kind chosen by weight, aimed at what the generator believes is there. */
function nextLine(rnd: () => number, b: Belief, n: number): SoakLine {
  const kind = weighted<SoakKind>(rnd, [
    [10, 'pull'],
    [12, 'run'],
    [16, 'exec'],
    [6, 'commit'],
    [4, 'tag'],
    [7, 'rm'],
    [5, 'rmi'],
    [4, 'prune'],
    [3, 'build'],
    [2, 'save'],
    [2, 'load'],
    [16, 'read'],
    [2, 'home'],
  ]);
  switch (kind) {
    case 'pull': {
      const ref = pick(rnd, SOAK_IMAGES);
      b.pulled.add(ref);
      return { kind, text: `docker pull -q ${ref}` };
    }
    case 'run': {
      const name = `c${Math.floor(rnd() * CONTAINERS)}`;
      const taken = b.running.has(name) || b.stopped.has(name);
      const shape = weighted(rnd, [
        [5, 'detached'],
        [3, 'once'],
        [2, 'rm'],
      ] as const);
      if (shape === 'rm') return { kind, text: `docker run --rm ${pick(rnd, SHELL_IMAGES)} echo hi ${n}` };
      if (shape === 'once') {
        if (!taken) b.stopped.add(name);
        return {
          kind,
          text: `docker run --name ${name} ${pick(rnd, SHELL_IMAGES)} sh -c 'echo ${n} > /once'`,
        };
      }
      if (!taken) b.running.add(name);
      const image = rnd() < 0.2 && b.images.size > 0 ? ownImage(rnd, b) : pick(rnd, SHELL_IMAGES);
      return { kind, text: `docker run -d --name ${name} ${image} sleep 100000` };
    }
    case 'exec':
      return { kind, text: execLine(rnd, containerName(rnd, b, 'running'), n) };
    case 'commit': {
      const image = `soak/i${Math.floor(rnd() * OWN_IMAGES)}`;
      b.images.add(image);
      return { kind, text: `docker commit -m step${n} ${containerName(rnd, b, 'any')} ${image}` };
    }
    case 'tag': {
      const target = `soak/t${Math.floor(rnd() * OWN_IMAGES)}:v${n % 3}`;
      b.images.add(target);
      return { kind, text: `docker tag ${anyImage(rnd, b)} ${target}` };
    }
    case 'rm': {
      const name = containerName(rnd, b, 'any');
      const force = b.running.has(name) || rnd() < 0.2;
      if (force || !b.running.has(name)) {
        b.running.delete(name);
        b.stopped.delete(name);
      }
      return { kind, text: `docker rm ${force ? '-f ' : ''}${name}` };
    }
    case 'rmi': {
      const image = rnd() < 0.7 ? ownImage(rnd, b) : pick(rnd, SOAK_IMAGES);
      b.images.delete(image);
      return { kind, text: `docker rmi ${rnd() < 0.3 ? '-f ' : ''}${image}` };
    }
    case 'prune': {
      const text = weighted(rnd, [
        [4, 'docker container prune -f'],
        [4, 'docker image prune -f'],
        [1, 'docker image prune -a -f'],
        [2, 'docker builder prune -f'],
        [1, 'docker builder prune -a -f'],
      ]);
      if (text.startsWith('docker container')) b.stopped.clear();
      if (text.includes(' -a ') && text.startsWith('docker image')) b.images.clear();
      return { kind, text };
    }
    case 'build': {
      b.built += 1;
      const image = `soak/b${b.built % 3}`;
      b.images.add(image);
      const build = `docker build -q -t ${image} ~/b`;
      return { kind, text: b.built === 1 || rnd() < 0.3 ? buildLine(n, build) : build };
    }
    case 'save': {
      b.saved = true;
      return { kind, text: `docker save -o ~/s.tar ${pick(rnd, SMALL_IMAGES)}` };
    }
    case 'load': {
      const text = b.saved ? 'docker load -q -i ~/s.tar && rm ~/s.tar' : 'docker load -q -i ~/none.tar';
      b.saved = false;
      return { kind, text };
    }
    case 'read':
      return {
        kind,
        text: weighted(rnd, [
          [3, 'docker images'],
          [1, 'docker images -a'],
          [3, 'docker ps -a'],
          [3, `docker diff ${containerName(rnd, b, 'any')}`],
          [2, `docker history ${anyImage(rnd, b)}`],
          [1, 'docker system df'],
          [1, `docker inspect --format '{{.Id}}' ${anyImage(rnd, b)}`],
          [1, `docker logs ${containerName(rnd, b, 'any')}`],
        ]),
      };
    case 'home':
      return { kind, text: `echo ${n} >> ~/notes.txt && wc -l ~/notes.txt && rm -f ~/notes.txt` };
  }
}

/** `count` lines from `seed`: the same seed always gives the same lines. */
export function* soakLines(seed: number, count: number): Generator<SoakLine> {
  const rnd = seeded(seed);
  const belief: Belief = {
    running: new Set(),
    stopped: new Set(),
    images: new Set(),
    pulled: new Set(),
    saved: false,
    built: 0,
  };
  for (let n = 0; n < count; n++) yield nextLine(rnd, belief, n);
}
