// What each Dockerfile instruction leaves in a built image, as BuildKit's dockerfile frontend
// (dockerfile2llb, convert.go) and image exporter write it: the history's created_by texts and
// empty_layer flags, the runtime config, the config bytes' shape; and what COPY and ADD put in the
// layer (directory contents, `dest/` against `dest`, wildcards, --chown, --chmod, --from, archives,
// heredocs, .dockerignore), with BuildKit's error texts and the failing Dockerfile lines.

import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { contentBytes } from '../../src/engine/fs/content';
import {
  build,
  buildOk,
  configJson,
  entryAt,
  imageLayers,
  newHost,
  tarOf,
  textAt,
  writeContext,
  type ContextFile,
} from './build-helpers';

const COMMENT = 'buildkit.dockerfile.v0';

/** Builds `lines` as the Dockerfile of ~/app and tags it `t`. */
async function image(
  engine: Engine,
  lines: readonly string[],
  files: Record<string, ContextFile | null> = {},
  opts: { buildArgs?: Record<string, string> } = {},
) {
  return buildOk(engine, 'app', lines.join('\n') + '\n', files, { tags: ['t'], ...opts });
}

/** The last `n` history entries of `t`. */
function lastHistory(engine: Engine, n: number) {
  return configJson(engine, 't').history.slice(-n);
}

async function failure(
  engine: Engine,
  lines: readonly string[],
  files: Record<string, ContextFile | null> = {},
) {
  await writeContext(engine, 'bad', { Dockerfile: lines.join('\n') + '\n', ...files });
  const r = await build(engine, 'bad', { tags: ['bad'] });
  expect(r.imageId).toBeNull();
  expect(engine.invariants()).toEqual([]);
  return r.error!;
}

describe('history: created_by, comment and empty_layer of every instruction', () => {
  it('metadata instructions add entries without layers; RUN, COPY and ADD end "# buildkit"', async () => {
    const { engine } = await newHost();
    const df = [
      'FROM alpine',
      'ARG V=2',
      'RUN echo $V > /v',
      'COPY a.txt b.txt /dst/',
      'ADD c.txt /c.txt',
      'ENV K=V',
      'LABEL org.example.team=blue',
      'WORKDIR /x',
      'VOLUME /d',
      'EXPOSE 80',
      'CMD echo x',
      'SHELL ["/bin/sh", "-ec"]',
      'STOPSIGNAL SIGTERM',
      'USER nobody',
    ];
    await image(engine, df, { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
    const h = lastHistory(engine, df.length - 1);
    expect(h.map((e) => [e.created_by, e.empty_layer ?? false])).toEqual([
      ['ARG V=2', true],
      ['RUN |1 V=2 /bin/sh -c echo $V > /v # buildkit', false],
      ['COPY a.txt b.txt /dst/ # buildkit', false],
      ['ADD c.txt /c.txt # buildkit', false],
      ['ENV K=V', true],
      ['LABEL org.example.team=blue', true],
      ['WORKDIR /x', false],
      ['VOLUME [/d]', true],
      ['EXPOSE map[80/tcp:{}]', true],
      ['CMD ["/bin/sh" "-c" "echo x"]', true],
      ['SHELL [/bin/sh -ec]', true],
      ['STOPSIGNAL SIGTERM', true],
      ['USER nobody', true],
    ]);
    expect(h.every((e) => e.comment === COMMENT)).toBe(true);
    // The RUN saw the ARG's value.
    expect(textAt(engine, 't', '/v')).toBe('2\n');
    // One layer per entry without empty_layer, base layers included.
    const cfg = configJson(engine, 't');
    expect(cfg.history.filter((e) => !e.empty_layer)).toHaveLength(cfg.rootfs.diff_ids.length);
  });

  it('a --build-arg overrides the ARG default in what RUN sees and in its history prefix', async () => {
    const { engine } = await newHost();
    await image(
      engine,
      ['FROM alpine', 'ARG V=2', 'ARG W', 'RUN echo $V$W > /v'],
      {},
      { buildArgs: { V: '7' } },
    );
    expect(lastHistory(engine, 3).map((e) => e.created_by)).toEqual([
      'ARG V=7',
      'ARG W',
      'RUN |2 V=7 W= /bin/sh -c echo $V$W > /v # buildkit',
    ]);
    expect(textAt(engine, 't', '/v')).toBe('7\n');
  });

  it('exec-form CMD and ENTRYPOINT are quoted as Go %q lists; ENV and LABEL list every pair', async () => {
    const { engine } = await newHost();
    await image(engine, [
      'FROM alpine',
      'ENV A=1 B="two words"',
      'LABEL x=1 y=2',
      'ENTRYPOINT ["/bin/echo", "hi"]',
      'CMD ["a", "b"]',
      'EXPOSE 443 53/udp',
    ]);
    expect(lastHistory(engine, 5).map((e) => e.created_by)).toEqual([
      'ENV A=1 B=two words',
      'LABEL x=1 y=2',
      'ENTRYPOINT ["/bin/echo" "hi"]',
      'CMD ["a" "b"]',
      'EXPOSE map[443/tcp:{} 53/udp:{}]',
    ]);
  });

  it('COPY --from names its sources only (no --from) in created_by', async () => {
    const { engine } = await newHost();
    await image(
      engine,
      ['FROM alpine AS build', 'RUN echo built > /out.txt', 'FROM scratch', 'COPY --from=build /out.txt /'],
      {},
    );
    expect(lastHistory(engine, 1)[0]!.created_by).toBe('COPY /out.txt / # buildkit');
    expect(textAt(engine, 't', '/out.txt')).toBe('built\n');
  });

  it("exec-form RUN is its words joined; shell-form ENTRYPOINT wraps in the shell; HEALTHCHECK is Go's %q of the struct", async () => {
    const { engine } = await newHost();
    await image(engine, [
      'FROM alpine',
      'RUN ["touch", "/exec-form"]',
      'ENTRYPOINT echo hi',
      'HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1',
    ]);
    expect(lastHistory(engine, 3).map((e) => e.created_by)).toEqual([
      'RUN touch /exec-form # buildkit',
      'ENTRYPOINT ["/bin/sh" "-c" "echo hi"]',
      `HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost/ || exit 1"] "30s" "3s" "0s" "0s" '\\x00'}`,
    ]);
    expect(configJson(engine, 't').config).toMatchObject({
      Entrypoint: ['/bin/sh', '-c', 'echo hi'],
      Healthcheck: {
        Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
        Interval: 30e9,
        Timeout: 3e9,
      },
    });
    expect(entryAt(engine, 't', '/exec-form')?.type).toBe('file');
  });

  it('a heredoc COPY shows its name in created_by and writes the document', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'COPY <<EOF /greeting.txt', 'hello', 'there', 'EOF']);
    expect(lastHistory(engine, 1)[0]!.created_by).toBe('COPY <<EOF /greeting.txt # buildkit');
    expect(textAt(engine, 't', '/greeting.txt')).toBe('hello\nthere\n');
  });
});

describe('the runtime config', () => {
  it('ENTRYPOINT clears the CMD inherited from the base image, but keeps a CMD set in the stage', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'ENTRYPOINT ["/bin/echo"]']);
    const inherited = configJson(engine, 't').config;
    expect(inherited.Entrypoint).toEqual(['/bin/echo']);
    expect(inherited.Cmd).toBeUndefined();

    await image(engine, ['FROM alpine', 'CMD ["hi"]', 'ENTRYPOINT ["/bin/echo"]']);
    const own = configJson(engine, 't').config;
    expect(own).toMatchObject({ Entrypoint: ['/bin/echo'], Cmd: ['hi'], ArgsEscaped: true });
  });

  it('shell-form CMD and ENTRYPOINT wrap in the SHELL; CMD sets ArgsEscaped', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]', 'CMD echo x']);
    const cfg = configJson(engine, 't').config;
    expect(cfg.Cmd).toEqual(['/bin/ash', '-eo', 'pipefail', '-c', 'echo x']);
    expect(cfg.Shell).toEqual(['/bin/ash', '-eo', 'pipefail', '-c']);
    expect(cfg.ArgsEscaped).toBe(true);
    expect(lastHistory(engine, 1)[0]!.created_by).toBe('CMD ["/bin/ash" "-eo" "pipefail" "-c" "echo x"]');
  });

  it('FROM scratch starts with PATH and WorkingDir "/"; ENV, LABEL, USER, VOLUME, EXPOSE, STOPSIGNAL land in the config', async () => {
    const { engine } = await newHost();
    await image(engine, [
      'FROM scratch',
      'ENV GREETING=hi',
      'LABEL org.example.v=1',
      'USER 1000:1000',
      'VOLUME ["/data", "/logs"]',
      'EXPOSE 8080',
      'STOPSIGNAL SIGQUIT',
      'WORKDIR /srv/app',
    ]);
    const cfg = configJson(engine, 't').config;
    // The config keys in the OCI ImageConfig struct's order (Go's encoder keeps field order).
    expect(Object.keys(cfg)).toEqual([
      'User',
      'ExposedPorts',
      'Env',
      'Volumes',
      'WorkingDir',
      'Labels',
      'StopSignal',
    ]);
    expect(cfg).toEqual({
      User: '1000:1000',
      ExposedPorts: { '8080/tcp': {} },
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GREETING=hi'],
      Volumes: { '/data': {}, '/logs': {} },
      WorkingDir: '/srv/app',
      Labels: { 'org.example.v': '1' },
      StopSignal: 'SIGQUIT',
    });
    expect(lastHistory(engine, 7).map((e) => e.created_by)).toEqual([
      'ENV GREETING=hi',
      'LABEL org.example.v=1',
      'USER 1000:1000',
      'VOLUME [/data /logs]',
      'EXPOSE map[8080/tcp:{}]',
      'STOPSIGNAL SIGQUIT',
      'WORKDIR /srv/app',
    ]);
  });

  it("a build that only changes metadata keeps the base image's time as its created", async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'LABEL x=1', 'CMD ["sh"]']);
    const cfg = configJson(engine, 't');
    const base = cfg.history.at(-3)!.created;
    expect(cfg.history.slice(-2).map((e) => e.created)).toEqual([base, base]);
    expect(cfg.created).toBe(base);
    expect(cfg.rootfs.diff_ids).toHaveLength(1);
  });

  it('a relative WORKDIR builds on the one before', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'WORKDIR /srv', 'WORKDIR app/../web', 'RUN pwd > /where']);
    expect(configJson(engine, 't').config.WorkingDir).toBe('/srv/web');
    expect(textAt(engine, 't', '/where')).toBe('/srv/web\n');
  });

  it('the config bytes: top-level keys sorted, created = the last history entry, id = sha256 of the bytes', async () => {
    const { engine, clock } = await newHost();
    clock.advance(5_000);
    await image(engine, ['FROM alpine', 'RUN echo 1 > /one', 'ENV K=V', 'CMD ["sh"]']);
    const img = engine.image('t');
    const cfg = configJson(engine, 't');
    expect(Object.keys(cfg)).toEqual(['architecture', 'config', 'created', 'history', 'os', 'rootfs']);
    expect(cfg.created).toBe(cfg.history.at(-1)!.created);
    expect(cfg.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    // Entries without a layer take the time of the layer made before them.
    const h = cfg.history.slice(-3);
    expect(h[1]!.created).toBe(h[0]!.created);
    expect(h[2]!.created).toBe(h[0]!.created);
    expect(img.id).toBe(`sha256:${engine.sha256Hex(img.configBytes)}`);
    // Compact JSON, as Go's encoder writes it.
    expect(new TextDecoder().decode(img.configBytes)).toMatch(
      /^\{"architecture":"amd64","config":\{[^\n]*\}$/,
    );
  });
});

describe('WORKDIR', () => {
  it('an existing directory gives an empty layer; a new one a layer holding the directory', async () => {
    const { engine } = await newHost();
    const r = await image(engine, ['FROM alpine', 'WORKDIR /etc', 'WORKDIR /srv/new']);
    const [etc, fresh] = r.steps.slice(1);
    expect(etc!.diffId).toBeNull();
    expect(fresh!.diffId).not.toBeNull();
    expect(lastHistory(engine, 2).map((e) => e.empty_layer ?? false)).toEqual([true, false]);
    const top = imageLayers(engine, 't').at(-1)!;
    expect(top.get('/srv/new')).toMatchObject({ type: 'dir', mode: 0o755 });
  });
});

describe('COPY', () => {
  it('a directory source copies its contents, not the directory itself', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'COPY src /out'], { 'src/x.txt': 'x\n', 'src/sub/y.txt': 'y\n' });
    expect(textAt(engine, 't', '/out/x.txt')).toBe('x\n');
    expect(textAt(engine, 't', '/out/sub/y.txt')).toBe('y\n');
    expect(entryAt(engine, 't', '/out/src')).toBeUndefined();
  });

  it('`dest/` puts a file inside a directory; `dest` names the file itself', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'COPY a.txt /d1/', 'COPY a.txt /d2'], { 'a.txt': 'a\n' });
    expect(entryAt(engine, 't', '/d1')?.type).toBe('dir');
    expect(textAt(engine, 't', '/d1/a.txt')).toBe('a\n');
    expect(entryAt(engine, 't', '/d2')?.type).toBe('file');
    expect(textAt(engine, 't', '/d2')).toBe('a\n');
  });

  it('a relative destination is taken from WORKDIR', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'WORKDIR /app', 'COPY a.txt .'], { 'a.txt': 'a\n' });
    expect(textAt(engine, 't', '/app/a.txt')).toBe('a\n');
  });

  it('a destination that is an existing directory takes the file inside it, even without a slash', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'COPY a.txt /etc'], { 'a.txt': 'a\n' });
    expect(entryAt(engine, 't', '/etc')?.type).toBe('dir');
    expect(textAt(engine, 't', '/etc/a.txt')).toBe('a\n');
  });

  it("a symlink named as the source is followed: its target's content lands under the link's name", async () => {
    const { engine } = await newHost();
    await writeContext(engine, 'app', { 'real.txt': 'real\n' });
    await engine.changeHome((u) => u.symlink('real.txt', '/home/learner/app/link', 100));
    await image(engine, ['FROM scratch', 'COPY link /copied']);
    expect(entryAt(engine, 't', '/copied')).toMatchObject({ type: 'file', mtime: 100 });
    expect(textAt(engine, 't', '/copied')).toBe('real\n');
  });

  it('--chown also owns the destination directories the copy has to make', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'COPY --chown=1000:1000 a.txt /new/dir/'], { 'a.txt': 'a\n' });
    for (const p of ['/new', '/new/dir', '/new/dir/a.txt'])
      expect(entryAt(engine, 't', p), p).toMatchObject({ uid: 1000, gid: 1000 });
    expect(entryAt(engine, 't', '/new')).toMatchObject({ type: 'dir', mode: 0o755 });
  });

  it('wildcards copy every match and nothing else', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'COPY *.txt /w/'], { 'a.txt': 'a', 'b.txt': 'b', 'c.md': 'c' });
    const top = imageLayers(engine, 't').at(-1)!;
    expect([...top.entries].map(([p]) => p).sort()).toEqual(['/w', '/w/a.txt', '/w/b.txt']);
  });

  it('keeps the context file modes; --chmod replaces them', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'COPY run.sh /plain.sh', 'COPY --chmod=0750 a.txt /m.txt'], {
      'run.sh': { text: '#!/bin/sh\n', mode: 0o755 },
      'a.txt': 'a\n',
    });
    expect(entryAt(engine, 't', '/plain.sh')).toMatchObject({ mode: 0o755, uid: 0, gid: 0 });
    expect(entryAt(engine, 't', '/m.txt')).toMatchObject({ mode: 0o750 });
  });

  it("--chown by name looks the user up in the stage's /etc/passwd; numbers are taken as they are", async () => {
    const { engine } = await newHost();
    await image(
      engine,
      ['FROM alpine', 'COPY --chown=nobody a.txt /named.txt', 'COPY --chown=1000:1001 a.txt /numeric.txt'],
      { 'a.txt': 'a\n' },
    );
    const passwd = textAt(engine, 't', '/etc/passwd')!;
    const nobody = passwd
      .split('\n')
      .find((l) => l.startsWith('nobody:'))!
      .split(':');
    expect(entryAt(engine, 't', '/named.txt')).toMatchObject({
      uid: Number(nobody[2]),
      gid: Number(nobody[3]),
    });
    expect(entryAt(engine, 't', '/numeric.txt')).toMatchObject({ uid: 1000, gid: 1001 });
  });

  // BuildKit's file op (solver/llbsolver/ops/user_linux.go, readUser) looks a --chown name up in the
  // stage's /etc/passwd and, finding none, keeps UID and GID 0: no error. The "unable to convert
  // uid/gid chown string to host mapping" text belongs to the classic builder, not to BuildKit.
  it('--chown to a user the stage does not know is not an error: the files stay 0:0, as BuildKit leaves them', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM alpine', 'COPY --chown=bob a.txt /a.txt'], { 'a.txt': 'a\n' });
    expect(entryAt(engine, 't', '/a.txt')).toMatchObject({ uid: 0, gid: 0 });
  });

  it('--from takes files from an earlier stage, by name or by index', async () => {
    const { engine } = await newHost();
    await image(engine, [
      'FROM alpine AS build',
      'RUN echo one > /one.txt',
      'FROM scratch AS second',
      'COPY <<EOF /two.txt',
      'two',
      'EOF',
      'FROM scratch',
      'COPY --from=build /one.txt /from-name.txt',
      'COPY --from=1 /two.txt /from-index.txt',
    ]);
    expect(textAt(engine, 't', '/from-name.txt')).toBe('one\n');
    expect(textAt(engine, 't', '/from-index.txt')).toBe('two\n');
    // Only the last stage's layers are in the image.
    expect(engine.image('t').diffIds).toHaveLength(2);
  });

  it('--from a stage defined later (in a stage the target needs) is an error naming both stages', async () => {
    const { engine } = await newHost();
    const err = await failure(engine, [
      'FROM scratch AS first',
      'COPY --from=later /x /x',
      'FROM alpine AS later',
      'RUN echo x > /x',
      'FROM first',
    ]);
    expect(err.message).toBe(
      'cannot copy from stage "later", it needs to be defined before current stage "first"',
    );
    expect(err.lines).toEqual({ start: 2, end: 2 });
  });

  it('a missing source fails the cache key with "not found" and the line', async () => {
    const { engine } = await newHost();
    const err = await failure(engine, ['FROM alpine', 'RUN true', 'COPY missing.txt /'], {});
    expect(err.message).toMatch(
      /^failed to compute cache key: failed to calculate checksum of ref [0-9a-z]{25}::[0-9a-z]{25}: "\/missing.txt": not found$/,
    );
    expect(err.lines).toEqual({ start: 3, end: 3 });
  });

  it('files .dockerignore excludes are not copied', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'COPY . /app/'], {
      '.dockerignore': 'secret.txt\nlogs/\n',
      'keep.txt': 'k\n',
      'secret.txt': 's\n',
      'logs/today.log': 'l\n',
    });
    expect(textAt(engine, 't', '/app/keep.txt')).toBe('k\n');
    expect(entryAt(engine, 't', '/app/secret.txt')).toBeUndefined();
    expect(entryAt(engine, 't', '/app/logs')).toBeUndefined();
  });
});

describe('ADD of a local archive', () => {
  const members = [
    { name: 'pkg/', type: '5' as const },
    { name: 'pkg/hello.txt', text: 'hello from the tar\n', mode: 0o600 },
    { name: 'pkg/link', type: '2' as const, linkname: 'hello.txt' },
  ];

  it('a .tar is unpacked into the destination, modes and links kept', async () => {
    const { engine } = await newHost();
    await image(engine, ['FROM scratch', 'ADD bundle.tar /opt/'], {
      'bundle.tar': { bytes: tarOf(members) },
    });
    expect(textAt(engine, 't', '/opt/pkg/hello.txt')).toBe('hello from the tar\n');
    expect(entryAt(engine, 't', '/opt/pkg/hello.txt')).toMatchObject({ mode: 0o600 });
    expect(entryAt(engine, 't', '/opt/pkg/link')).toMatchObject({ type: 'symlink', target: 'hello.txt' });
    expect(entryAt(engine, 't', '/opt/bundle.tar')).toBeUndefined();
  });

  it('a .tar.gz is unpacked too; COPY of the same file copies it as it is', async () => {
    const { engine } = await newHost();
    const gz = gzipSync(tarOf(members));
    await image(engine, ['FROM scratch', 'ADD bundle.tar.gz /opt/', 'COPY bundle.tar.gz /raw/'], {
      'bundle.tar.gz': { bytes: gz },
    });
    expect(textAt(engine, 't', '/opt/pkg/hello.txt')).toBe('hello from the tar\n');
    const raw = entryAt(engine, 't', '/raw/bundle.tar.gz');
    expect(raw?.type === 'file' && contentBytes(raw.content)).toEqual(gz);
  });

  it('entries that climb out with ../ stay inside the destination', async () => {
    const { engine } = await newHost();
    const evil = tarOf([
      { name: '../escaped.txt', text: 'out?\n' },
      { name: 'a/../../../deep.txt', text: 'deep?\n' },
    ]);
    await image(engine, ['FROM scratch', 'ADD evil.tar /opt/'], { 'evil.tar': { bytes: evil } });
    expect(textAt(engine, 't', '/opt/escaped.txt')).toBe('out?\n');
    expect(textAt(engine, 't', '/opt/deep.txt')).toBe('deep?\n');
    expect(entryAt(engine, 't', '/escaped.txt')).toBeUndefined();
    expect(entryAt(engine, 't', '/deep.txt')).toBeUndefined();
  });
});

describe("build errors, with BuildKit's text and the Dockerfile lines", () => {
  it("a failing RUN: the shell's exit code", async () => {
    const { engine } = await newHost();
    const err = await failure(engine, ['FROM alpine', 'RUN nosuchcommand']);
    expect(err).toEqual({
      message: 'process "/bin/sh -c nosuchcommand" did not complete successfully: exit code: 127',
      lines: { start: 2, end: 2 },
    });
  });

  it('a continued RUN reports all of its lines', async () => {
    const { engine } = await newHost();
    const err = await failure(engine, ['FROM alpine', 'RUN echo start && \\', '    exit 4']);
    expect(err.message).toBe(
      'process "/bin/sh -c echo start &&     exit 4" did not complete successfully: exit code: 4',
    );
    expect(err.lines).toEqual({ start: 2, end: 3 });
  });

  it('a base image the registry does not have', async () => {
    const { engine } = await newHost();
    const err = await failure(engine, ['FROM nosuchimage-layerlab']);
    expect(err).toEqual({
      message:
        'nosuchimage-layerlab: failed to resolve source metadata for docker.io/library/nosuchimage-layerlab:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
      lines: { start: 1, end: 1 },
    });
  });

  it('an unknown instruction', async () => {
    const { engine } = await newHost();
    const err = await failure(engine, ['FROM alpine', 'RUNN echo hi']);
    expect(err.message).toBe(
      'dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)',
    );
    expect(err.lines).toEqual({ start: 2, end: 2 });
  });
});
