// Replays test/scenarios/seed-walkthrough.txt through the runner (seeded host, fixed clock moved a
// little before each line) and checks every expectation its comments state.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffIdOf } from '../../src/engine/oci/digest';
import { contentBytes } from '../../src/engine/fs/content';
import type { Engine } from '../../src/engine/engine';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { replay, type LineRun } from '../../src/node/sim';

const SCRIPT = readFileSync(new URL('../scenarios/seed-walkthrough.txt', import.meta.url), 'utf8');
const HEX64 = /^[0-9a-f]{64}$/;

let engine: Engine;
let runs: LineRun[];
let transcript: string;

/** The n-th (0-based) run of a command line. */
function ran(command: string, n = 0): LineRun {
  const hits = runs.filter((r) => r.command === command);
  const r = hits[n];
  if (!r) throw new Error(`the walkthrough did not run ${JSON.stringify(command)} (#${n})`);
  return r;
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');
const layerIds = (pull: string) => [
  ...new Set(
    lines(pull)
      .map((l) => /^([0-9a-f]{12}): /.exec(l)?.[1])
      .filter(Boolean),
  ),
];
const sizeMB = (s: string) => {
  const m = /^([\d.]+)(kB|MB|GB|B)$/.exec(s);
  if (!m) throw new Error(`not a size: ${s}`);
  return Number(m[1]) * ({ B: 1e-6, kB: 1e-3, MB: 1, GB: 1e3 } as Record<string, number>)[m[2] as string]!;
};
const cols = (row: string) => row.split(/\s{2,}/);
const pageAt = (ref: string, path: string) => {
  const f = engine.container(ref).upper.view().fileOf(path);
  return f ? new TextDecoder().decode(contentBytes(f.content)) : undefined;
};

beforeAll(async () => {
  const host = await openHost({ seed: 1, time: GOLDEN_TIME });
  engine = host.engine;
  ({ runs, transcript } = await replay(engine, SCRIPT, { clock: host.clock, stepMs: 2000 }));
}, 60_000);

describe('seed walkthrough', () => {
  it('runs every command line of the script, echoed after its prompt', () => {
    const commands = SCRIPT.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(runs.map((r) => r.command)).toEqual(commands);
    expect(runs.filter((r) => r.code !== 0).map((r) => r.command)).toEqual([]);
    expect(transcript.startsWith('learner@layerlab:~$ docker pull redis\nUsing default tag: latest\n')).toBe(
      true,
    );
  });

  it('docker pull redis: a layered download ending with the digest, status and full reference', () => {
    const r = ran('docker pull redis');
    const out = lines(r.output);
    expect(r.code).toBe(0);
    expect(out.slice(0, 2)).toEqual(['Using default tag: latest', 'latest: Pulling from library/redis']);
    const ids = layerIds(r.output);
    expect(ids.length).toBeGreaterThan(1);
    expect(out.filter((l) => l.endsWith(': Pull complete')).map((l) => l.slice(0, 12))).toEqual(ids);
    expect(out.slice(-3)[0]).toMatch(/^Digest: sha256:[0-9a-f]{64}$/);
    expect(out.slice(-2)).toEqual([
      'Status: Downloaded newer image for redis:latest',
      'docker.io/library/redis:latest',
    ]);
  });

  it('docker inspect redis:latest: RootFS.Layers lists one real diffID per pulled layer', () => {
    const r = ran('docker inspect redis:latest');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { RootFS: { Type: string; Layers: string[] } }[];
    expect(doc).toHaveLength(1);
    const rootfs = doc[0]!.RootFS;
    expect(rootfs.Type).toBe('layers');
    expect(rootfs.Layers).toHaveLength(layerIds(ran('docker pull redis').output).length);
    for (const diffId of rootfs.Layers) {
      const rec = [...engine.state.layers.values()].find((l) => l.diffId === diffId);
      expect(rec, diffId).toBeDefined();
      expect(diffIdOf(rec!.layer, engine.platform.sha256)).toBe(diffId);
    }
  });

  it('docker pull nginx: the Debian base layer redis brought says "Already exists"', () => {
    const r = ran('docker pull nginx');
    expect(r.code).toBe(0);
    const shared = lines(r.output)
      .filter((l) => l.endsWith(': Already exists'))
      .map((l) => l.slice(0, 12));
    expect(shared.length).toBeGreaterThan(0);
    const redisIds = layerIds(ran('docker pull redis').output);
    for (const id of shared) expect(redisIds).toContain(id);
    expect(lines(r.output).slice(-1)).toEqual(['docker.io/library/nginx:latest']);
  });

  it('docker images: nginx and redis with real-looking sizes', () => {
    const out = lines(ran('docker images').stdout);
    expect(out[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    const rows = out.slice(1).map(cols);
    expect(rows.map((c) => c[0]).sort()).toEqual(['nginx', 'redis']);
    for (const c of rows) {
      expect(c[1]).toBe('latest');
      expect(c[2]).toMatch(/^[0-9a-f]{12}$/);
      expect(sizeMB(c[4]!)).toBeGreaterThanOrEqual(10);
      expect(sizeMB(c[4]!)).toBeLessThanOrEqual(250);
    }
  });

  it('docker run -d --name web -p 8888:80 nginx prints a 64-hex id; docker ps shows it up with its ports', () => {
    const id = ran('docker run -d --name web -p 8888:80 nginx').stdout.trim();
    expect(id).toMatch(HEX64);
    const out = lines(ran('docker ps').stdout);
    expect(out[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/);
    expect(out).toHaveLength(2);
    expect(cols(out[1]!)).toEqual([
      id.slice(0, 12),
      'nginx',
      '"/docker-entrypoint.…"',
      '2 seconds ago',
      'Up 2 seconds',
      '0.0.0.0:8888->80/tcp, [::]:8888->80/tcp',
      'web',
    ]);
  });

  it('curl -s http://localhost:8888: the welcome page from the image layer', () => {
    const r = ran('curl -s http://localhost:8888', 0);
    expect(r).toMatchObject({ stderr: '', code: 0 });
    expect(r.stdout).toContain('<title>Welcome to nginx!</title>');
  });

  it('the exec session: prompts, ls, two mv, nginx -s reload without error, exit', () => {
    const id = ran('docker run -d --name web -p 8888:80 nginx').stdout.trim();
    const short = id.slice(0, 12);
    expect(ran('docker exec -it web /bin/bash')).toMatchObject({ output: '', code: 0 });
    expect(ran('cd /usr/share/nginx/html').prompt).toBe(`root@${short}:/# `);
    const ls = ran('ls');
    expect(ls.prompt).toBe(`root@${short}:/usr/share/nginx/html# `);
    expect(ls.stdout.split(/\s+/).filter(Boolean)).toEqual(['50x.html', 'index.html']);
    expect(ran('mv index.html index.html.bak')).toMatchObject({ output: '', code: 0 });
    expect(ran('mv 50x.html index.html')).toMatchObject({ output: '', code: 0 });
    const reload = ran('/usr/sbin/nginx -s reload');
    expect(reload.code).toBe(0);
    expect(reload.output).not.toMatch(/error|emerg|invalid/i);
    expect(ran('exit')).toMatchObject({
      output: '',
      code: 0,
      prompt: `root@${short}:/usr/share/nginx/html# `,
    });
    expect(ran('curl -s http://localhost:8888', 1).prompt).toBe('learner@layerlab:~$ ');
  });

  it("curl again: the error page, served from the container's writable layer", () => {
    const r = ran('curl -s http://localhost:8888', 1);
    expect(r).toMatchObject({ stderr: '', code: 0 });
    expect(r.stdout).not.toBe(ran('curl -s http://localhost:8888', 0).stdout);
    const view = engine.container('web').upper.view();
    const found = view.lookup('/usr/share/nginx/html/index.html');
    expect(found?.layer).toBe(view.sources.length - 1);
    expect(r.stdout).toBe(pageAt('web', '/usr/share/nginx/html/index.html'));
  });

  it('docker diff web: the html changes, plus exactly what the modelled nginx wrote', () => {
    const out = lines(ran('docker diff web').stdout);
    for (const l of [
      'C /usr',
      'C /usr/share',
      'C /usr/share/nginx',
      'C /usr/share/nginx/html',
      'D /usr/share/nginx/html/50x.html',
      'A /usr/share/nginx/html/index.html.bak',
      'C /usr/share/nginx/html/index.html',
    ])
      expect(out).toContain(l);
    expect(out).toEqual(engine.diff('web').map((c) => `${c.kind} ${c.path}`));
    for (const l of out) expect(l).toMatch(/^[ACD] \/(usr|etc\/nginx|etc$|run|var)/);
  });

  it('docker commit, images, history and inspect show the new layer on top of nginx', () => {
    const sha = ran('docker commit -a="xiaomotong" -m="modify index.html" web nginx01:1.0').stdout.trim();
    expect(sha).toMatch(/^sha256:[0-9a-f]{64}$/);
    const id = sha.slice(7);
    const nginxId = engine.image('nginx').id.replace(/^sha256:/, '');

    const images = lines(ran('docker images', 1).stdout).slice(1).map(cols);
    const mine = images.find((c) => c[0] === 'nginx01');
    const nginx = images.find((c) => c[0] === 'nginx');
    expect(mine?.slice(1, 3)).toEqual(['1.0', id.slice(0, 12)]);
    expect(mine?.[3]).toMatch(/^(Less than a second ago|\d+ seconds ago)$/);
    expect(sizeMB(mine![4]!)).toBeGreaterThanOrEqual(sizeMB(nginx![4]!));

    const hist = lines(ran('docker history nginx01:1.0').stdout);
    expect(hist[0]).toMatch(/^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
    expect(cols(hist[1]!)[0]).toBe(id.slice(0, 12));
    expect(hist[1]!.endsWith('modify index.html')).toBe(true);
    expect(cols(hist[2]!)[0]).toBe(nginxId.slice(0, 12));

    const doc = JSON.parse(ran('docker inspect nginx01:1.0').stdout) as Record<string, unknown>[];
    const img = doc[0] as { Author: string; Comment: string; Parent: string; RootFS: { Layers: string[] } };
    expect(img.Author).toBe('xiaomotong');
    expect(img.Comment).toBe('modify index.html');
    expect(img.Parent).toBe(`sha256:${nginxId}`);
    const base = engine.image('nginx').diffIds;
    expect(img.RootFS.Layers.slice(0, -1)).toEqual([...base]);
    expect(img.RootFS.Layers).toHaveLength(base.length + 1);
  });

  it('a new container of nginx01:1.0 serves the error page too: the change lives in an image layer', () => {
    const id = ran('docker run -d -p 8889:80 nginx01:1.0').stdout.trim();
    expect(id).toMatch(HEX64);
    const r = ran('curl -s http://localhost:8889');
    expect(r).toMatchObject({ stderr: '', code: 0 });
    expect(r.stdout).toBe(ran('curl -s http://localhost:8888', 1).stdout);
    expect(engine.container(id).upper.get('/usr/share/nginx/html/index.html')).toBeUndefined();
    expect(engine.invariants()).toEqual([]);
  });
});
