// The learner's host shell: its prompt, docker through the dispatcher (with $(…) and the container
// shells it opens), and the programs the host has.
import { describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import { MemoryStore, StoreError } from '../../src/engine/store';
import type { TxOp } from '../../src/engine/store';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { host, runLine } from './shell-harness';

/** A store that refuses every write, as a full disk would. */
class FullStore extends MemoryStore {
  override async apply(_ops: readonly TxOp[]): Promise<void> {
    throw new StoreError('quota', 'QuotaExceededError: the disk is full');
  }
}

describe('host shell', () => {
  it('a line whose changes cannot be kept fails as a whole and sets $? to 1', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME, store: new FullStore() });
    const session = hostSession(engine);
    const r = await runLine(session, 'touch kept.txt');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^bash: internal error: .*disk is full/);
    expect((await runLine(session, 'echo $?')).out).toBe('1\n');
    expect((await runLine(session, 'ls')).out).toBe('README.txt\n');
  });

  it('prompts learner@layerlab:~$ and shows other dirs in full', async () => {
    const { session } = await host();
    expect(session.prompt()).toBe('learner@layerlab:~$ ');
    await runLine(session, 'cd /tmp');
    expect(session.prompt()).toBe('learner@layerlab:/tmp$ ');
  });

  it("docker with no arguments prints its usage; an unknown command is docker's error, exit 1", async () => {
    const { session } = await host();
    const help = await runLine(session, 'docker');
    expect(help.code).toBe(0);
    expect(
      help.out.startsWith('\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n'),
    ).toBe(true);
    expect(help.out).toContain('\n  run         Create and run a new container from an image\n');
    expect(await runLine(session, 'docker foo')).toEqual({
      out: '',
      err: "docker: 'foo' is not a docker command.\nSee 'docker --help'\n",
      code: 1,
    });
    expect(await runLine(session, 'docker image foo')).toMatchObject({
      err: "docker: 'image foo' is not a docker command.\nSee 'docker --help'\n",
      code: 1,
    });
    expect(await runLine(session, 'docker --bogus')).toMatchObject({
      err: "unknown flag: --bogus\nSee 'docker --help'.\n",
      code: 125,
    });
  });

  it('flag and argument errors come from the command spec; daemon errors get their prefix', async () => {
    const { session } = await host();
    const r = await runLine(session, 'docker ps --bogus');
    expect(r.code).toBe(125);
    expect(r.err.startsWith('unknown flag: --bogus\n')).toBe(true);
    expect(await runLine(session, 'docker stop nosuch')).toMatchObject({
      err: 'Error response from daemon: No such container: nosuch\n',
      code: 1,
    });
  });

  it('docker image ls and docker container ls are the same commands as docker images and docker ps', async () => {
    const { session } = await host();
    await runLine(session, 'docker pull nginx');
    await runLine(session, 'docker run -d --name web nginx');
    expect((await runLine(session, 'docker image ls')).out).toBe(
      (await runLine(session, 'docker images')).out,
    );
    expect((await runLine(session, 'docker container ls')).out).toBe(
      (await runLine(session, 'docker ps')).out,
    );
  });

  it('docker rm -f $(docker ps -aq) removes every container, one id per argument', async () => {
    const { engine, session } = await host();
    await runLine(session, 'docker pull nginx');
    await runLine(session, 'docker run -d --name one nginx && docker run -d --name two nginx');
    const ids = (await runLine(session, 'docker ps -aq')).out;
    expect(ids.split('\n').filter(Boolean)).toHaveLength(2);
    const r = await runLine(session, 'docker rm -f $(docker ps -aq)');
    expect(r).toMatchObject({ out: ids, err: '', code: 0 });
    expect(engine.listContainers(true)).toEqual([]);
  });

  it('docker exec -it opens a container session; docker exec c sh -c writes into its layer', async () => {
    const { engine, session } = await host();
    await runLine(session, 'docker pull nginx');
    const id = (await runLine(session, 'docker run -d --name web nginx')).out.trim();
    const r = await runLine(session, 'docker exec -it $(docker ps -lq) bash');
    expect(r.code).toBe(0);
    expect(r.enter?.prompt()).toBe(`root@${id.slice(0, 12)}:/# `);
    expect(await runLine(session, "docker exec web sh -c 'cat <<< hi > /f'")).toMatchObject({
      out: '',
      err: '',
      code: 0,
    });
    expect(engine.diff('web')).toContainEqual({ kind: 'A', path: '/f' });
  });

  it('history lists the lines typed; curl and file commands exist on the host, apt-get does not', async () => {
    const { session } = await host();
    await runLine(session, 'cd /tmp');
    expect((await runLine(session, 'history')).out).toBe('    1  cd /tmp\n    2  history\n');
    expect(await runLine(session, 'apt-get update')).toMatchObject({
      err: 'bash: apt-get: command not found\n',
      code: 127,
    });
    expect((await runLine(session, 'curl -s http://localhost:9999')).code).toBe(7);
    expect((await runLine(session, 'mkdir notes && cd notes && pwd')).out).toBe('/tmp/notes\n');
  });

  it('tab completion offers commands, docker subcommands and flags, containers and images, paths', async () => {
    const { session } = await host();
    await runLine(session, 'docker pull nginx && docker run -d --name web nginx');
    const complete = session.complete!;
    expect(await complete('doc')).toContain('docker');
    expect(await complete('docker ')).toEqual(expect.arrayContaining(['run', 'ps', 'image', 'container']));
    expect(await complete('docker image ')).toEqual(expect.arrayContaining(['ls', 'rm', 'prune']));
    expect(await complete('docker run --')).toEqual(
      expect.arrayContaining(['--name', '--publish', '--detach']),
    );
    const names = await complete('docker stop w');
    expect(names).toContain('web');
    expect(names.some((n) => /^nginx(:latest)?$/.test(n) || n.endsWith('nginx:latest'))).toBe(true);
    expect(await complete('cat REA')).toContain('README.txt');
    expect(await complete('ls /ho')).toContain('/home/');
  });

  it('bash -c runs a script in a child shell on the host; bash alone opens a nested shell', async () => {
    const { session } = await host();
    expect(await runLine(session, "bash -c 'cd /tmp && pwd; exit 3'")).toMatchObject({
      out: '/tmp\n',
      code: 3,
    });
    expect(session.prompt()).toBe('learner@layerlab:~$ ');
    const nested = await runLine(session, 'bash');
    expect(nested.enter?.prompt()).toBe('learner@layerlab:~$ ');
    expect(await runLine(nested.enter!, 'exit 4')).toMatchObject({ code: 4, leave: true });
  });
});
