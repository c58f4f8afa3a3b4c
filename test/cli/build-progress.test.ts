// Pins docker build's progress output (BuildKit progressui as in Docker 27): plain transcripts, the
// terminal's final frame, number formats and the failure epilogue, all driven by timed events.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildBytes,
  DEFAULT_PLAIN_DESC,
  DEFAULT_TTY_DESC,
  errorEpilogue,
  goFixed,
  logPrefix,
  PlainPrinter,
  seconds,
  sourceExcerpt,
  TtyPrinter,
} from '../../src/cli/docker/build-progress';
import type { BuildEvent, BuildVertex } from '../../src/cli/docker/build-progress';

const T0 = 1_700_000_000_000;
const golden = (name: string) => readFileSync(join(__dirname, 'golden', name), 'utf8');

/** A small script language for event streams: times are ms after T0. */
class Stream {
  readonly events: BuildEvent[] = [];
  private readonly names = new Map<string, string>();

  start(id: string, name: string, at: number): this {
    this.names.set(id, name);
    this.events.push({ type: 'vertex', vertex: { digest: id, name, started: T0 + at } });
    return this;
  }
  done(id: string, from: number, at: number, extra: Partial<BuildVertex> = {}): this {
    const name = this.names.get(id) ?? id;
    const vertex = { digest: id, name, started: T0 + from, completed: T0 + at, ...extra };
    this.events.push({ type: 'vertex', vertex });
    return this;
  }
  /** A step answered from the cache: started and completed at once. */
  cached(id: string, name: string, at: number): this {
    this.names.set(id, name);
    const vertex = { digest: id, name, started: T0 + at, completed: T0 + at, cached: true };
    this.events.push({ type: 'vertex', vertex });
    return this;
  }
  status(id: string, text: string, from: number, at: number, current = 0, completed = true): this {
    this.events.push({
      type: 'status',
      status: {
        vertex: id,
        id: text,
        current,
        timestamp: T0 + at,
        started: T0 + from,
        ...(completed ? { completed: T0 + at } : {}),
      },
    });
    return this;
  }
  log(id: string, data: string, at: number): this {
    this.events.push({ type: 'log', log: { vertex: id, stream: 1, data, timestamp: T0 + at } });
    return this;
  }
}

const IMAGE_ID = 'sha256:4f1c0e9a3b7d2c5e8f6a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e';

/** The load steps every docker build starts with. */
function preamble(s: Stream, base: string): Stream {
  return s
    .start('def', '[internal] load build definition from Dockerfile', 0)
    .status('def', 'transferring dockerfile:', 5, 12, 123)
    .done('def', 0, 14)
    .start('meta', `[internal] load metadata for docker.io/library/${base}`, 20)
    .done('meta', 20, 1234)
    .start('ignore', '[internal] load .dockerignore', 1240)
    .status('ignore', 'transferring context:', 1241, 1243, 2)
    .done('ignore', 1240, 1245);
}

function exporting(s: Stream, from: number, tag: string): Stream {
  return s
    .start('export', 'exporting to image', from)
    .status('export', 'exporting layers', from, from + 180)
    .status('export', `writing image ${IMAGE_ID}`, from + 181, from + 183)
    .status('export', `naming to docker.io/library/${tag}`, from + 184, from + 185)
    .done('export', from, from + 186);
}

/** (a) one stage: FROM cached, COPY cached, a RUN that prints, then the export. */
function singleStage(): Stream {
  const s = preamble(new Stream(), 'nginx:alpine');
  s.cached('from', '[1/3] FROM docker.io/library/nginx:alpine@sha256:5d1d6ee0f2a3', 1300)
    .start('ctx', '[internal] load build context', 1301)
    .status('ctx', 'transferring context:', 1302, 1310, 61)
    .done('ctx', 1301, 1312)
    .cached('copy', '[2/3] COPY index.html /usr/share/nginx/html/', 1320)
    .start('run', '[3/3] RUN echo hello && ls /srv', 1330)
    .log('run', 'hello\n', 1564)
    .log('run', 'a.txt\nb.t', 1601)
    .log('run', 'xt\n', 1602)
    .done('run', 1330, 1742);
  return exporting(s, 1750, 'site:1');
}

/** (b) two stages: a builder stage and a final stage copying from it. */
function multiStage(): Stream {
  const s = preamble(new Stream(), 'alpine:3.20');
  s.start('b1', '[build 1/2] FROM docker.io/library/alpine:3.20@sha256:beefed', 1300)
    .done('b1', 1300, 1302)
    .start('ctx', '[internal] load build context', 1303)
    .status('ctx', 'transferring context:', 1304, 1306, 2048)
    .done('ctx', 1303, 1307)
    .start('b2', '[build 2/2] RUN echo built > /out.txt', 1310)
    .done('b2', 1310, 2515)
    .cached('f2', '[stage-1 2/2] COPY --from=build /out.txt /srv/', 2520)
    .start('f3', '[stage-1 3/3] RUN cat /srv/out.txt', 2530)
    .log('f3', 'built\n', 14_030)
    .done('f3', 2530, 14_140);
  return exporting(s, 14_150, 'two:latest');
}

/** (c) a RUN whose command is not found. */
function failing(): Stream {
  const s = preamble(new Stream(), 'alpine:latest');
  return s
    .cached('from', '[1/2] FROM docker.io/library/alpine:latest@sha256:beefed', 1300)
    .start('run', '[2/2] RUN foo', 1310)
    .log('run', '/bin/sh: foo: not found\n', 1544)
    .done('run', 1310, 1560, {
      error: 'process "/bin/sh -c foo" did not complete successfully: exit code: 127',
    });
}

function plain(s: Stream): { text: string; printer: PlainPrinter } {
  let text = '';
  const printer = new PlainPrinter((t) => (text += t), { desc: DEFAULT_PLAIN_DESC });
  for (const e of s.events) printer.write(e);
  printer.finish();
  return { text, printer };
}

function tty(s: Stream, columns: number): { text: string; printer: TtyPrinter } {
  let text = '';
  const printer = new TtyPrinter((t) => (text += t), { columns, desc: DEFAULT_TTY_DESC });
  for (const e of s.events) printer.write(e);
  printer.finish();
  return { text, printer };
}

const finalFrame = (p: TtyPrinter) =>
  p
    .frame(true)
    .map((l) => `${l.text}\n`)
    .join('');

describe('plain progress (--progress=plain)', () => {
  it('(a) single stage: #0 builder line, numbered steps, CACHED, logs with elapsed seconds, export statuses', () => {
    expect(plain(singleStage()).text).toBe(golden('build-plain-single.txt'));
  });

  it('(b) multi-stage: stage names kept, a log after 12s gets two decimals', () => {
    expect(plain(multiStage()).text).toBe(golden('build-plain-multi.txt'));
  });

  it('(c) failing RUN: #N ERROR line, then the epilogue with the last logs and the Dockerfile excerpt', () => {
    const { text, printer } = plain(failing());
    const epilogue = errorEpilogue({
      steps: printer.failed(),
      dockerfile: 'FROM alpine\nRUN foo\n',
      lines: { start: 2 },
      error: 'process "/bin/sh -c foo" did not complete successfully: exit code: 127',
    });
    expect(text + epilogue).toBe(golden('build-plain-fail.txt'));
  });

  it('numbers vertexes in the order they are first printed, not the order they were announced', () => {
    let text = '';
    const p = new PlainPrinter((t) => (text += t));
    p.write({ type: 'vertex', vertex: { digest: 'later', name: 'never started' } });
    p.write({ type: 'vertex', vertex: { digest: 'x', name: 'first', started: T0, completed: T0 + 100 } });
    expect(text).toBe('#1 first\n#1 DONE 0.1s\n');
  });

  it('re-prints a header when output switches back to a vertex, and marks the one left with #N ...', () => {
    let text = '';
    const p = new PlainPrinter((t) => (text += t));
    const s = new Stream()
      .start('a', 'step a', 0)
      .log('a', 'one\n', 100)
      .start('b', 'step b', 200)
      .done('a', 0, 300)
      .log('b', 'two\n', 400)
      .done('b', 200, 500);
    for (const e of s.events) p.write(e);
    // b's start waits while a is shown; a completes first, then b takes over
    expect(text).toBe('#1 step a\n#1 0.100 one\n#1 DONE 0.3s\n\n#2 step b\n#2 0.200 two\n#2 DONE 0.3s\n');
    let text2 = '';
    const p2 = new PlainPrinter((t) => (text2 += t));
    const s2 = new Stream()
      .start('a', 'step a', 0)
      .log('a', 'one\n', 100)
      .done('a', 0, 150)
      .start('b', 'step b', 200)
      .start('c', 'step c', 210)
      .done('c', 210, 220)
      .log('b', 'two\n', 400)
      .done('b', 200, 500);
    for (const e of s2.events) p2.write(e);
    expect(text2).toBe(
      '#1 step a\n#1 0.100 one\n#1 DONE 0.1s\n\n#2 step b\n#2 ...\n\n#3 step c\n#3 DONE 0.0s\n\n#2 step b\n#2 0.200 two\n#2 DONE 0.3s\n',
    );
  });

  it('skips a status update under 5% progress and under 5s since the last printed one', () => {
    let text = '';
    const p = new PlainPrinter((t) => (text += t));
    p.write({ type: 'vertex', vertex: { digest: 'c', name: '[internal] load build context', started: T0 } });
    const st = (current: number, at: number, completed?: number) =>
      p.write({
        type: 'status',
        status: {
          vertex: 'c',
          id: 'transferring context:',
          current,
          total: 10_000,
          started: T0,
          timestamp: T0 + at,
          completed,
        },
      });
    st(1000, 100);
    st(1200, 200); // +2%, 0.1s later: skipped
    st(2000, 300); // +10%: printed
    st(2100, 5400); // 5.1s later: printed
    st(10_000, 5500, T0 + 5500); // completed: always printed
    expect(text).toBe(
      '#1 [internal] load build context\n' +
        '#1 transferring context: 1.00kB / 10.00kB 0.1s\n' +
        '#1 transferring context: 2.00kB / 10.00kB 0.3s\n' +
        '#1 transferring context: 2.10kB / 10.00kB 5.4s\n' +
        '#1 transferring context: 10.00kB / 10.00kB 5.5s done\n',
    );
  });

  it('joins a line split across log chunks and keeps only the last 10 lines for the error block', () => {
    const s = new Stream().start('r', '[1/1] RUN seq 12; false', 0);
    for (let i = 1; i <= 12; i++) s.log('r', `${i}\n`, i * 10);
    s.done('r', 0, 200, { error: 'exit code: 1' });
    const { printer } = plain(s);
    const failed = printer.failed();
    expect(failed).toHaveLength(1);
    expect(failed[0]?.logs).toEqual(
      Array.from({ length: 10 }, (_, k) => `0.${String((k + 3) * 10).padStart(3, '0')} ${k + 3}`),
    );
  });
});

describe('terminal progress', () => {
  it('(a) final frame at 80 columns', () => {
    expect(finalFrame(tty(singleStage(), 80).printer)).toBe(golden('build-tty-single-80.txt'));
  });

  it('(a) final frame at 120 columns', () => {
    expect(finalFrame(tty(singleStage(), 120).printer)).toBe(golden('build-tty-single-120.txt'));
  });

  it('every frame line is one column short of the width (BuildKit pads to width - 1)', () => {
    for (const cols of [80, 120]) {
      for (const l of tty(singleStage(), cols).printer.frame(true)) expect(l.text).toHaveLength(cols - 1);
    }
  });

  it('redraws in place: cursor up over the last frame, hide/show cursor, finished lines blue', () => {
    let text = '';
    const p = new TtyPrinter((t) => (text += t), { columns: 40, frameGapMs: 0 });
    p.write({ type: 'vertex', vertex: { digest: 'a', name: 'step a', started: T0 } });
    // no builder description: the header fills the width, job lines are width - 1
    const header = (s: string) => s.padEnd(40);
    const job = (name: string, time: string) => `${name.padEnd(34)} ${time}`;
    expect(text).toBe(
      `\x1b[1A\x1b[1B\x1b[0G\x1b[?25l${header('[+] Building 0.0s (0/1) ')}\n${job(' => step a', '0.0s')}\n\x1b[?25h`,
    );
    text = '';
    p.write({ type: 'vertex', vertex: { digest: 'a', name: 'step a', started: T0, completed: T0 + 1234 } });
    p.finish();
    const last = text.slice(text.lastIndexOf('\x1b[1A\x1b[1A'));
    expect(last).toBe(
      `\x1b[1A\x1b[1A\x1b[0G\x1b[?25l${header('[+] Building 1.2s (1/1) FINISHED')}\n\x1b[34m${job(' => step a', '1.2s')}\n\x1b[0m\x1b[?25h`,
    );
  });

  it('marks failed steps ERROR in red and keeps all their log lines', () => {
    const { text, printer } = tty(failing(), 80);
    expect(text).toContain('\x1b[31m => ERROR [2/2] RUN foo');
    expect(printer.failed()[0]?.logs).toEqual(['0.234 /bin/sh: foo: not found']);
  });

  it('lists a sub-task only once it has started, in the order sub-tasks started', () => {
    const p = new TtyPrinter(() => {}, { columns: 60 });
    p.write({ type: 'vertex', vertex: { digest: 'e', name: 'exporting to image', started: T0 } });
    const st = (id: string, started?: number, completed?: number) =>
      p.write({ type: 'status', status: { vertex: 'e', id, timestamp: T0 + 50, started, completed } });
    st('naming to docker.io/library/x:1');
    st('exporting layers', T0 + 1, T0 + 20);
    st('naming to docker.io/library/x:1', T0 + 30, T0 + 40);
    const names = p.frame(true, T0 + 50).map((l) => l.text.trim().replace(/\s+[\d.]+s$/, ''));
    expect(names.slice(1)).toEqual([
      '=> exporting to image',
      '=> => exporting layers',
      '=> => naming to docker.io/library/x:1',
    ]);
  });

  it('coalesces redraws closer than 100ms of event time', () => {
    let frames = 0;
    const p = new TtyPrinter((t) => (frames += t.split('[+]').length - 1), { columns: 80 });
    for (const e of singleStage().events) p.write(e);
    expect(frames).toBeLessThan(singleStage().events.length);
    expect(frames).toBeGreaterThan(1);
  });
});

describe('formats', () => {
  it('step times as %.1fs, never minutes, Go rounding of halves to even', () => {
    expect(seconds(0)).toBe('0.0s');
    expect(seconds(1234)).toBe('1.2s');
    expect(seconds(12_345)).toBe('12.3s');
    expect(seconds(125_300)).toBe('125.3s');
    expect(seconds(250)).toBe('0.2s');
    expect(seconds(350)).toBe('0.3s'); // 0.35 is really 0.3499…
    expect(seconds(150)).toBe('0.1s'); // 0.15 is really 0.1499…
    expect(seconds(750)).toBe('0.8s'); // a true half rounds to even
    expect(goFixed(1.125, 2)).toBe('1.12');
  });

  it('log prefixes: 3 decimals under 10s, 2 under 100s, then 1', () => {
    expect(logPrefix(234)).toBe('0.234');
    expect(logPrefix(12_346)).toBe('12.35');
    expect(logPrefix(123_456)).toBe('123.5');
  });

  it('bytes like tonistiigi/units %.2f: decimal units, integers below 1000', () => {
    expect(buildBytes(2)).toBe('2B');
    expect(buildBytes(999)).toBe('999B');
    expect(buildBytes(1000)).toBe('1.00kB');
    expect(buildBytes(2_048_000)).toBe('2.05MB');
  });
});

describe('source excerpt', () => {
  const df = 'FROM alpine\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\nRUN f\n';

  it('a single line gets up to 4 lines of context, counted the BuildKit way', () => {
    expect(sourceExcerpt('Dockerfile', df, { start: 4 })).toBe(
      'Dockerfile:4\n--------------------\n   2 |     RUN a\n   3 |     RUN b\n   4 | >>> RUN c\n   5 |     RUN d\n   6 |     RUN e\n--------------------\n',
    );
  });

  it('a range marks every line of it and gets less context', () => {
    expect(sourceExcerpt('Dockerfile', df, { start: 3, end: 4 })).toBe(
      'Dockerfile:3\n--------------------\n   2 |     RUN a\n   3 | >>> RUN b\n   4 | >>> RUN c\n   5 |     RUN d\n--------------------\n',
    );
  });

  it('prints nothing for a range outside the file', () => {
    expect(sourceExcerpt('Dockerfile', df, { start: 40 })).toBe('');
  });
});
