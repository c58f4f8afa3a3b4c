// Random command lines (real commands, random flags, quotes, unicode, junk, long lines) never throw out
// of the cli: each ends with a status, and the engine's invariants still hold afterwards.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { containerSession, hostSession } from '../../src/cli/session';
import type { Session, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

const RUNS = Number(process.env.FC_RUNS ?? 200);

const WORDS = [
  'docker',
  'ps',
  '-a',
  '-q',
  'images',
  'run',
  '-d',
  '-it',
  '--rm',
  '--name',
  'web',
  'nginx',
  'alpine',
  'exec',
  'rm',
  '-f',
  'stop',
  'start',
  'diff',
  'commit',
  'inspect',
  'history',
  'tag',
  'rmi',
  'logs',
  'image',
  'container',
  'ls',
  'prune',
  '-p',
  '8080:80',
  '--format',
  '{{.ID}}',
  '{{json .Config}}',
  'echo',
  'cat',
  'mkdir',
  '-p',
  'touch',
  'mv',
  'cp',
  '-r',
  'ln',
  '-s',
  'grep',
  'wc',
  'head',
  'sort',
  'find',
  'cd',
  '/',
  '/etc',
  '/tmp/x',
  '..',
  'export',
  'A=1',
  '$A',
  '$?',
  '$(docker ps -aq)',
  'sh',
  '-c',
  'bash',
  'curl',
  'http://localhost:8080',
  '|',
  '&&',
  '||',
  ';',
  '>',
  '>>',
  '<',
  '2>&1',
  '"',
  "'",
  '`',
  '(',
  ')',
  '{',
  '}',
  '*',
  '~',
  '#',
  '文件',
  '😀',
  '\\',
  'exit',
  'history',
  'help',
  'true',
  'false',
];

const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const line = fc.oneof(
  { weight: 20, arbitrary: fc.array(token, { minLength: 1, maxLength: 8 }).map((t) => t.join(' ')) },
  { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 2000 }) },
);

let engine: Engine;

beforeAll(async () => {
  ({ engine } = await openHost({ seed: 3, time: GOLDEN_TIME }));
  await engine.pull('nginx');
  await engine.pull('alpine');
  await engine.run({ image: 'nginx', name: 'fixed' });
}, 60_000);

async function runAll(session: Session, lines: string[]): Promise<void> {
  for (const l of lines) {
    let err = '';
    const io: Stdio = { stdin: null, out: () => undefined, err: (t) => (err += t), tty: false, columns: 80 };
    const r = await session.run(l, io);
    // An exception a program did not handle surfaces as `internal error` (the session's last guard).
    expect(err, l).not.toContain('internal error');
    expect(Number.isInteger(r.code)).toBe(true);
    expect(r.code).toBeGreaterThanOrEqual(0);
    expect(r.code).toBeLessThan(256);
  }
}

describe('cli fuzz', () => {
  it('random host lines end with a status and keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 5 }), async (lines) => {
        await runAll(hostSession(engine), lines);
        expect(engine.invariants()).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('random container lines end with a status and keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 5 }), async (lines) => {
        let ctr = [...engine.state.containers.values()].find((c) => c.name === 'fixed');
        if (!ctr || ctr.state.status !== 'running') {
          if (ctr) await engine.rm(ctr.id, true);
          ctr = (await engine.run({ image: 'nginx', name: 'fixed' })).container;
        }
        await runAll(containerSession(engine, ctr, { shell: 'bash' }), lines);
        expect(engine.invariants()).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
