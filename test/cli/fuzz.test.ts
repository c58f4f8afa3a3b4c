// The fuzz property: random command lines (real commands, random flags, quotes, unicode,
// binary junk, very long lines) never throw out of the cli, nor reach its last guard ("internal
// error"); each ends with an exit status, the engine's invariants hold, and the host's IndexedDB
// store (fake-indexeddb), read back by a fresh host now and then, holds exactly the host in memory.
// 10,000 lines under CI, 100,000 in the nightly run (`FUZZ_LINES`).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import type { Session, Stdio } from '../../src/cli/types';
import type { Engine } from '../../src/engine/engine';
import { IdbStore } from '../../src/engine/store';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { dumpHost } from '../helpers/dump';
import { recordFigures } from '../helpers/reliability';

const RUNS = Number(process.env.FUZZ_LINES ?? (process.env.CI === 'true' ? 10_000 : 1_000));
/** How many lines between two read-backs of the store (a few per run, whatever its size). */
const REOPEN_EVERY = Math.max(500, Math.ceil(RUNS / 4));

const COMMANDS = [
  'docker pull',
  'docker run',
  'docker run -d',
  'docker run -it',
  'docker create',
  'docker start',
  'docker stop',
  'docker restart',
  'docker kill',
  'docker rm',
  'docker rm -f',
  'docker ps',
  'docker ps -a',
  'docker images',
  'docker image ls',
  'docker inspect',
  'docker history',
  'docker diff',
  'docker commit',
  'docker exec',
  'docker logs',
  'docker tag',
  'docker rmi',
  'docker top',
  'docker port',
  'docker rename',
  'docker pause',
  'docker unpause',
  'docker image prune -f',
  'docker container prune -f',
  'docker system df',
  'docker version',
  'docker info',
  'docker',
  'docker nope',
  'curl',
  'curl -s',
  'ls',
  'cat',
  'echo',
  'mkdir -p',
  'rm -rf',
  'mv',
  'cp -r',
  'touch',
  'grep',
  'wc',
  'head',
  'sort',
  'cd',
  'pwd',
  'history',
  'help',
  'nosuchcommand',
];
const WORDS = [
  'nginx',
  'redis',
  'busybox',
  'alpine',
  'hello-world',
  'layerlab/unionfs-demo',
  'web',
  'nginx:1.27',
  'nginx:nope',
  'Nginx',
  '-p',
  '8888:80',
  '-d',
  '--name',
  '--rm',
  '-e',
  'A=b',
  '-a',
  '-q',
  '-f',
  '--format',
  '{{.ID}}',
  '{{json .Config}}',
  '{{.Nope',
  '/usr/share/nginx/html',
  'index.html',
  'http://localhost:8888',
  'localhost:9999',
  '~',
  '..',
  '/',
  '-',
  '--',
  '--bogus',
  '-zz',
  '日本語',
  '🐳',
  'a b',
  '"',
  "'",
  '$(docker ps -q)',
  '$HOME',
  '|',
  '&&',
  '||',
  ';',
  '>',
  '>>',
  '<',
  '2>&1',
  '/tmp/x',
  'sh',
  'bash',
  '-c',
  'exit',
  '#',
];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }).map((s) => `'${s}'`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }).map((s) => `"${s}`) },
);
const line = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(...COMMANDS), fc.array(word, { maxLength: 6 }))
      .map(([c, w]) => [c, ...w].join(' ')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x'.repeat(20_000), `echo ${'é'.repeat(5_000)}`, 'a'.repeat(300) + ' | wc -c'),
  },
);

/** Discards output, remembering whether the session's last guard spoke. */
function sink(seen: { internal: string }): Stdio {
  return {
    stdin: null,
    out: () => {},
    err: (t) => {
      if (t.includes('internal error')) seen.internal ||= t;
    },
    tty: false,
    columns: 80,
  };
}

/** What a fresh host opened on the same database holds (the store as it really is). */
async function reopened(indexedDB: IDBFactory): Promise<string> {
  const store = await IdbStore.open('cli-fuzz', { indexedDB });
  try {
    const { engine, problems } = await openHost({ seed: 1, time: GOLDEN_TIME, store });
    expect(problems).toEqual([]);
    expect(engine.invariants()).toEqual([]);
    return JSON.stringify(dumpHost(engine));
  } finally {
    await store.close();
  }
}

const sameStore = async (engine: Engine, indexedDB: IDBFactory) =>
  expect(await reopened(indexedDB)).toBe(JSON.stringify(dumpHost(engine)));

describe('cli fuzz', () => {
  it(`${RUNS} random command lines end with a status, never an exception, and leave the host and its store consistent`, async () => {
    const indexedDB = new IDBFactory();
    const store = await IdbStore.open('cli-fuzz', { indexedDB });
    const { engine, clock } = await openHost({ seed: 4242, time: GOLDEN_TIME, store });
    await engine.pull('nginx');
    await engine.run({
      image: 'nginx',
      name: 'web',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
    });
    const stack: Session[] = [hostSession(engine)];
    let checked = 0;
    let failures = 0;
    const started = performance.now();
    try {
      await fc.assert(
        fc.asyncProperty(line, async (text) => {
          const session = stack.at(-1) as Session;
          const seen = { internal: '' };
          const r = await session.run(text, sink(seen));
          expect(typeof r.code).toBe('number');
          expect(seen.internal, text.slice(0, 200)).toBe('');
          if (r.enter) stack.push(r.enter);
          if (r.leave && stack.length > 1) stack.pop();
          clock!.advance(1000);
          if (++checked % 50 === 0) expect(engine.invariants()).toEqual([]);
          if (checked % REOPEN_EVERY === 0) await sameStore(engine, indexedDB);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      expect(engine.invariants()).toEqual([]);
      expect(engine.saving).toBe(true);
      await sameStore(engine, indexedDB);
    } catch (e) {
      failures = 1;
      throw e;
    } finally {
      await store.close();
      recordFigures({
        suite: 'cli fuzz',
        size: checked,
        unit: 'command lines',
        result: {
          crashes: failures,
          seconds: Math.round((performance.now() - started) / 1000),
          heapMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
        },
      });
    }
  }, 3_600_000);

  it('a command named after an Object method is just not found (the fuzz found valueOf running)', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    const errs: string[] = [];
    const io: Stdio = { stdin: null, out: () => {}, err: (t) => errs.push(t), tty: false, columns: 80 };
    for (const name of ['valueOf', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = await hostSession(engine).run(name, io);
      expect(r.code).toBe(127);
    }
    expect(errs.join('')).toContain('bash: valueOf: command not found');
  });
});
