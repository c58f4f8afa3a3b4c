import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { contentBytes } from '../../src/engine/fs/content';
import { readTarEntries } from '../../src/engine/oci/tar';
import { hostSession } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { nodeOutsideFiles } from '../../src/node/outside-files';
import { replay } from '../../src/node/sim';

async function sh(engine: Engine, line: string, tty = false) {
  let out = '';
  let err = '';
  const io: Stdio = { stdin: null, out: (t) => (out += t), err: (t) => (err += t), tty, columns: 80 };
  const r = await hostSession(engine).run(line, io);
  return { code: r.code, out, err };
}

function homeFile(engine: Engine, name: string): Uint8Array {
  const f = engine.state.home.view().fileOf(`/home/learner/${name}`);
  if (!f) throw new Error(`no ${name}`);
  return contentBytes(f.content);
}

async function names(bytes: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  for await (const { header } of readTarEntries([bytes])) out.push(header.name);
  return out;
}

describe('docker save / load / export', () => {
  it('save writes a Docker 25+ archive that load brings back as the same image on another host', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('busybox');
    expect(await sh(engine, 'docker save -o busybox.tar busybox')).toEqual({ code: 0, out: '', err: '' });
    const bytes = homeFile(engine, 'busybox.tar');
    const list = await names(bytes);
    const img = engine.image('busybox');
    expect(list).toEqual(
      expect.arrayContaining([
        'oci-layout',
        'index.json',
        'manifest.json',
        'repositories',
        `blobs/sha256/${img.id.slice(7)}`,
        `blobs/sha256/${img.diffIds[0]!.slice(7)}`,
      ]),
    );

    const { engine: other } = await openHost({ seed: 2, time: GOLDEN_TIME });
    await other.changeHome((u) =>
      u.writeFile('/home/learner/busybox.tar', { kind: 'bytes', bytes }, { mtime: 1 }),
    );
    expect(await sh(other, 'docker load -i busybox.tar')).toEqual({
      code: 0,
      out: 'Loaded image: busybox:latest\n',
      err: '',
    });
    expect(other.image('busybox').id).toBe(img.id);
    expect(other.image('busybox').diffIds).toEqual(img.diffIds);
    expect(other.invariants()).toEqual([]);
  });

  it("a layer whose bytes do not match its diffID is refused with Docker's message and nothing is loaded", async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('hello-world');
    await sh(engine, 'docker save -o hw.tar hello-world');
    const bytes = homeFile(engine, 'hw.tar').slice();
    const img = engine.image('hello-world');
    // Flip one byte inside the layer blob's content: find the blob's header, then its first data block.
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf(`blobs/sha256/${img.diffIds[0]!.slice(7)}`);
    bytes[at + 512 + 700] = (bytes[at + 512 + 700] ?? 0) ^ 0xff;
    const { engine: other } = await openHost({ seed: 2, time: GOLDEN_TIME });
    await other.changeHome((u) =>
      u.writeFile('/home/learner/hw.tar', { kind: 'bytes', bytes }, { mtime: 1 }),
    );
    const r = await sh(other, 'docker load -i hw.tar');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^invalid diffID for layer 0: expected "${img.diffIds[0]}", got "sha256:[0-9a-f]{64}"\\n$`),
    );
    expect(other.state.images.size).toBe(0);
    expect(other.state.layers.size).toBe(0);
  });

  it('save without -o refuses to write to a terminal; load of a missing file says so', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('busybox');
    expect(await sh(engine, 'docker save busybox', true)).toEqual({
      code: 1,
      out: '',
      err: 'cowardly refusing to save to a terminal. Use the -o flag or redirect\n',
    });
    // Redirected or piped, the archive cannot travel through this host's text pipes: it says to use
    // -o (the shell has made the redirect's file, empty, as bash does before running the command).
    expect(await sh(engine, 'docker save busybox > b.tar; docker save busybox | wc -c; ls')).toEqual({
      code: 0,
      out: '0\nREADME.txt\nb.tar\n',
      err: 'docker save: this simulated host cannot stream an archive through a pipe or a redirect: use -o FILE\n'.repeat(
        2,
      ),
    });
    expect(await sh(engine, 'docker load -i nope.tar')).toEqual({
      code: 1,
      out: '',
      err: 'open nope.tar: no such file or directory\n',
    });
  });

  it('export flattens the container: its changes applied, no whiteouts, no init files', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('nginx');
    await engine.run({ image: 'nginx', name: 'web' });
    await engine.changeFs('web', (u) =>
      u.rename('/usr/share/nginx/html/50x.html', '/usr/share/nginx/html/moved.html'),
    );
    expect((await sh(engine, 'docker export -o web.tar web')).code).toBe(0);
    const list = await names(homeFile(engine, 'web.tar'));
    expect(list).toContain('usr/share/nginx/html/moved.html');
    expect(list).not.toContain('usr/share/nginx/html/50x.html');
    expect(list.some((n) => n.includes('.wh.'))).toBe(false);
    expect(list).not.toContain('.dockerenv');
  });

  it('on a terminal, load shows a Loading layer line per new layer (diffID prefix, size); piped, only the result', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('busybox');
    const img = engine.image('busybox');
    await sh(engine, 'docker save -o bb.tar busybox');
    await sh(engine, 'docker rmi busybox');
    const tty = await sh(engine, 'docker load -i bb.tar', true);
    const size = homeFile(engine, 'bb.tar').length;
    expect(size).toBeGreaterThan(0);
    expect(tty.out).toMatch(
      new RegExp(
        `^${img.diffIds[0]!.slice(7, 19)}: Loading layer +[0-9.]+[kM]B/[0-9.]+[kM]B\nLoaded image: busybox:latest\n$`,
      ),
    );
    await sh(engine, 'docker rmi busybox');
    expect(await sh(engine, 'docker load -i bb.tar')).toEqual({
      code: 0,
      out: 'Loaded image: busybox:latest\n',
      err: '',
    });
    // Loaded again when the layer is already here: no Loading line.
    expect((await sh(engine, 'docker load -i bb.tar', true)).out).toBe('Loaded image: busybox:latest\n');
  });

  it('the Node runner writes save/export archives as real files and loads a real file the home lacks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'layerlab-files-'));
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    const outside = nodeOutsideFiles(dir);
    const script =
      'docker pull hello-world\ndocker save -o no/such/dir.tar hello-world\nmkdir out\ndocker save -o out/hw.tar hello-world\n';
    const ran = await replay(engine, script, { outside });
    expect(ran.runs[1]).toMatchObject({
      code: 1,
      output: 'failed to save image: invalid output path: directory "no/such" does not exist\n',
    });
    // The real copy is named by the file's own name, inside the runner's directory (never outside it).
    const real = readFileSync(join(dir, 'hw.tar'));
    expect(new Uint8Array(real)).toEqual(homeFile(engine, 'out/hw.tar'));
    // A fresh host whose home has no hw.tar reads the real one.
    const { engine: other } = await openHost({ seed: 2, time: GOLDEN_TIME });
    const r = await replay(other, 'docker load -i hw.tar\ndocker load -i nope.tar\n', { outside });
    expect(r.runs.map((x) => x.output)).toEqual([
      'Loaded image: hello-world:latest\n',
      'open nope.tar: no such file or directory\n',
    ]);
    expect(other.image('hello-world').id).toBe(engine.image('hello-world').id);
  });

  // Checked with real tools (skopeo inspect, skopeo copy + umoci unpack): test/oci-tools/.
});
