// The same programs in the learner's host shell: the home directory (its own writable layer, no
// /etc/passwd) where the shell's user names the owner, and new files belong to the learner.

import { expect, test } from 'vitest';
import { COREUTILS } from '../../src/cli/programs/coreutils';
import type { ProgramContext, ShellState } from '../../src/cli/types';
import { HOME, LEARNER } from '../../src/engine/host-home';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

async function hostShell() {
  const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
  const shell: ShellState = {
    cwd: HOME,
    env: new Map([['HOME', HOME]]),
    lastStatus: 0,
    history: [],
    user: LEARNER,
    hostname: engine.settings.hostname,
  };
  const run = async (argv: string[]) => {
    let out = '';
    let err = '';
    const ctx: ProgramContext = {
      engine,
      where: 'host',
      shell,
      io: { stdin: null, out: (t) => (out += t), err: (t) => (err += t), tty: false, columns: 80 },
      fs: {
        view: () => engine.state.home.view(),
        change: (fn) => engine.changeHome(fn),
        now: () => Math.floor(engine.platform.clock.now() / 1000),
      },
      runLine: async () => 0,
    };
    const r = await (COREUTILS[argv[0] as string] as NonNullable<(typeof COREUTILS)[string]>)(
      argv.slice(1),
      ctx,
    );
    return { out, err, code: typeof r === 'number' ? r : r.code };
  };
  return { engine, run };
}

test('files made in the host home belong to the learner and ls -l names them without /etc/passwd', async () => {
  const { engine, run } = await hostShell();
  expect(await run(['mkdir', 'app'])).toEqual({ out: '', err: '', code: 0 });
  expect(await run(['touch', 'app/Dockerfile'])).toEqual({ out: '', err: '', code: 0 });
  expect((await run(['ls', '-l'])).out).toBe(
    'total 8\n' +
      '-rw-r--r-- 1 learner learner   92 Jan  1  2026 README.txt\n' +
      'drwxr-xr-x 2 learner learner 4096 Nov 27 09:00 app\n',
  );
  const before = (await run(['df'])).out.split('\n')[1];
  expect(await run(['whoami'])).toEqual({ out: 'learner\n', err: '', code: 0 });
  expect(await run(['uname', '-n'])).toEqual({ out: 'layerlab\n', err: '', code: 0 });
  expect((await run(['df', '-h'])).out.split('\n')[1]).toBe('/dev/sda1        59G   18G   38G  33% /');
  // The disk's use grows with what the host holds: an image's layers count.
  await engine.pull('nginx');
  expect((await run(['df'])).out.split('\n')[1]).not.toBe(before);
});
