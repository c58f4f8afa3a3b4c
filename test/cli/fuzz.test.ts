// The fuzz property: random command lines (real commands, random flags, quotes, unicode,
// binary junk, very long lines) never throw out of the cli; each ends with an exit status, and the
// engine's invariants hold afterwards.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import type { Session, Stdio } from '../../src/cli/types';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

const RUNS = Number(process.env.FUZZ_LINES ?? (process.env.CI === 'true' ? 10_000 : 1_000));

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

function sink(): Stdio {
  return { stdin: null, out: () => {}, err: () => {}, tty: false, columns: 80 };
}

describe('cli fuzz', () => {
  it(`${RUNS} random command lines end with a status, never an exception, and leave the host consistent`, async () => {
    const { engine, clock } = await openHost({ seed: 4242, time: GOLDEN_TIME });
    await engine.pull('nginx');
    await engine.run({
      image: 'nginx',
      name: 'web',
      ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
    });
    const stack: Session[] = [hostSession(engine)];
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(line, async (text) => {
        const session = stack.at(-1) as Session;
        const r = await session.run(text, sink());
        expect(typeof r.code).toBe('number');
        if (r.enter) stack.push(r.enter);
        if (r.leave && stack.length > 1) stack.pop();
        clock!.advance(1000);
        if (++checked % 50 === 0) expect(engine.invariants()).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    expect(engine.invariants()).toEqual([]);
  }, 900_000);

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
