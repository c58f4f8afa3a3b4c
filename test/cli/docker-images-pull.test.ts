import { describe, expect, it } from 'vitest';
import { command as images } from '../../src/cli/docker/images';
import { command as pull } from '../../src/cli/docker/pull';
import { pullWithProgress } from '../../src/cli/docker/pull-progress';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { capture, docker } from './docker-images-ctx';

async function host() {
  return (await openHost({ seed: 1, time: GOLDEN_TIME })).engine;
}

/** Replays what a terminal would do with the bytes: newlines, \r, ESC[nA, ESC[nB, ESC[2K. */
function screen(bytes: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i] as string;
    if (ch === '\x1b') {
      const m = /^\x1b\[(\d*)([ABK])/.exec(bytes.slice(i));
      if (!m) throw new Error(`unexpected escape at ${i}`);
      const n = Number(m[1] || '1');
      if (m[2] === 'A') row = Math.max(0, row - n);
      else if (m[2] === 'B') row += n;
      else lines[row] = '';
      while (lines.length <= row) lines.push('');
      i += m[0].length - 1;
    } else if (ch === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (ch === '\r') col = 0;
    else {
      const line = (lines[row] ?? '').padEnd(col);
      lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
      col++;
    }
  }
  return lines;
}

describe('docker pull (not a terminal)', () => {
  it('prints every state change of a three-layer pull on its own line, then digest, status and reference', async () => {
    const r = await docker(await host(), pull, ['layerlab/unionfs-demo']);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: [
        'Using default tag: latest',
        'latest: Pulling from layerlab/unionfs-demo',
        '402270f303b4: Pulling fs layer',
        '554ebd2c836b: Pulling fs layer',
        '7278fef7296a: Pulling fs layer',
        '402270f303b4: Verifying Checksum',
        '402270f303b4: Download complete',
        '554ebd2c836b: Verifying Checksum',
        '554ebd2c836b: Download complete',
        '7278fef7296a: Verifying Checksum',
        '7278fef7296a: Download complete',
        '402270f303b4: Pull complete',
        '554ebd2c836b: Pull complete',
        '7278fef7296a: Pull complete',
        'Digest: sha256:9780f731c4f717a946bcdaf3ba40360b271fa1bfaf851b8dc8c674bbf361f298',
        'Status: Downloaded newer image for layerlab/unionfs-demo:latest',
        'docker.io/layerlab/unionfs-demo:latest',
        '',
      ].join('\n'),
    });
  });

  it('drops the Downloading/Extracting bar updates when stdout is not a terminal', async () => {
    const r = await docker(await host(), pull, ['redis']);
    expect(r.out).not.toContain('Downloading');
    expect(r.out).not.toContain('Extracting');
    expect(r.out).not.toContain('\x1b');
    expect(r.out).toContain('Waiting\n');
  });

  it('names a typed tag and prints no "Using default tag" line', async () => {
    const r = await docker(await host(), pull, ['alpine:3.21']);
    expect(r.out.split('\n').slice(0, 2)).toEqual([
      '3.21: Pulling from library/alpine',
      '5b0811138f1a: Pulling fs layer',
    ]);
    expect(
      r.out.endsWith('Status: Downloaded newer image for alpine:3.21\ndocker.io/library/alpine:3.21\n'),
    ).toBe(true);
  });

  it('says "Already exists" for a layer another image brought, and "up to date" with no layer lines the second time', async () => {
    const engine = await host();
    await docker(engine, pull, ['redis']);
    const nginx = await docker(engine, pull, ['nginx']);
    expect(nginx.out.split('\n')[2]).toBe('3b96de411120: Already exists');
    const again = await docker(engine, pull, ['nginx']);
    expect(again.out).toBe(
      [
        'Using default tag: latest',
        'latest: Pulling from library/nginx',
        'Digest: sha256:3ef52baf03f39c5215cb371d14716ccd264a41a36e8d611b229e8a4e5dce1cd4',
        'Status: Image is up to date for nginx:latest',
        'docker.io/library/nginx:latest',
        '',
      ].join('\n'),
    );
  });

  it('by digest: the digest heads the lines and names the image; docker images lists it with TAG <none>', async () => {
    const engine = await host();
    const digest = 'sha256:c6617a57a208430dc3164e325f0fd8f2db9ad2e83573b50b3f027a3e94cfe6dc';
    const r = await docker(engine, pull, [`busybox@${digest}`]);
    expect(r.out.split('\n')[0]).toBe(`${digest}: Pulling from library/busybox`);
    expect(
      r.out.endsWith(
        `Status: Downloaded newer image for busybox@${digest}\ndocker.io/library/busybox@${digest}\n`,
      ),
    ).toBe(true);
    expect(
      (await docker(engine, images, ['--digests', '--format', '{{.Repository}}|{{.Tag}}|{{.Digest}}'])).out,
    ).toBe(`busybox|<none>|${digest}\n`);
  });

  it('-q prints only the full reference', async () => {
    const r = await docker(await host(), pull, ['-q', 'busybox']);
    expect(r).toEqual({ code: 0, out: 'docker.io/library/busybox:latest\n', err: '' });
  });
});

describe('docker pull (terminal)', () => {
  it('gives the layer its own line, redrawn in place with cursor moves and the real bar', async () => {
    const r = await docker(await host(), pull, ['busybox'], { tty: true, columns: 120 });
    const up = '\x1b[1A\x1b[2K\r';
    const down = '\r\x1b[1B';
    expect(r.out).toBe(
      'Using default tag: latest\n' +
        'latest: Pulling from library/busybox\n' +
        `\n${up}456b272d4a15: Pulling fs layer ${down}` +
        `${up}456b272d4a15: Downloading [=================================>                 ]   1.25MB/1.843MB${down}` +
        `${up}456b272d4a15: Downloading [==================================================>]  1.843MB/1.843MB${down}` +
        `${up}456b272d4a15: Verifying Checksum ${down}` +
        `${up}456b272d4a15: Download complete ${down}` +
        `${up}456b272d4a15: Extracting [==================================================>]  1.843MB/1.843MB${down}` +
        `${up}456b272d4a15: Pull complete ${down}` +
        'Digest: sha256:c6617a57a208430dc3164e325f0fd8f2db9ad2e83573b50b3f027a3e94cfe6dc\n' +
        'Status: Downloaded newer image for busybox:latest\n' +
        'docker.io/library/busybox:latest\n',
    );
  });

  it('leaves one finished line per layer, each with its trailing space, when the redraws are replayed', async () => {
    const r = await docker(await host(), pull, ['layerlab/unionfs-demo'], { tty: true, columns: 120 });
    expect(screen(r.out)).toEqual([
      'Using default tag: latest',
      'latest: Pulling from layerlab/unionfs-demo',
      '402270f303b4: Pull complete ',
      '554ebd2c836b: Pull complete ',
      '7278fef7296a: Pull complete ',
      'Digest: sha256:9780f731c4f717a946bcdaf3ba40360b271fa1bfaf851b8dc8c674bbf361f298',
      'Status: Downloaded newer image for layerlab/unionfs-demo:latest',
      'docker.io/layerlab/unionfs-demo:latest',
      '',
    ]);
  });

  it('moves up as many lines as the layer is from the bottom (ESC[3A for the first of three)', async () => {
    const r = await docker(await host(), pull, ['layerlab/unionfs-demo'], { tty: true, columns: 120 });
    expect(r.out).toContain('\x1b[3A\x1b[2K\r402270f303b4: Pull complete \r\x1b[3B');
  });

  it('shows no bar on a terminal 110 columns wide or less, only the counts', async () => {
    const r = await docker(await host(), pull, ['busybox'], { tty: true, columns: 80 });
    expect(r.out).toContain('\r456b272d4a15: Downloading   1.25MB/1.843MB\r');
  });
});

describe('docker pull errors', () => {
  it('an unknown repository: the daemon refuses, exit 1, after "Using default tag"', async () => {
    const r = await docker(await host(), pull, ['foo']);
    expect(r).toEqual({
      code: 1,
      out: 'Using default tag: latest\n',
      err: "Error response from daemon: pull access denied for foo, repository does not exist or may require 'docker login': denied: requested access to the resource is denied\n",
    });
  });

  it('an unknown tag: manifest unknown', async () => {
    const r = await docker(await host(), pull, ['nginx:nope']);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: 'Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown\n',
    });
  });

  it("an upper-case name is the client's own error, without the daemon prefix", async () => {
    const r = await docker(await host(), pull, ['Nginx']);
    expect(r).toEqual({
      code: 1,
      out: '',
      err: 'invalid reference format: repository name (library/Nginx) must be lowercase\n',
    });
  });

  it('-a with a tag is refused', async () => {
    const r = await docker(await host(), pull, ['-a', 'nginx:1.27']);
    expect(r).toEqual({ code: 1, out: '', err: "tag can't be used with --all-tags/-a\n" });
  });

  it("two arguments: docker's argument-count error, exit 1", async () => {
    const r = await docker(await host(), pull, ['a', 'b']);
    expect(r.code).toBe(1);
    expect(r.err.startsWith('"docker pull" requires exactly 1 argument.\nSee \'docker pull --help\'.')).toBe(
      true,
    );
  });
});

describe('pullWithProgress', () => {
  it('inside docker run: output on stderr, no default-tag line, no final reference', async () => {
    const engine = await host();
    const c = capture(engine);
    const r = await pullWithProgress(c.ctx, 'alpine', { implicit: true });
    expect(r?.tag).toBe('alpine:latest');
    expect(c.out()).toBe('');
    expect(c.err()).toBe(
      [
        'latest: Pulling from library/alpine',
        '5b0811138f1a: Pulling fs layer',
        '5b0811138f1a: Verifying Checksum',
        '5b0811138f1a: Download complete',
        '5b0811138f1a: Pull complete',
        'Digest: sha256:3ab38c79c29fe2c292bb495336c245d8fe4b82b91b3cab6c9e831b553e55f600',
        'Status: Downloaded newer image for alpine:latest',
        '',
      ].join('\n'),
    );
  });

  it('inside docker run an error reads "docker: …." with the help hint, and null comes back', async () => {
    const engine = await host();
    const c = capture(engine);
    expect(await pullWithProgress(c.ctx, 'nginx:nope', { implicit: true })).toBeNull();
    expect(c.err()).toBe(
      "docker: Error response from daemon: manifest for nginx:nope not found: manifest unknown: manifest unknown.\nSee 'docker run --help'.\n",
    );
  });

  it('Ctrl-C stops the pull: completed layers are kept, nothing more is printed, docker pull exits 130', async () => {
    const engine = await host();
    const ac = new AbortController();
    engine.on((e) => {
      if (e.type === 'pull-progress' && e.status === 'Pull complete') ac.abort();
    });
    const r = await docker(engine, pull, ['layerlab/unionfs-demo'], { signal: ac.signal });
    expect(r.code).toBe(130);
    expect(r.out.endsWith('402270f303b4: Pull complete\n')).toBe(true);
    expect(r.out).not.toContain('Digest:');
    expect(engine.state.layers.size).toBe(1);
    expect(engine.state.images.size).toBe(0);
  });
});
