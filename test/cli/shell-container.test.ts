// A shell inside a running container: prompt and cwd, PATH lookup in the image's files, redirections
// that write (and copy up) through the container's writable layer, `sh -c`, exit.
import { describe, expect, it } from 'vitest';
import { containerSession, runInContainer } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import { contentBytes } from '../../src/engine/fs/content';
import type { EngineEvent } from '../../src/engine/events';
import { inContainer, runLine } from './shell-harness';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('container shell', () => {
  it('prompts root@<12hex>:<cwd># starting at the image WorkingDir (or /), ~ for the home dir', async () => {
    const { ctr, session } = await inContainer('nginx');
    const short = ctr.id.slice(0, 12);
    expect(session.prompt()).toBe(`root@${short}:/# `);
    await runLine(session, 'cd /usr/share/nginx/html');
    expect(session.prompt()).toBe(`root@${short}:/usr/share/nginx/html# `);
    await runLine(session, 'cd /root');
    expect(session.prompt()).toBe(`root@${short}:~# `);
    const redis = await inContainer('redis');
    expect(redis.session.prompt()).toBe(`root@${redis.ctr.id.slice(0, 12)}:/data# `);
  });

  it('a command the image does not have: bash: foo: command not found, exit 127', async () => {
    const { session } = await inContainer();
    expect(await runLine(session, 'foo')).toMatchObject({
      out: '',
      err: 'bash: foo: command not found\n',
      code: 127,
    });
    expect((await runLine(session, 'foo; cat <<< $?')).out).toBe('127\n');
    expect(await runLine(session, '/usr/sbin/nosuch -x')).toMatchObject({
      err: 'bash: /usr/sbin/nosuch: No such file or directory\n',
      code: 127,
    });
  });

  it('>> into a lower file copies it up into the writable layer first', async () => {
    const { engine, ctr, session } = await inContainer();
    const events: EngineEvent[] = [];
    engine.on((e) => events.push(e));
    const r = await runLine(session, 'cd /usr/share/nginx/html && cat 50x.html >> index.html');
    expect(r).toMatchObject({ out: '', err: '', code: 0 });
    const up = ctr.upper.get('/usr/share/nginx/html/index.html');
    expect(up?.type).toBe('file');
    const lower50x = ctr.upper.view().fileOf('/usr/share/nginx/html/50x.html');
    const merged = ctr.upper.view().fileOf('/usr/share/nginx/html/index.html');
    expect(text(contentBytes(merged!.content)).endsWith(text(contentBytes(lower50x!.content)))).toBe(true);
    expect(
      events.some(
        (e) =>
          e.type === 'fs' &&
          e.change.type === 'copy-up' &&
          e.change.path === '/usr/share/nginx/html/index.html',
      ),
    ).toBe(true);
    expect(engine.diff('web')).toContainEqual({ kind: 'C', path: '/usr/share/nginx/html/index.html' });
  });

  it('> creates a new file in the writable layer; a pipeline reads the merged view', async () => {
    const { engine, ctr, session } = await inContainer();
    await runLine(session, 'cat <<< hello > /greeting');
    expect(text(contentBytes(ctr.upper.view().fileOf('/greeting')!.content))).toBe('hello\n');
    expect(engine.diff('web')).toContainEqual({ kind: 'A', path: '/greeting' });
    expect((await runLine(session, 'ls /usr/share/nginx/html | cat')).out).toBe('50x.html\nindex.html\n');
  });

  it("sh -c and bash -c run a script in a child shell; an open quote is bash's -c error", async () => {
    const { ctr, session } = await inContainer();
    expect(await runLine(session, "sh -c 'cat <<< hi > /f'")).toMatchObject({ err: '', code: 0 });
    expect(text(contentBytes(ctr.upper.view().fileOf('/f')!.content))).toBe('hi\n');
    expect(await runLine(session, `bash -c "cat <<< 'a"`)).toMatchObject({
      err: "bash: -c: line 1: unexpected EOF while looking for matching `''\n",
      code: 2,
    });
    expect(await runLine(session, "sh -c 'nosuch'")).toMatchObject({
      err: 'sh: 1: nosuch: not found\n',
      code: 127,
    });
    expect(await runLine(session, "bash -c 'cd /etc; exit 4'; cat <<< $?")).toMatchObject({ out: '4\n' });
    expect(session.prompt().endsWith(':/# ')).toBe(true);
  });

  it('exit leaves the session with the last status; a main shell stops its container', async () => {
    const { session } = await inContainer();
    expect(await runLine(session, 'foo; exit')).toMatchObject({ code: 127, leave: true });
    const { engine, ctr } = await inContainer('nginx');
    const main = containerSession(engine, ctr, { shell: 'bash', main: true });
    expect(await runLine(main, 'exit 3')).toMatchObject({ code: 3, leave: true });
    expect(ctr.state).toMatchObject({ status: 'exited', exitCode: 3 });
  });

  it('runInContainer runs an argv without a shell line (docker exec c cmd…)', async () => {
    const { engine, ctr } = await inContainer();
    let out = '';
    let err = '';
    const io: Stdio = {
      stdin: null,
      out: (t) => (out += t),
      err: (t) => (err += t),
      tty: false,
      columns: 80,
    };
    expect(await runInContainer(engine, ctr, ['sh', '-c', 'cat <<< "a b" > /x'], io)).toBe(0);
    expect(text(contentBytes(ctr.upper.view().fileOf('/x')!.content))).toBe('a b\n');
    expect(await runInContainer(engine, ctr, ['cat', '/x'], io)).toBe(0);
    expect(await runInContainer(engine, ctr, ['cat', '/nope'], io)).toBe(1);
    expect(out).toBe('a b\n');
    expect(err).toBe('cat: /nope: No such file or directory\n');
  });

  it("sh -c 'echo hi > /f' writes /f into the container layer; pipelines of real coreutils", async () => {
    const { engine, ctr, session } = await inContainer();
    expect(await runLine(session, "sh -c 'echo hi > /f'")).toEqual({ out: '', err: '', code: 0 });
    expect(ctr.upper.get('/f')?.type).toBe('file');
    expect(text(contentBytes(ctr.upper.view().fileOf('/f')!.content))).toBe('hi\n');
    expect(engine.diff('web')).toContainEqual({ kind: 'A', path: '/f' });
    expect((await runLine(session, 'echo one two three | wc -w')).out.trim()).toBe('3');
    expect((await runLine(session, 'ls /usr/share/nginx/html | grep 50x')).out).toBe('50x.html\n');
    expect((await runLine(session, 'echo $(hostname)')).out).toBe(`${ctr.id.slice(0, 12)}\n`);
  });

  it('tab completion in a container lists the image programs and paths of the merged view', async () => {
    const { session } = await inContainer();
    const complete = session.complete!;
    expect(await complete('ng')).toContain('nginx');
    expect(await complete('')).not.toContain('docker');
    expect(await complete('cd /usr/share/nginx/')).toContain('/usr/share/nginx/html/');
    await runLine(session, 'cd /usr/share/nginx/html');
    expect(await complete('cat ')).toEqual(['50x.html', 'index.html']);
  });

  it('alpine has sh (busybox) only: its prompt shows the cwd, bash is not found', async () => {
    const { session } = await inContainer('alpine', 'sh', ['sleep', '1000']);
    expect(session.prompt()).toBe('/ # ');
    expect(await runLine(session, 'bash')).toMatchObject({ err: 'sh: bash: not found\n', code: 127 });
    await runLine(session, 'cd /root');
    expect(session.prompt()).toBe('~ # ');
    expect((await runLine(session, 'echo ok | cat')).out).toBe('ok\n');
  });
});
