// The build context read from the learner's home on a real engine: what is sent (with .dockerignore),
// its size, COPY source resolution with BuildKit's "not found" error, the content checksum the build
// cache will key on, and the client's errors for a missing context or Dockerfile.

import { beforeEach, describe, expect, it } from 'vitest';
import { hostSession } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import {
  buildContext,
  notFoundError,
  randomRefId,
  sourceKey,
  type BuildContext,
} from '../../src/engine/build/context';
import { DockerignoreError } from '../../src/engine/build/dockerignore';
import type { Engine } from '../../src/engine/engine';
import { DockerError } from '../../src/engine/errors';
import { textContent } from '../../src/engine/fs/content';
import { HOME } from '../../src/engine/host-home';
import { SeededRandom } from '../../src/engine/platform';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

let engine: Engine;

async function sh(line: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io: Stdio = { stdin: null, out: (t) => (out += t), err: (t) => (out += t), tty: false, columns: 80 };
  const r = await hostSession(engine).run(line, io);
  return { code: r.code, out };
}

async function write(files: Record<string, string>, mtime = 100): Promise<void> {
  await engine.changeHome((u) => {
    for (const [name, text] of Object.entries(files)) {
      const path = `${HOME}/${name}`;
      u.mkdir(path.slice(0, path.lastIndexOf('/')), { mtime, parents: true });
      u.writeFile(path, textContent(text), { mtime, uid: 1000, gid: 1000 });
    }
  });
}

function ctx(arg = 'app', opts: { dockerfile?: string } = {}): BuildContext {
  return buildContext(engine.state.home.view(), arg, { cwd: HOME, ...opts });
}

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

beforeEach(async () => {
  ({ engine } = await openHost({ seed: 7, time: GOLDEN_TIME }));
});

describe('reading the context', () => {
  it('sends files made in the shell, under context-relative paths, parents first', async () => {
    expect((await sh('mkdir -p app/html && cd app && echo hi > html/index.html')).code).toBe(0);
    await sh("printf 'FROM nginx\\nCOPY html /usr/share/nginx/html\\n' > app/Dockerfile");
    const c = ctx();
    expect([...c.files.keys()]).toEqual(['Dockerfile', 'html', 'html/index.html']);
    expect(c.files.get('html')?.type).toBe('dir');
    expect(c.dir).toBe(`${HOME}/app`);
    expect(c.dockerfile).toEqual({
      path: `${HOME}/app/Dockerfile`,
      name: 'Dockerfile',
      text: 'FROM nginx\nCOPY html /usr/share/nginx/html\n',
    });
  });

  it('counts the bytes of file content as the context size', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'app/a.txt': 'hello\n', 'app/d/b.txt': '12345' });
    expect(ctx().size).toBe('FROM scratch\n'.length + 6 + 5);
  });

  it('resets owners to 0:0 as the BuildKit client does, keeping mode and mtime', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'app/run.sh': 'echo\n' }, 1234);
    await engine.changeHome((u) => u.chmod(`${HOME}/app/run.sh`, 0o755));
    const e = ctx().files.get('run.sh');
    expect(e).toMatchObject({ type: 'file', uid: 0, gid: 0, mode: 0o755 });
  });

  it('keeps symlinks as symlinks and hard links as links to a context path', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'app/real.txt': 'x' });
    await engine.changeHome((u) => {
      u.symlink('real.txt', `${HOME}/app/soft`, 5);
      u.link(`${HOME}/app/real.txt`, `${HOME}/app/hard`);
    });
    const c = ctx();
    expect(c.files.get('soft')).toMatchObject({ type: 'symlink', target: 'real.txt' });
    expect(c.files.get('hard')).toMatchObject({ type: 'hardlink', target: 'real.txt' });
  });

  it('turns a hard link to a file outside the context into the file itself', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'outside.txt': 'out' });
    await engine.changeHome((u) => u.link(`${HOME}/outside.txt`, `${HOME}/app/in.txt`));
    expect(ctx().files.get('in.txt')).toMatchObject({ type: 'file' });
  });

  it('takes "." relative to the working directory and follows a symlinked context dir', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n' });
    await engine.changeHome((u) => u.symlink('app', `${HOME}/link`, 5));
    expect(buildContext(engine.state.home.view(), '.', { cwd: `${HOME}/app` }).dir).toBe(`${HOME}/app`);
    expect(ctx('link').dir).toBe(`${HOME}/app`);
  });
});

describe('.dockerignore applied to the context', () => {
  it('leaves out matching files and whole directories', async () => {
    await write({
      'app/Dockerfile': 'FROM scratch\n',
      'app/.dockerignore': '# build junk\nnode_modules\n*.log\n',
      'app/index.js': 'x',
      'app/debug.log': 'x',
      'app/node_modules/dep/index.js': 'x',
    });
    expect([...ctx().files.keys()]).toEqual(['.dockerignore', 'Dockerfile', 'index.js']);
  });

  it('re-includes a file below an excluded directory, with its parents', async () => {
    await write({
      'app/Dockerfile': 'FROM scratch\n',
      'app/.dockerignore': 'docs\n!docs/keep/README.md\n',
      'app/docs/a.md': 'x',
      'app/docs/keep/README.md': 'x',
      'app/docs/keep/other.md': 'x',
    });
    expect([...ctx().files.keys()]).toEqual([
      '.dockerignore',
      'Dockerfile',
      'docs',
      'docs/keep',
      'docs/keep/README.md',
    ]);
  });

  it('always sends the Dockerfile and .dockerignore, even when "*" excludes everything', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'app/.dockerignore': '*\n', 'app/a.txt': 'x' });
    const c = ctx();
    expect([...c.files.keys()]).toEqual(['.dockerignore', 'Dockerfile']);
    expect(c.excludes).toEqual(['*', '!.dockerignore', '!Dockerfile']);
  });

  it('prefers <Dockerfile>.dockerignore beside a -f Dockerfile', async () => {
    await write({
      'app/web.Dockerfile': 'FROM scratch\n',
      'app/web.Dockerfile.dockerignore': 'b.txt\n',
      'app/.dockerignore': 'a.txt\n',
      'app/a.txt': 'x',
      'app/b.txt': 'x',
    });
    const c = ctx('app', { dockerfile: 'app/web.Dockerfile' });
    expect(c.ignoreFile).toBe(`${HOME}/app/web.Dockerfile.dockerignore`);
    expect(c.files.has('a.txt')).toBe(true);
    expect(c.files.has('b.txt')).toBe(false);
  });

  it('surfaces a malformed pattern', async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'app/.dockerignore': 'a[\n' });
    expect(() => ctx()).toThrow(DockerignoreError);
  });
});

describe('COPY sources', () => {
  beforeEach(async () => {
    await write({
      'app/Dockerfile': 'FROM scratch\n',
      'app/index.html': '<h1>hi</h1>\n',
      'app/about.html': 'about\n',
      'app/style.css': 'body{}\n',
      'app/site/page.html': 'p\n',
    });
  });

  it('resolves plain paths, ./ and leading /, and a trailing / on a directory', () => {
    const c = ctx();
    expect(c.resolveSources(['index.html'])).toEqual(['index.html']);
    expect(c.resolveSources(['./index.html', '/style.css'])).toEqual(['index.html', 'style.css']);
    expect(c.resolveSources(['site/'])).toEqual(['site']);
    expect(c.resolveSources(['.'])).toEqual(['.']);
  });

  it('follows symlinked directories in front of the last name, inside the context', async () => {
    await engine.changeHome((u) => {
      u.symlink('site', `${HOME}/app/web`, 1);
      u.symlink('/site', `${HOME}/app/abs`, 1);
    });
    const c = ctx();
    expect(c.resolveSources(['web/page.html', 'abs/page.html'])).toEqual(['site/page.html']);
    expect(c.resolveSources(['web'])).toEqual(['web']);
  });

  it('expands wildcards within one path component, sorted', () => {
    const c = ctx();
    expect(c.resolveSources(['*.html'])).toEqual(['about.html', 'index.html']);
    expect(c.resolveSources(['*/*.html'])).toEqual(['site/page.html']);
    expect(c.resolveSources(['[is]*'])).toEqual(['index.html', 'site', 'style.css']);
  });

  it("fails a missing source with BuildKit's checksum error and the ref id given", () => {
    const err = caught(() => ctx().resolveSources(['missing.txt'], 'aaa::bbb'));
    expect(err).toBeInstanceOf(DockerError);
    expect(err.message).toBe(
      'failed to compute cache key: failed to calculate checksum of ref aaa::bbb: "/missing.txt": not found',
    );
  });

  it('treats a file left out by .dockerignore as missing', async () => {
    await write({ 'app/.dockerignore': 'style.css\n' });
    expect(() => ctx().resolveSources(['style.css'])).toThrow('"/style.css": not found');
  });

  it("fails a wildcard that matches nothing with the copy step's words, not the cache key's", () => {
    const err = caught(() => ctx().resolveSources(['*.txt']));
    expect(err).toBeInstanceOf(DockerError);
    expect(err.message).toBe('/*.txt not found');
  });

  it('fails a wildcard under a missing directory at the cache key step', () => {
    expect(() => ctx().resolveSources(['nodir/*.html'], 'a::b')).toThrow(
      'ref a::b: "/nodir/*.html": not found',
    );
  });

  it('makes ref ids of two 25-character base-36 ids, from the seeded random source', () => {
    const a = randomRefId(new SeededRandom(1));
    expect(a).toMatch(/^[0-9a-z]{25}::[0-9a-z]{25}$/);
    expect(randomRefId(new SeededRandom(1))).toBe(a);
    expect(notFoundError('./x/../y', a).message).toContain(`ref ${a}: "/y": not found`);
    expect(sourceKey('.')).toBe('/');
  });
});

describe('checksum (the COPY cache key)', () => {
  beforeEach(async () => {
    await write({ 'app/Dockerfile': 'FROM scratch\n', 'app/index.html': 'v1\n', 'app/lib/a.js': 'a\n' });
  });

  it('is a sha256 digest, stable for the same content', () => {
    const a = ctx().checksum(['index.html']);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ctx().checksum(['index.html'])).toBe(a);
  });

  it('ignores mtime: rewriting the same bytes later keeps the key', async () => {
    const before = ctx().checksum(['.']);
    await write({ 'app/index.html': 'v1\n' }, 999_999);
    expect(ctx().checksum(['.'])).toBe(before);
  });

  it('changes when a copied file changes, and only for sources that include it', async () => {
    const c1 = ctx();
    await write({ 'app/index.html': 'v2\n' });
    const c2 = ctx();
    expect(c2.checksum(['index.html'])).not.toBe(c1.checksum(['index.html']));
    expect(c2.checksum(['.'])).not.toBe(c1.checksum(['.']));
    expect(c2.checksum(['lib'])).toBe(c1.checksum(['lib']));
  });

  it('changes with the permission bits', async () => {
    const before = ctx().checksum(['index.html']);
    await engine.changeHome((u) => u.chmod(`${HOME}/app/index.html`, 0o600));
    expect(ctx().checksum(['index.html'])).not.toBe(before);
  });

  it('changes with a symlink target', async () => {
    await engine.changeHome((u) => u.symlink('index.html', `${HOME}/app/link`, 1));
    const before = ctx().checksum(['link']);
    await engine.changeHome((u) => {
      u.unlink(`${HOME}/app/link`);
      u.symlink('lib/a.js', `${HOME}/app/link`, 1);
    });
    expect(ctx().checksum(['link'])).not.toBe(before);
  });

  it('changes when a file is added inside a copied directory', async () => {
    const before = ctx().checksum(['lib']);
    await write({ 'app/lib/b.js': 'b\n' });
    expect(ctx().checksum(['lib'])).not.toBe(before);
  });

  it('does not change when an ignored file changes', async () => {
    await write({ 'app/.dockerignore': '*.log\n', 'app/x.log': '1' });
    const before = ctx().checksum(['.']);
    await write({ 'app/x.log': '2' });
    expect(ctx().checksum(['.'])).toBe(before);
  });

  it('fails on a missing plain source like resolveSources', () => {
    expect(() => ctx().checksum(['nope'], 'r::s')).toThrow('ref r::s: "/nope": not found');
  });

  it('hashes a wildcard that matches nothing as empty instead of failing (BuildKit fails the copy later)', () => {
    const c = ctx();
    expect(c.checksum(['*.txt'])).toMatch(/^sha256:/);
    expect(c.checksum(['*.txt', 'index.html'])).not.toBe(c.checksum(['index.html']));
  });

  it('keys a wildcard by what it matches now', async () => {
    const before = ctx().checksum(['*.html']);
    await write({ 'app/more.html': 'm\n' });
    expect(ctx().checksum(['*.html'])).not.toBe(before);
  });
});

describe('context errors', () => {
  it('names a missing context directory as typed', () => {
    const err = caught(() => ctx('nowhere'));
    expect(err).toBeInstanceOf(DockerError);
    expect(err.message).toBe('unable to prepare context: path "nowhere" not found');
  });

  it('refuses a file as the context', async () => {
    await write({ 'file.txt': 'x' });
    expect(() => ctx('file.txt')).toThrow(
      `unable to prepare context: context must be a directory: ${HOME}/file.txt`,
    );
  });

  it('reports a missing Dockerfile by its base name', async () => {
    await write({ 'app/index.html': 'x' });
    expect(() => ctx()).toThrow('failed to read dockerfile: open Dockerfile: no such file or directory');
    expect(() => ctx('app', { dockerfile: 'app/web.Dockerfile' })).toThrow(
      'failed to read dockerfile: open web.Dockerfile: no such file or directory',
    );
  });
});
