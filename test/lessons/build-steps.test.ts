// Pins buildSteps, the lesson checks' reader of a docker build's output: which `[n/m]` steps ran and
// which came from the cache, in both forms BuildKit prints (plain `#N …` text and the redrawn terminal
// view). The output here comes from the real progress printers, fed a small timed event stream.

import { describe, expect, it } from 'vitest';
import { PlainPrinter, TtyPrinter, type BuildEvent } from '../../src/cli/docker/build-progress';
import type { CheckContext } from '../../src/lessons';
import { buildSteps, lastBuild } from '../../src/lessons/checks';
import type { Engine } from '../../src/engine/engine';

const T0 = 1_700_000_000_000;
const LONG_RUN = 'RUN apt-get update && apt-get install -y $(cat /app/packages.txt) && echo all done';

/** One vertex, started at `from` and finished at `to` (ms after T0). */
function vertex(digest: string, name: string, from: number, to?: number, cached = false): BuildEvent {
  return {
    type: 'vertex',
    vertex: {
      digest,
      name,
      started: T0 + from,
      ...(to === undefined ? {} : { completed: T0 + to }),
      ...(cached ? { cached } : {}),
    },
  };
}

const log = (digest: string, data: string, at: number): BuildEvent => ({
  type: 'log',
  log: { vertex: digest, stream: 1, data, timestamp: T0 + at },
});

/** A build: FROM and COPY packages.txt cached, the install cached, `COPY .` rebuilt, with logs. */
const EVENTS: BuildEvent[] = [
  vertex('def', '[internal] load build definition from Dockerfile', 0, 10),
  vertex('ctx', '[internal] load build context', 20, 30),
  vertex('from', '[1/4] FROM docker.io/library/debian:bookworm-slim', 40, 40, true),
  vertex('pkgs', '[2/4] COPY packages.txt /app/', 41, 41, true),
  vertex('run', `[3/4] ${LONG_RUN}`, 42, 42, true),
  vertex('all', '[4/4] COPY . /app', 50),
  log('all', '#9 0.1 [2/4] COPY looks like a step but is a log line\n', 60),
  vertex('all', '[4/4] COPY . /app', 50, 120),
  vertex('export', 'exporting to image', 130, 140),
];

function plain(events: readonly BuildEvent[]): string {
  let out = '';
  const p = new PlainPrinter((t) => (out += t), { desc: 'building with "default" instance' });
  for (const e of events) p.write(e);
  p.finish();
  return out;
}

function tty(events: readonly BuildEvent[]): string {
  let out = '';
  const p = new TtyPrinter((t) => (out += t), { columns: 80, frameGapMs: 0 });
  for (const e of events) p.write(e);
  p.finish();
  return out;
}

const marks = (output: string) => buildSteps(output).map((s) => [s.pos, s.cached]);

describe('buildSteps reads which steps came from the build cache', () => {
  it('plain progress: `#N CACHED` marks the step whose header `#N [n/m] …` came before it', () => {
    const out = plain(EVENTS);
    expect(out).toContain('CACHED');
    expect(marks(out)).toEqual([
      ['1/4', true],
      ['2/4', true],
      ['3/4', true],
      ['4/4', false],
    ]);
    const steps = buildSteps(out);
    expect(steps[2]?.text).toBe(LONG_RUN);
    expect(steps[3]?.text).toBe('COPY . /app');
  });

  it('terminal view: the last frame a step appears in decides, even when its name is cut short', () => {
    const out = tty(EVENTS);
    expect(out).toContain('\x1b[');
    expect(marks(out)).toEqual([
      ['1/4', true],
      ['2/4', true],
      ['3/4', true],
      ['4/4', false],
    ]);
    const run = buildSteps(out)[2];
    expect(run?.text.startsWith('RUN apt-get update')).toBe(true);
    expect(LONG_RUN.startsWith(run?.text ?? 'x')).toBe(true);
    expect(run?.text.length, 'the terminal view cut the name short').toBeLessThan(LONG_RUN.length);
  });

  it('a step that ran is not cached in either form; a failed one is listed as not cached', () => {
    const events: BuildEvent[] = [
      vertex('from', '[build 1/2] FROM docker.io/library/alpine:latest', 0, 1),
      vertex('run', '[build 2/2] RUN false', 2),
      {
        type: 'vertex',
        vertex: {
          digest: 'run',
          name: '[build 2/2] RUN false',
          started: T0 + 2,
          completed: T0 + 30,
          error: 'process "/bin/sh -c false" did not complete successfully: exit code: 1',
        },
      },
    ];
    for (const out of [plain(events), tty(events)]) {
      expect(buildSteps(out)).toEqual([
        { pos: 'build 1/2', text: 'FROM docker.io/library/alpine:latest', cached: false },
        { pos: 'build 2/2', text: 'RUN false', cached: false },
      ]);
    }
  });

  it('output without steps (docker build -q, an error before any step) gives none', () => {
    expect(buildSteps('sha256:4f1c0e9a3b7d\n')).toEqual([]);
    expect(buildSteps('')).toEqual([]);
  });

  it('lastBuild reads only a docker build that succeeded on the host', () => {
    const output = plain(EVENTS);
    const ctx = (line: string, exitCode = 0): CheckContext => {
      const last = { line, output, exitCode, shell: 'host' as const };
      return { engine: {} as Engine, last, history: [last] };
    };
    expect(lastBuild(ctx('docker build -t myapp .'))).toHaveLength(4);
    expect(lastBuild(ctx('docker image build .'))).toHaveLength(4);
    expect(lastBuild(ctx('docker buildx build .'))).toHaveLength(4);
    expect(lastBuild(ctx('docker build -t myapp .', 1))).toBeNull();
    expect(lastBuild(ctx('cat build.log'))).toBeNull();
  });
});
