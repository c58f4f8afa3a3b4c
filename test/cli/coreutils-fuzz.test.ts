// Random argument lists never make a program throw: each ends with an exit status (and the engine's
// invariants still hold), whatever mix of flags, odd names and paths it is given.

import fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { COREUTILS } from '../../src/cli/programs/coreutils';
import type { Box } from './coreutils-harness';
import { box } from './coreutils-harness';

const RUNS = Number(process.env.FC_RUNS ?? 200);
let b: Box;
beforeAll(async () => {
  b = await box('nginx', '/usr/share/nginx/html');
  await b.engine.start(b.ctr.id);
});

const word = fc.oneof(
  fc.constantFrom(
    '-r',
    '-rf',
    '-l',
    '-la',
    '-a',
    '-p',
    '-n',
    '-s',
    '-h',
    '-x',
    '--',
    '-',
    '--bogus',
    '-c',
    '-e',
    '-R',
    '-f',
    '-t',
    '-k',
    '-name',
    '-type',
    '-maxdepth',
    '.',
    '..',
    '/',
    '',
    '/etc',
    '/etc/passwd',
    'index.html',
    '50x.html',
    'new',
    'new/x',
    '/nope/x',
    '/bin',
    '/tmp/',
    '.wh.x',
    'a b',
    '755',
    'u+x',
    'root:root',
    '+2',
    '3',
    '%s %d\\n',
    '*.conf',
    'f',
    'd',
    'l',
    '1s',
  ),
  fc.string({ maxLength: 8 }),
);
const names = Object.keys(COREUTILS).filter((n) => n !== 'sleep' && n !== 'env');

test('no program throws on random arguments, and the engine invariants hold after', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...names), fc.array(word, { maxLength: 5 }), async (prog, args) => {
      const r = await b.run([prog, ...args], { stdin: 'x\ny\n' });
      expect(Number.isInteger(r.code)).toBe(true);
    }),
    { numRuns: RUNS },
  );
  expect(b.engine.invariants()).toEqual([]);
});
