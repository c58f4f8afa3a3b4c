// The headless runner: transcript shape, sessions opened by a line, continuation lines, end-of-file
// errors, --strict and --state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, replay } from '../../src/node/sim';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

async function sim(script: string) {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  return replay(engine, script, { clock, stepMs: 1000 });
}

/** Runs main() with stdout captured. */
async function runMain(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (s: string | Uint8Array) => ((out += String(s)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (s: string | Uint8Array) => ((err += String(s)), true),
  );
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('sim runner', () => {
  it('prints prompt + command, then the output; comments and blank lines are skipped', async () => {
    const { transcript, runs } = await sim('# a comment\n\ncd /tmp\nfoo\npwd\n');
    expect(transcript).toBe(
      'learner@layerlab:~$ cd /tmp\n' +
        'learner@layerlab:/tmp$ foo\n' +
        'bash: foo: command not found\n' +
        'learner@layerlab:/tmp$ pwd\n' +
        '/tmp\n',
    );
    expect(runs.map((r) => [r.lineNo, r.code])).toEqual([
      [3, 0],
      [4, 127],
      [5, 0],
    ]);
  });

  it('lines go to an interactive container shell until its exit', async () => {
    const { transcript } = await sim(
      'docker pull nginx >/dev/null\ndocker run -d --name web nginx >/dev/null\ndocker exec -it web bash\ncd /etc\npwd\nexit\npwd\n',
    );
    const tail = transcript.split('\n').slice(3);
    expect(tail[0]).toMatch(/^root@[0-9a-f]{12}:\/# cd \/etc$/);
    expect(tail[1]).toMatch(/^root@[0-9a-f]{12}:\/etc# pwd$/);
    expect(tail.slice(2, 3)).toEqual(['/etc']);
    expect(tail[3]).toMatch(/^root@[0-9a-f]{12}:\/etc# exit$/);
    expect(tail.slice(4)).toEqual(['learner@layerlab:~$ pwd', '/home/learner', '']);
  });

  it('an open quote continues on the next line with the > prompt', async () => {
    const { transcript, runs } = await sim("cat <<< 'a\nb'\n");
    expect(transcript).toBe("learner@layerlab:~$ cat <<< 'a\n> b'\na\nb\n");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ lineNo: 1, command: "cat <<< 'a\nb'", code: 0 });
  });

  it("a script ending inside a quote gets bash's end-of-file error", async () => {
    const { transcript, runs } = await sim("pwd\ncat <<< 'a\n");
    expect(transcript).toBe(
      "learner@layerlab:~$ pwd\n/home/learner\nlearner@layerlab:~$ cat <<< 'a\nbash: line 2: unexpected EOF while looking for matching `''\n",
    );
    expect(runs[1]?.code).toBe(2);
  });

  it('exits 0 even when commands fail, 1 with --strict; 2 on bad options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const script = join(dir, 's.txt');
    writeFileSync(script, 'foo\n');
    expect((await runMain(['--seed', '1', script])).code).toBe(0);
    const strict = await runMain(['--seed', '1', '--strict', script]);
    expect(strict).toMatchObject({ code: 1, out: 'learner@layerlab:~$ foo\nbash: foo: command not found\n' });
    expect(await runMain(['--speed', 'warp', script])).toMatchObject({
      code: 2,
      err: 'sim: --speed must be instant or realistic, not warp\n',
    });
  });

  it('--state saves the host after the script and loads it before the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-'));
    const state = join(dir, 'host.layerlab');
    const first = join(dir, 'a.txt');
    const second = join(dir, 'b.txt');
    writeFileSync(
      first,
      'docker pull nginx > /dev/null\ndocker create --name kept nginx > /dev/null\ncat <<< hi > note.txt\n',
    );
    writeFileSync(second, 'docker ps -a --format "{{.Names}}"\ncat note.txt\n');
    expect((await runMain(['--seed', '1', '--state', state, first])).code).toBe(0);
    const r = await runMain(['--seed', '1', '--state', state, '--strict', second]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(
      'learner@layerlab:~$ docker ps -a --format "{{.Names}}"\nkept\nlearner@layerlab:~$ cat note.txt\nhi\n',
    );
  });
});
