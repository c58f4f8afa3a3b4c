import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { contentBytes } from '../../src/engine/fs/content';
import { readTarEntries } from '../../src/engine/oci/tar';
import { hostSession } from '../../src/cli/session';
import type { Stdio } from '../../src/cli/types';
import { GOLDEN_TIME, openHost } from '../../src/node/host';

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
      new RegExp(
        `^Error response from daemon: invalid diffID for layer 0: expected "${img.diffIds[0]}", got "sha256:[0-9a-f]{64}"\\n$`,
      ),
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

  const skopeo = existsSync('/usr/bin/skopeo');
  describe.runIf(skopeo || process.env.CI === 'true')('checked with skopeo (a tool we did not write)', () => {
    it('skopeo inspect reads our save and lists our diffIDs', async () => {
      const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
      await engine.pull('nginx');
      await sh(engine, 'docker save -o nginx.tar nginx');
      const dir = mkdtempSync(join(tmpdir(), 'layerlab-skopeo-'));
      const path = join(dir, 'nginx.tar');
      writeFileSync(path, homeFile(engine, 'nginx.tar'));
      const raw = execFileSync('skopeo', ['inspect', '--raw', `docker-archive:${path}`]).toString();
      const info = JSON.parse(
        execFileSync('skopeo', ['inspect', '--config', `docker-archive:${path}`]).toString(),
      ) as { rootfs: { diff_ids: string[] } };
      expect(info.rootfs.diff_ids).toEqual(engine.image('nginx').diffIds);
      expect(JSON.parse(raw).layers).toHaveLength(engine.image('nginx').diffIds.length);
    });
  });
});
