import { describe, expect, it } from 'vitest';
import { command as create, parsePortSpec } from '../../src/cli/docker/create';
import { command as run } from '../../src/cli/docker/run';
import { HELLO_TEXT } from '../../src/engine/runtime/processes';
import { HEX64, docker, host } from './docker-containers-harness';

const SEE = "See 'docker run --help'.\n";

describe('docker run', () => {
  it('pulls a missing image first, on stderr, without the default-tag line or the final reference', async () => {
    const { engine } = await host();
    const r = await docker(engine, run, ['hello-world']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(HELLO_TEXT + '\n');
    expect(
      r.err.startsWith(
        "Unable to find image 'hello-world:latest' locally\nlatest: Pulling from library/hello-world\n",
      ),
    ).toBe(true);
    expect(r.err.endsWith('Status: Downloaded newer image for hello-world:latest\n')).toBe(true);
    expect(r.err).not.toContain('Using default tag');
    expect(r.err).not.toContain('docker.io/library/hello-world');
    const [ctr] = engine.listContainers(true);
    expect(ctr?.state.status).toBe('exited');
  });

  it('-d prints the 64-hex id of a running container', async () => {
    const { engine } = await host(['nginx']);
    const r = await docker(engine, run, ['-d', '--name', 'web', '-p', '8888:80', 'nginx']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const id = r.out.trimEnd();
    expect(id).toMatch(HEX64);
    expect(r.out).toBe(id + '\n');
    const ctr = engine.container('web');
    expect(ctr.id).toBe(id);
    expect(ctr.state.status).toBe('running');
    expect(ctr.boundPorts).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '0.0.0.0', hostPort: 8888 },
      { containerPort: 80, proto: 'tcp', hostIp: '::', hostPort: 8888 },
    ]);
  });

  it('a taken host port leaves the second container Created, its id printed before the error', async () => {
    const { engine } = await host(['nginx']);
    await docker(engine, run, ['-d', '--name', 'web', '-p', '8888:80', 'nginx']);
    const r = await docker(engine, run, ['-d', '--name', 'web2', '-p', '8888:80', 'nginx']);
    const ctr = engine.container('web2');
    expect(r.code).toBe(125);
    expect(r.out).toBe(ctr.id + '\n');
    expect(r.err).toMatch(
      /^docker: Error response from daemon: driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8888 failed: port is already allocated\.\n$/,
    );
    expect(ctr.state.status).toBe('created');
  });

  it('a taken name is a create-time error: docker: prefix, help hint, exit 125', async () => {
    const { engine } = await host(['nginx']);
    await docker(engine, run, ['-d', '--name', 'web', 'nginx']);
    const web = engine.container('web');
    const r = await docker(engine, run, ['-d', '--name', 'web', 'nginx']);
    expect(r).toEqual({
      code: 125,
      out: '',
      err:
        `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${web.id}". You have to remove (or rename) that container to be able to reuse that name.\n` +
        SEE,
    });
  });

  it('an invalid container name is refused by the daemon', async () => {
    const { engine } = await host(['nginx']);
    const r = await docker(engine, run, ['--name', '-x', 'nginx']);
    expect(r.err).toBe(
      'docker: Error response from daemon: Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.\n' +
        SEE,
    );
    expect(r.code).toBe(125);
  });

  it('an upper-case image name is a client-side reference error', async () => {
    const { engine } = await host();
    const r = await docker(engine, run, ['Nginx']);
    expect(r).toEqual({
      code: 125,
      out: '',
      err: 'docker: invalid reference format: repository name (library/Nginx) must be lowercase.\n' + SEE,
    });
  });

  it('an unknown repository fails the implicit pull with exit 125', async () => {
    const { engine } = await host();
    const r = await docker(engine, run, ['nosuchimage']);
    expect(r).toEqual({
      code: 125,
      out: '',
      err:
        "Unable to find image 'nosuchimage:latest' locally\n" +
        "docker: Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied.\n" +
        SEE,
    });
    expect(engine.listContainers(true)).toEqual([]);
  });

  it.each([
    ['abc', 'invalid containerPort: abc'],
    ['8888:abc', 'invalid containerPort: abc'],
    ['abc:80', 'invalid hostPort: abc'],
    ['8888:80/xyz', 'invalid proto: xyz'],
    ['1.2.3:8888:80', 'invalid IP address: 1.2.3'],
    ['8888:', 'no port specified: 8888:<empty>'],
    ['99999:80', 'invalid hostPort: 99999'],
  ])('-p %s is refused before anything is created: %s', async (spec, message) => {
    const { engine } = await host(['nginx']);
    const r = await docker(engine, run, ['-d', '-p', spec, 'nginx']);
    expect(r).toEqual({ code: 125, out: '', err: `docker: ${message}.\n${SEE}` });
    expect(engine.listContainers(true)).toEqual([]);
  });

  it('parses every -p form docker accepts', () => {
    expect(parsePortSpec('8888:80')).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 },
    ]);
    expect(parsePortSpec('127.0.0.1:8888:80')).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8888 },
    ]);
    expect(parsePortSpec('80')).toEqual([{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 0 }]);
    expect(parsePortSpec('8888:80/udp')).toEqual([
      { containerPort: 80, proto: 'udp', hostIp: '', hostPort: 8888 },
    ]);
    expect(parsePortSpec('[::1]:8888:80')).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '::1', hostPort: 8888 },
    ]);
    expect(parsePortSpec('8000-8001:80-81')).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8000 },
      { containerPort: 81, proto: 'tcp', hostIp: '', hostPort: 8001 },
    ]);
  });

  it('-p 127.0.0.1:8888:80 binds only that address; -p 80 and -P take ports from 32768 up', async () => {
    const { engine } = await host(['nginx']);
    await docker(engine, run, ['-d', '--name', 'aa', '-p', '127.0.0.1:8888:80', 'nginx']);
    expect(engine.container('aa').boundPorts).toEqual([
      { containerPort: 80, proto: 'tcp', hostIp: '127.0.0.1', hostPort: 8888 },
    ]);
    await docker(engine, run, ['-d', '--name', 'bb', '-p', '80', 'nginx']);
    expect(engine.container('bb').boundPorts.map((p) => `${p.hostIp}:${p.hostPort}`)).toEqual([
      '0.0.0.0:32768',
      ':::32768',
    ]);
    await docker(engine, run, ['-d', '--name', 'cc', '-P', 'nginx']);
    expect(engine.container('cc').boundPorts.map((p) => `${p.hostIp}:${p.hostPort}`)).toEqual([
      '0.0.0.0:32769',
      ':::32769',
    ]);
  });

  it('-e, -w, --hostname, -u, --entrypoint and a command override reach the container config', async () => {
    const { engine } = await host(['alpine']);
    const r = await docker(
      engine,
      run,
      [
        '-d',
        '--name',
        'box',
        '-e',
        'A=1',
        '-e',
        'FROM_HOST',
        '-e',
        'UNSET',
        '-w',
        '/tmp',
        '--hostname',
        'lab',
        '-u',
        'nobody',
        '--entrypoint',
        'sleep',
        'alpine',
        '1000',
      ],
      { env: { FROM_HOST: 'yes' } },
    );
    expect(r.code).toBe(0);
    const c = engine.container('box');
    expect(c.config.Env).toEqual(expect.arrayContaining(['A=1', 'FROM_HOST=yes']));
    expect(c.config.Env?.some((e) => e.startsWith('UNSET'))).toBe(false);
    expect(c.config.WorkingDir).toBe('/tmp');
    expect(c.config.Hostname).toBe('lab');
    expect(c.config.User).toBe('nobody');
    expect([c.path, ...c.args]).toEqual(['sleep', '1000']);
    expect(c.state.status).toBe('running');
  });

  it('flags after the image belong to the command (interspersed=false)', async () => {
    const { engine } = await host(['alpine']);
    const r = await docker(engine, run, ['--name', 'xx', 'alpine', 'ls', '-d', '/etc']);
    expect(r).toEqual({ code: 0, out: '/etc\n', err: '' });
    const c = engine.container('xx');
    expect([c.path, ...c.args]).toEqual(['ls', '-d', '/etc']);
    expect(c.state.status).toBe('exited');
  });

  it('a one-shot command prints its output and leaves the container Exited', async () => {
    const { engine } = await host(['ubuntu']);
    const r = await docker(engine, run, ['ubuntu', 'ls', '-d', '/etc', '/tmp']);
    expect(r).toEqual({ code: 0, out: '/etc\n/tmp\n', err: '' });
    expect(engine.listContainers(true)[0]?.state.status).toBe('exited');
  });

  it('-it with a shell opens a session in the running container', async () => {
    const { engine } = await host(['ubuntu']);
    const r = await docker(engine, run, ['-it', '--name', 'uu', 'ubuntu']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    const c = engine.container('uu');
    expect(c.state.status).toBe('running');
    expect(r.result?.enter?.kind).toBe('container');
    expect(r.result?.enter?.prompt()).toBe(`root@${c.id.slice(0, 12)}:/# `);
  });

  it('--rm removes a one-shot container when it exits', async () => {
    const { engine } = await host(['alpine']);
    const r = await docker(engine, run, ['--rm', 'alpine', 'true']);
    expect(r.code).toBe(0);
    expect(engine.listContainers(true)).toEqual([]);
  });

  it('missing image argument: cobra-style error with usage, exit 1', async () => {
    const { engine } = await host();
    const r = await docker(engine, run, []);
    expect(r.code).toBe(1);
    expect(
      r.err.startsWith(
        `"docker run" requires at least 1 argument.\n${SEE}\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n`,
      ),
    ).toBe(true);
  });
});

describe('docker create', () => {
  it('creates without starting and prints the id', async () => {
    const { engine } = await host(['nginx']);
    const r = await docker(engine, create, ['--name', 'c1', '-p', '8080:80', 'nginx']);
    const c = engine.container('c1');
    expect(r).toEqual({ code: 0, out: c.id + '\n', err: '' });
    expect(c.state.status).toBe('created');
  });

  it('pulls a missing image, naming create in the hint when the pull fails', async () => {
    const { engine } = await host();
    const r = await docker(engine, create, ['nosuchimage']);
    expect(r.code).toBe(125);
    expect(r.err.endsWith("See 'docker create --help'.\n")).toBe(true);
  });
});

describe('docker create errors', () => {
  it('a taken name is returned as a plain daemon error, exit 1', async () => {
    const { engine } = await host(['nginx']);
    await docker(engine, create, ['--name', 'web', 'nginx']);
    const id = engine.container('web').id;
    expect(await docker(engine, create, ['--name', 'web', 'nginx'])).toEqual({
      code: 1,
      out: '',
      err: `Error response from daemon: Conflict. The container name "/web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.\n`,
    });
  });
});

describe('docker run -it with a command behind an entrypoint', () => {
  it('nginx bash opens bash (the entrypoint passes it through)', async () => {
    const { engine } = await host(['nginx']);
    const r = await docker(engine, run, ['-it', '--name', 'nb', 'nginx', 'bash']);
    expect(r.code).toBe(0);
    const c = engine.container('nb');
    expect(r.result?.enter?.prompt()).toBe(`root@${c.id.slice(0, 12)}:/# `);
  });
});

describe('docker run of a program the image does not have', () => {
  it('fails at start with runc’s text, exit 127, the container left Created', async () => {
    const { engine } = await host(['alpine']);
    const r = await docker(engine, run, ['-d', '--name', 'bad', 'alpine', 'nosuchcmd']);
    const c = engine.container('bad');
    expect(r).toEqual({
      code: 127,
      out: c.id + '\n',
      err: 'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuchcmd": executable file not found in $PATH: unknown.\n',
    });
    expect(c.state.status).toBe('created');
  });

  it('an absolute path that is missing is a stat error; --rm removes the container', async () => {
    const { engine } = await host(['alpine']);
    const r = await docker(engine, run, ['--rm', 'alpine', '/bin/bash']);
    expect(r.code).toBe(127);
    expect(r.err).toContain(
      'error during container init: exec: "/bin/bash": stat /bin/bash: no such file or directory: unknown.\n',
    );
    expect(engine.listContainers(true)).toEqual([]);
  });
});

describe('docker run through an entrypoint', () => {
  it('nginx ls runs ls behind /docker-entrypoint.sh', async () => {
    const { engine } = await host(['nginx']);
    expect(await docker(engine, run, ['--rm', 'nginx', 'ls', '/usr/share/nginx/html'])).toEqual({
      code: 0,
      out: '50x.html\nindex.html\n',
      err: '',
    });
  });
});
