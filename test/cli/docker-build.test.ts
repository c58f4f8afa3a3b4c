// docker build as the terminal shows it: whole sessions replayed by the seeded runner and compared byte
// for byte with golden transcripts (plain progress, the TTY view's last frame, every error shape), then
// the build cache at the prompt (`docker builder prune`, the `docker system df` Build Cache row), a
// delete in a later layer that does not shrink the image, and `-q`. Cache keys, COPY semantics and
// config bytes are pinned by the engine's own tests; here it is what the learner reads.
// The scripts and how to make a golden again: docker-build-scripts.ts.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { command as builderPrune } from '../../src/cli/docker/builder-prune';
import { humanSize, humanSizeWithPrecision } from '../../src/cli/format/units';
import type { Engine } from '../../src/engine/engine';
import type { ImageId } from '../../src/engine/ids';
import { replay, type LineRun } from '../../src/node/sim';
import { docker } from './docker-images-ctx';
import { ERRORS, lastFrame, MULTI, session, SINGLE, TTY } from './docker-build-scripts';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');
const HEX64 = /^[0-9a-f]{64}$/;

/** The runs of one command line, in order. */
function runsOf(runs: LineRun[], command: string): LineRun[] {
  const hits = runs.filter((r) => r.command === command);
  if (hits.length === 0) throw new Error(`the script did not run ${JSON.stringify(command)}`);
  return hits;
}

/** `#N writing image sha256:…` → the id. */
function writtenImage(output: string): string | undefined {
  return /^#\d+ writing image (sha256:[0-9a-f]{64}) done$/m.exec(output)?.[1];
}

/** Step name → `CACHED` or `DONE`/`ERROR` for the numbered build steps of a plain transcript. */
function stepStates(output: string): Map<string, string> {
  const names = new Map<string, string>();
  const states = new Map<string, string>();
  for (const line of output.split('\n')) {
    const m = /^#(\d+) (.*)$/.exec(line);
    if (!m) continue;
    const [, n, rest] = m as unknown as [string, string, string];
    if (!names.has(n)) names.set(n, rest);
    else if (rest === 'CACHED' || /^(DONE|ERROR)\b/.test(rest))
      states.set(names.get(n) as string, rest.split(' ')[0] as string);
  }
  return states;
}

/** The states of the steps whose names start with `prefix` (a RegExp: whose names match it). */
const stepLike = (states: Map<string, string>, prefix: string | RegExp) =>
  [...states]
    .filter(([name]) => (typeof prefix === 'string' ? name.startsWith(prefix) : prefix.test(name)))
    .map(([, s]) => s);

/** Columns of a tabwriter row (two or more spaces apart). */
const cols = (row: string) => row.trim().split(/\s{2,}/);

/** The `docker system df` row of one type, as columns. */
function dfRow(out: string, type: string): string[] {
  const row = out.split('\n').find((l) => l.startsWith(`${type}  `));
  if (!row) throw new Error(`no ${type} row in:\n${out}`);
  return [type, ...cols(row.slice(type.length))];
}

/** Runs one more line on a finished session's host (a fresh shell in the home directory). */
async function more(engine: Engine, line: string): Promise<LineRun> {
  const { runs } = await replay(engine, `${line}\n`, { columns: 80 });
  return runs[0] as LineRun;
}

describe('golden transcripts (plain progress)', () => {
  describe('(a) one stage: first build, the same build again, one copied file changed', () => {
    let runs: LineRun[];
    let transcript: string;
    beforeAll(async () => {
      ({ runs, transcript } = await session(SINGLE));
    }, 60_000);

    it('matches build-transcript-single.txt byte for byte', () => {
      expect(transcript).toBe(golden('build-transcript-single.txt'));
      expect(runs.filter((r) => r.code !== 0).map((r) => r.command)).toEqual([]);
    });

    it('the first build resolves and downloads the base (not local), then runs every step', () => {
      const [first] = runsOf(runs, 'docker build -t site:1 .');
      const out = first!.stderr;
      expect(out).toMatch(/^#4 resolve docker\.io\/library\/nginx:latest@sha256:[0-9a-f]{64} done$/m);
      expect(out).toMatch(/^#4 sha256:[0-9a-f]{64} [\d.]+MB \/ [\d.]+MB [\d.]+s done$/m);
      expect(out).toMatch(/^#4 extracting sha256:[0-9a-f]{64} [\d.]+s done$/m);
      expect([...stepStates(out).values()].includes('CACHED')).toBe(false);
      expect(out).toMatch(/^#7 0\.\d{3} index\.html$/m);
      expect(first!.stdout).toBe('');
    });

    it('the same build again: every step CACHED, the same image id written', () => {
      const [first, again] = runsOf(runs, 'docker build -t site:1 .');
      const states = stepStates(again!.stderr);
      expect(stepLike(states, /^\[\d\/3\] /)).toEqual(['CACHED', 'CACHED', 'CACHED']);
      expect(again!.stderr).not.toMatch(/^#\d+ \d+\.\d{3} /m); // a cached RUN prints no output
      expect(writtenImage(again!.stderr)).toBe(writtenImage(first!.stderr));
    });

    it('one copied file changed: FROM cached, COPY and the RUN after it rebuilt, a new id', () => {
      const [first] = runsOf(runs, 'docker build -t site:1 .');
      const [changed] = runsOf(runs, 'docker build --progress plain -t site:1 .');
      const states = stepStates(changed!.stderr);
      expect(stepLike(states, '[1/3] FROM')).toEqual(['CACHED']);
      expect(stepLike(states, '[2/3] COPY')).toEqual(['DONE']);
      expect(stepLike(states, '[3/3] RUN')).toEqual(['DONE']);
      expect(writtenImage(changed!.stderr)).toMatch(/^sha256:/);
      expect(writtenImage(changed!.stderr)).not.toBe(writtenImage(first!.stderr));
      // the tag moved: the first image stays, untagged (newest first, as `docker images` sorts)
      const images = runs.at(-1)!.stdout.split('\n').slice(1, -1).map(cols);
      expect(images.map((c) => c.slice(0, 3))).toEqual([
        ['site', '1', writtenImage(changed!.stderr)!.slice(7, 19)],
        ['<none>', '<none>', writtenImage(first!.stderr)!.slice(7, 19)],
      ]);
    });
  });

  describe('(b) two stages: --build-arg, a scratch final stage with COPY --from, --target', () => {
    let runs: LineRun[];
    let transcript: string;
    beforeAll(async () => {
      ({ runs, transcript } = await session(MULTI));
    }, 60_000);

    it('matches build-transcript-multi.txt byte for byte', () => {
      expect(transcript).toBe(golden('build-transcript-multi.txt'));
      expect(runs.filter((r) => r.code !== 0).map((r) => r.command)).toEqual([]);
    });

    it('--build-arg reaches the RUN; the final image holds only what it copied', () => {
      const build = runsOf(runs, 'docker build --build-arg VERSION=2 -t two .')[0]!;
      expect(build.stderr).toMatch(/^#\d+ 0\.\d{3} v2$/m);
      const history = runsOf(runs, 'docker history two')[0]!.stdout.split('\n').slice(1, -1).map(cols);
      expect(history.map((c) => c[2])).toEqual([
        'CMD ["/all.txt"]',
        'LABEL org.example.v=1',
        'COPY /src/all.txt /all.txt # buildkit',
      ]);
    });

    it('--target build stops at that stage: its default ARG, the base image below', () => {
      const build = runsOf(runs, 'docker build --target build -t one .')[0]!;
      expect(build.stderr).not.toContain('stage-1');
      expect(build.stderr).toMatch(/^#\d+ 0\.\d{3} v1\.0$/m);
      const history = runsOf(runs, 'docker history one')[0]!.stdout.split('\n').slice(1, -1).map(cols);
      expect(history[0]?.[2]).toMatch(/^RUN \|1 VERSION=1\.0 \/bin\/sh -c cat a\.txt b\.tx…$/);
      expect(history.at(-1)?.[2]).toMatch(/^ADD alpine-minirootfs/);
    });
  });

  describe('(c) errors', () => {
    let runs: LineRun[];
    let transcript: string;
    beforeAll(async () => {
      ({ runs, transcript } = await session(ERRORS));
    }, 60_000);

    it('matches build-transcript-errors.txt byte for byte', () => {
      expect(transcript).toBe(golden('build-transcript-errors.txt'));
    });

    it('every failed build exits 1 (echo $? prints 1 after each)', () => {
      const builds = runs.filter((r) => r.command.startsWith('docker build'));
      expect(builds).toHaveLength(9);
      expect(builds.map((r) => r.code)).toEqual(builds.map(() => 1));
      expect(runsOf(runs, 'echo $?').map((r) => r.stdout)).toEqual(builds.map(() => '1\n'));
      // errors go to stderr; stdout stays empty
      expect(builds.map((r) => r.stdout)).toEqual(builds.map(() => ''));
    });

    it('the last line of each names the cause as BuildKit and buildx print it', () => {
      const last = (cmd: string) => runsOf(runs, cmd)[0]!.stderr.trimEnd().split('\n').at(-1);
      expect(last('docker build -f Dockerfile.parse .')).toBe(
        'ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)',
      );
      expect(last('docker build -f Dockerfile.run .')).toBe(
        'ERROR: failed to solve: process "/bin/sh -c foo" did not complete successfully: exit code: 127',
      );
      expect(last('docker build -f Dockerfile.miss .')).toMatch(
        /^ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref [a-z0-9]{25}::[a-z0-9]{25}: "\/missing\.txt": not found$/,
      );
      expect(last('docker build --target nosuch .')).toBe(
        'ERROR: failed to solve: target stage "nosuch" could not be found',
      );
      expect(last('docker build nodir')).toBe('ERROR: unable to prepare context: path "nodir" not found');
    });
  });

  it('(d) the TTY view at 80 columns: the last frame matches build-transcript-tty-80.txt', async () => {
    const { runs } = await session(TTY);
    const build = runs.at(-1)!;
    expect(build.code).toBe(0);
    expect(build.stdout).toBe('');
    const frame = lastFrame(build.stderr);
    expect(frame).toBe(golden('build-transcript-tty-80.txt'));
    const lines = frame.split('\n').slice(0, -1);
    expect(lines[0]).toMatch(/^\[\+\] Building [\d.]+s \(8\/8\) FINISHED +docker:default$/);
    for (const l of lines) expect(l).toHaveLength(79);
  }, 60_000);
});

/** A two-stage build: the build stage's steps end up only in the cache, the final COPY in `two`. */
const TWO_STAGES = [
  'mkdir app && cd app',
  "printf 'hello\\n' > a.txt",
  "printf 'FROM alpine AS build\\nWORKDIR /src\\nCOPY a.txt .\\nRUN cp /bin/busybox /src/tool\\nFROM scratch\\nCOPY --from=build /src/a.txt /a.txt\\n' > Dockerfile",
  'docker build -q -t two .',
].join('\n');

/** The cache records whose layer stack no image starts with (BuildKit's records that are not Shared). */
function unshared(engine: Engine) {
  const stacks = [...engine.state.images.values()].map((i) => i.diffIds);
  const startsWith = (a: readonly string[], b: readonly string[]) => b.every((d, i) => a[i] === d);
  return [...engine.state.buildCache.values()].filter((r) => !stacks.some((s) => startsWith(s, r.diffIds)));
}

describe('docker builder prune', () => {
  it('without -f asks first; an empty stdin declines: nothing removed, exit 0', async () => {
    const { engine } = await session(TWO_STAGES);
    const before = engine.state.buildCache.size;
    expect(before).toBeGreaterThan(0);
    expect(await docker(engine, builderPrune, [], { stdin: '' })).toEqual({
      code: 0,
      out: 'WARNING! This will remove all dangling build cache. Are you sure you want to continue? [y/N] ',
      err: '',
    });
    expect(await docker(engine, builderPrune, ['-a'], { stdin: '' })).toEqual({
      code: 0,
      out: 'WARNING! This will remove all build cache. Are you sure you want to continue? [y/N] ',
      err: '',
    });
    expect((await docker(engine, builderPrune, [], { stdin: 'n\n' })).code).toBe(0);
    expect(engine.state.buildCache.size).toBe(before);
    // "y" (either case) goes ahead
    expect((await docker(engine, builderPrune, [], { stdin: 'Y\n' })).code).toBe(0);
    expect(engine.state.buildCache.size).toBeLessThan(before);
  }, 60_000);

  it('-f removes exactly the records no image stands on; -a -f removes the rest', async () => {
    const { engine } = await session(TWO_STAGES);
    const loose = unshared(engine);
    expect(loose.map((r) => r.kind).sort()).toEqual(['COPY', 'FROM', 'RUN', 'WORKDIR']);
    const kept = [...engine.state.buildCache.values()].filter((r) => !loose.includes(r));
    expect(kept.map((r) => r.description)).toEqual(['COPY /src/a.txt /a.txt']);
    expect((await more(engine, 'docker builder prune -f')).code).toBe(0);
    expect([...engine.state.buildCache.values()]).toEqual(kept);
    expect((await more(engine, 'docker builder prune -a -f')).code).toBe(0);
    expect(engine.state.buildCache.size).toBe(0);
    // the image the last record stood under is untouched
    expect((await more(engine, 'docker history -q two')).code).toBe(0);
  }, 60_000);

  it("prints buildx prune's table: one row per removed record, then Total (docker builder is buildx in Docker 27)", async () => {
    const { engine } = await session(TWO_STAGES);
    const loose = unshared(engine);
    const r = await more(engine, 'docker builder prune -f');
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\t+RECLAIMABLE\t+SIZE\t+LAST ACCESSED$/);
    const rows = lines
      .slice(1, -2)
      .map((l) => /^(\S+) *\t+true *\t+(\S+) *\t+(.+ ago)$/.exec(l)?.slice(1, 3));
    expect(rows.sort()).toEqual(loose.map((x) => [x.id, humanSize(x.size)]).sort());
    const total = loose.reduce((n, x) => n + x.size, 0);
    expect(lines.slice(-2)).toEqual([`Total:\t${humanSize(total)}`, '']);
    // nothing left to remove: no table, a zero total
    expect((await more(engine, 'docker builder prune -f')).stdout).toBe('Total:\t0B\n');
  }, 60_000);
});

describe('docker system df: the Build Cache row', () => {
  let engine: Engine;
  beforeAll(async () => {
    ({ engine } = await session(TWO_STAGES));
  }, 60_000);

  it('TOTAL counts the records (one per FROM/WORKDIR/COPY/RUN step), ACTIVE 0 between builds', async () => {
    const row = dfRow((await more(engine, 'docker system df')).stdout, 'Build Cache');
    expect(row.slice(0, 3)).toEqual(['Build Cache', '5', '0']);
    expect(engine.state.buildCache.size).toBe(5);
  });

  it('SIZE and RECLAIMABLE are the records no image shares, with no percentage (docker/cli df)', async () => {
    const bytes = unshared(engine).reduce((n, r) => n + r.size, 0);
    expect(bytes).toBeGreaterThan(800_000); // the build stage's copy of busybox
    const row = dfRow((await more(engine, 'docker system df')).stdout, 'Build Cache');
    expect(row).toEqual(['Build Cache', '5', '0', humanSize(bytes), humanSize(bytes)]);
  });

  it('a one-stage build: every record is shared with the image, so SIZE and RECLAIMABLE are 0B', async () => {
    const { engine: e } = await session(
      [
        'mkdir one && cd one',
        "printf 'hi\\n' > a.txt",
        "printf 'FROM alpine\\nCOPY a.txt /\\nRUN cat /a.txt > /b.txt\\n' > Dockerfile",
        'docker build -q -t one .',
      ].join('\n'),
    );
    expect(unshared(e)).toEqual([]);
    const row = dfRow((await more(e, 'docker system df')).stdout, 'Build Cache');
    expect(row).toEqual(['Build Cache', '3', '0', '0B', '0B']);
  }, 60_000);

  it('after builder prune -a -f: 0 records, 0B; the layers only the cache held are gone', async () => {
    const { engine: e } = await session(TWO_STAGES);
    const imagesBefore = dfRow((await more(e, 'docker system df')).stdout, 'Images');
    const own = Number((await more(e, "docker inspect -f '{{.Size}}' two")).stdout);
    const cacheOnly = unshared(e)
      .filter((r) => r.ownLayer)
      .map((r) => r.diffIds.at(-1));
    expect(cacheOnly).toHaveLength(3); // WORKDIR, COPY and RUN of the build stage
    await more(e, 'docker builder prune -a -f');
    const df = (await more(e, 'docker system df')).stdout;
    expect(dfRow(df, 'Build Cache')).toEqual(['Build Cache', '0', '0', '0B', '0B']);
    // the Images figure counted the build stage's layers too; now only the image's own remain
    expect(imagesBefore.slice(0, 3)).toEqual(['Images', '1', '0']);
    expect(imagesBefore[3]).not.toBe(humanSize(own));
    expect(dfRow(df, 'Images')).toEqual(['Images', '1', '0', humanSize(own), `${humanSize(own)} (100%)`]);
    const layers = new Set([...e.state.layers.values()].map((l) => l.diffId));
    for (const d of cacheOnly) expect(layers.has(d!)).toBe(false);
    expect((await more(e, 'docker history -q two')).code).toBe(0);
  }, 60_000);
});

describe('a delete in a later layer does not shrink the image', () => {
  let runs: LineRun[];
  beforeAll(async () => {
    ({ runs } = await session(
      [
        'mkdir d && cd d',
        "printf 'FROM alpine\\nRUN cp /bin/busybox /big\\nRUN rm /big\\n' > Dockerfile",
        'docker build -q -t fat .',
        "printf 'FROM alpine\\nRUN cp /bin/busybox /big && rm /big\\n' > Dockerfile.one",
        'docker build -q -f Dockerfile.one -t slim .',
        "docker images --format '{{.Repository}} {{.Size}}'",
        "docker inspect -f '{{.Size}}' fat slim",
        "docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' fat",
        "docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' slim",
        'docker run --rm fat ls -l /big /bin/busybox',
      ].join('\n'),
    ));
  }, 60_000);

  const out = (cmd: string) => runsOf(runs, cmd)[0]!.stdout;

  it('`rm` in its own RUN: the copy stays in the layer below, the image is bigger by the whole file', () => {
    const [fat, slim] = out("docker inspect -f '{{.Size}}' fat slim").trim().split('\n').map(Number) as [
      number,
      number,
    ];
    const ls = out('docker run --rm fat ls -l /big /bin/busybox');
    const busybox = Number(/^\S+ \d+ \S+ \S+ (\d+) .* \/bin\/busybox$/m.exec(ls)?.[1]);
    expect(busybox).toBeGreaterThan(100_000);
    expect(fat - slim).toBe(busybox);
    expect(out("docker images --format '{{.Repository}} {{.Size}}'").split('\n').sort()).toEqual(
      ['', `fat ${humanSizeWithPrecision(fat, 3)}`, `slim ${humanSizeWithPrecision(slim, 3)}`].sort(),
    );
  });

  it('docker history: the copy layer has the size, the rm layer 0B; in one RUN nothing is left', () => {
    expect(
      out("docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' fat").split('\n').slice(0, 2),
    ).toEqual([
      'RUN /bin/sh -c rm /big # buildkit|0B',
      'RUN /bin/sh -c cp /bin/busybox /big # buildkit|809kB',
    ]);
    expect(out("docker history --no-trunc --format '{{.CreatedBy}}|{{.Size}}' slim").split('\n')[0]).toBe(
      'RUN /bin/sh -c cp /bin/busybox /big && rm /big # buildkit|0B',
    );
  });

  it('and yet the file is gone from the container view', () => {
    const r = runsOf(runs, 'docker run --rm fat ls -l /big /bin/busybox')[0]!;
    expect(r.stderr).toBe("ls: cannot access '/big': No such file or directory\n");
  });
});

describe('docker build -q', () => {
  it('prints only sha256:<64 hex> and a newline on stdout, nothing on stderr', async () => {
    const { runs, engine } = await session(
      [
        'mkdir q && cd q',
        "printf 'hi\\n' > a.txt",
        "printf 'FROM alpine\\nCOPY a.txt /\\nRUN cat /a.txt\\n' > Dockerfile",
        'docker build -q -t q:1 .',
        'docker build -q .',
      ].join('\n'),
    );
    for (const r of runs.slice(-2)) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
      expect(HEX64.test(r.stdout.slice(7, -1))).toBe(true);
      expect(engine.state.images.has(r.stdout.trim() as ImageId)).toBe(true);
    }
    // the cached second build writes the same image
    expect(runs.at(-1)!.stdout).toBe(runs.at(-2)!.stdout);
  }, 60_000);
});

describe('build times', () => {
  it('an image built from a downloaded base is not created in the future of the host clock', async () => {
    const { runs, engine } = await session(
      [
        'mkdir c && cd c',
        "printf 'FROM nginx\\nRUN echo built > /built.txt\\n' > Dockerfile",
        'docker build -q -t c:1 .',
        "docker inspect -f '{{.Created}}' c:1",
        "docker images --format '{{.CreatedSince}}' c:1",
      ].join('\n'),
    );
    const created = Date.parse(runs.at(-2)!.stdout.trim());
    expect(Number.isNaN(created)).toBe(false);
    expect(created).toBeLessThanOrEqual(engine.platform.clock.now());
    // the clock moved 2s before each of the two lines after the build
    expect(runs.at(-1)!.stdout).not.toBe('Less than a second ago\n');
  }, 60_000);
});
