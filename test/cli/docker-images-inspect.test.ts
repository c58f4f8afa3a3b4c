import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { command as info } from '../../src/cli/docker/info';
import { command as inspect, containerInspect, imageInspect } from '../../src/cli/docker/inspect';
import { command as df } from '../../src/cli/docker/system';
import { command as version } from '../../src/cli/docker/version';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { docker } from './docker-images-ctx';

const lines = (...l: string[]) => l.join('\n') + '\n';
const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

/** busybox and nginx pulled; `web` (nginx, -p 8888:80) running for 5 minutes; `b1` (busybox) created. */
async function busy() {
  const { engine, clock } = await openHost({ seed: 1, time: GOLDEN_TIME });
  await engine.pull('busybox');
  await engine.pull('nginx');
  await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '0.0.0.0', hostPort: 8888 }],
  });
  await engine.create({ image: 'busybox', name: 'b1' });
  clock!.advance(300_000);
  return engine;
}

describe('docker inspect', () => {
  it('an image: the daemon struct order as a JSON array indented by four spaces', async () => {
    const engine = await busy();
    const r = await docker(engine, imageInspect, ['busybox']);
    expect(r).toEqual({ code: 0, out: golden('docker-images-inspect-busybox.txt'), err: '' });
    expect((await docker(engine, inspect, ['busybox'])).out).toBe(r.out);
  });

  it('-f {{.RootFS.Layers}} prints the diff ids as a Go slice; {{json .Config}} keeps the struct order', async () => {
    const engine = await busy();
    expect((await docker(engine, inspect, ['-f', '{{.RootFS.Layers}}', 'busybox'])).out).toBe(
      '[sha256:1cdb9aa3ddba8f12f1de91d270ac60524ecfcba5b71a1db8e172196abe2aa5b3]\n',
    );
    const cfg = (await docker(engine, inspect, ['--format', '{{json .Config}}', 'busybox'])).out;
    expect(cfg.startsWith('{"Hostname":"","Domainname":"","User":"","AttachStdin":false,')).toBe(true);
    expect(cfg).toContain(
      '"Cmd":["sh"],"Image":"","Volumes":null,"WorkingDir":"","Entrypoint":null,"OnBuild":null,',
    );
  });

  it('containers come first: {{.NetworkSettings.IPAddress}} of a running one, empty for a created one', async () => {
    const engine = await busy();
    const r = await docker(engine, inspect, [
      '-f',
      '{{.NetworkSettings.IPAddress}}|{{.Name}}|{{.State.Status}}',
      'web',
      'b1',
    ]);
    expect(r).toEqual({ code: 0, out: lines('172.17.0.2|/web|running', '|/b1|created'), err: '' });
  });

  it('-s adds SizeRw and SizeRootFs (the writable layer, and it plus the image)', async () => {
    const engine = await busy();
    const r = await docker(engine, containerInspect, ['-s', '-f', '{{.SizeRw}} {{.SizeRootFs}}', 'b1']);
    expect(r.out).toBe('0 4267917\n');
    const json = (await docker(engine, inspect, ['-s', 'b1'])).out;
    expect(json.indexOf('"SizeRw": 0,')).toBeGreaterThan(json.indexOf('"GraphDriver"'));
    expect(json.indexOf('"SizeRootFs": 4267917,')).toBeLessThan(json.indexOf('"Mounts"'));
  });

  it('nothing by that name: stdout [], stderr "Error: No such object: x", exit 1', async () => {
    const engine = await busy();
    expect(await docker(engine, inspect, ['x'])).toEqual({
      code: 1,
      out: '[]\n',
      err: 'Error: No such object: x\n',
    });
  });

  it('found and missing together: the found one prints, the error follows, exit 1', async () => {
    const engine = await busy();
    expect(await docker(engine, inspect, ['-f', '{{.Name}}', 'x', 'web'])).toEqual({
      code: 1,
      out: '/web\n',
      err: 'Error: No such object: x\n',
    });
  });

  it('docker image inspect / container inspect of a missing one: the daemon says which kind', async () => {
    const engine = await busy();
    expect(await docker(engine, imageInspect, ['x'])).toEqual({
      code: 1,
      out: '[]\n',
      err: 'Error response from daemon: No such image: x:latest\n',
    });
    expect(await docker(engine, containerInspect, ['x'])).toEqual({
      code: 1,
      out: '[]\n',
      err: 'Error response from daemon: No such container: x\n',
    });
  });

  it('template errors: a field the object lacks, and a template that does not parse (exit 64)', async () => {
    const engine = await busy();
    expect(await docker(engine, inspect, ['-f', '{{.Nope}}', 'busybox'])).toEqual({
      code: 1,
      out: '\n',
      err: 'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"\n',
    });
    const bad = await docker(engine, inspect, ['-f', '{{.Id', 'busybox']);
    expect(bad.code).toBe(64);
    expect(bad.out).toBe('');
    expect(bad.err.startsWith('template parsing error: template: :1: ')).toBe(true);
  });

  it('--type narrows the search and rejects unknown kinds', async () => {
    const engine = await busy();
    expect((await docker(engine, inspect, ['--type', 'container', '-f', '{{.Name}}', 'web'])).out).toBe(
      '/web\n',
    );
    expect((await docker(engine, inspect, ['--type', 'image', 'web'])).err).toBe(
      'Error response from daemon: No such image: web:latest\n',
    );
    expect(await docker(engine, inspect, ['--type', 'bogus', 'web'])).toEqual({
      code: 1,
      out: '',
      err: '"bogus" is not a valid value for --type\n',
    });
  });
});

describe('docker system df', () => {
  it('the summary table: sizes to 4 digits, reclaimable with its integer share', async () => {
    const engine = await busy();
    expect(await docker(engine, df, [])).toEqual({
      code: 0,
      err: '',
      out: lines(
        'TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE',
        'Images          2         2         188.2MB   0B (0%)',
        'Containers      2         1         458B      0B (0%)',
        'Local Volumes   0         0         0B        0B',
        'Build Cache     0         0         0B        0B',
      ),
    });
  });

  it('an image no container uses becomes reclaimable', async () => {
    const { engine } = await openHost({ seed: 1, time: GOLDEN_TIME });
    await engine.pull('busybox');
    expect((await docker(engine, df, ['--format', '{{.Type}}: {{.Size}} / {{.Reclaimable}}'])).out).toBe(
      lines(
        'Images: 4.268MB / 4.268MB (100%)',
        'Containers: 0B / 0B',
        'Local Volumes: 0B / 0B',
        'Build Cache: 0B / 0B',
      ),
    );
  });

  it('-v lists images, containers, volumes and the build cache, each in its own table', async () => {
    const engine = await busy();
    expect((await docker(engine, df, ['-v'])).out).toBe(
      lines(
        'Images space usage:',
        '',
        'REPOSITORY   TAG       IMAGE ID       CREATED        SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS',
        'nginx        latest    4dc54898e692   7 days ago     184MB     0B            184MB         1',
        'busybox      latest    8b2fe97e51a2   4 months ago   4.27MB    0B            4.268MB       1',
        '',
        'Containers space usage:',
        '',
        'CONTAINER ID   IMAGE     COMMAND                  LOCAL VOLUMES   SIZE                   CREATED         STATUS         NAMES',
        '46c7c61a1989   nginx     "/docker-entrypoint.…"   0               458B (virtual 184MB)   5 minutes ago   Up 5 minutes   web',
        'd5f695482766   busybox   "sh"                     0               0B (virtual 4.27MB)    5 minutes ago   Created        b1',
        '',
        'Local Volumes space usage:',
        '',
        'VOLUME NAME   LINKS     SIZE',
        '',
        'Build cache usage: 0B',
        '',
        'CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED',
      ),
    );
  });
});

describe('docker version and docker info', () => {
  it('version: client and server blocks aligned at column 20, Docker Engine 27.5.1', async () => {
    const engine = await busy();
    const r = await docker(engine, version, []);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').slice(0, 12)).toEqual([
      'Client: Docker Engine - Community',
      ' Version:           27.5.1',
      ' API version:       1.47',
      ' Go version:        go1.22.11',
      ' Git commit:        9f9e405',
      ' Built:             Wed Jan 22 13:41:48 2025',
      ' OS/Arch:           linux/amd64',
      ' Context:           default',
      '',
      'Server: Docker Engine - Community',
      ' Engine:',
      '  Version:          27.5.1',
    ]);
    expect(r.out).toContain('\n  API version:      1.47 (minimum version 1.24)\n');
    expect(r.out.endsWith(' docker-init:\n  Version:          0.19.0\n  GitCommit:        de40ad0\n')).toBe(
      true,
    );
  });

  it('version --format reads the server fields, the kernel from the host settings', async () => {
    const engine = await busy();
    expect((await docker(engine, version, ['-f', '{{.Server.Version}} {{.Server.KernelVersion}}'])).out).toBe(
      '27.5.1 6.1.0-28-amd64\n',
    );
  });

  it('info: live counts of containers by state and of images, overlay2, the host kernel', async () => {
    const engine = await busy();
    const out = (await docker(engine, info, [])).out.split('\n');
    const server = out.indexOf('Server:');
    expect(out.slice(server, server + 9)).toEqual([
      'Server:',
      ' Containers: 2',
      '  Running: 1',
      '  Paused: 0',
      '  Stopped: 1',
      ' Images: 2',
      ' Server Version: 27.5.1',
      ' Storage Driver: overlay2',
      '  Backing Filesystem: extfs',
    ]);
    expect(out).toContain(' Kernel Version: 6.1.0-28-amd64');
    expect(out).toContain(' Name: layerlab');
    expect(
      (await docker(engine, info, ['--format', '{{.Driver}} {{.Images}} {{.ContainersRunning}}'])).out,
    ).toBe('overlay2 2 1\n');
  });
});
