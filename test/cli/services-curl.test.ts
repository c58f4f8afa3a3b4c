import { beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { run } from './services-ctx';

const METER_HEAD =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';
const ZERO = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
const REFUSED = "curl: (7) Failed to connect to localhost port 9999 after 0 ms: Couldn't connect to server\n";

const NOT_FOUND =
  '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

let engine: Engine;

beforeEach(async () => {
  ({ engine } = await openHost({ seed: 1, time: GOLDEN_TIME }));
  await engine.pull('nginx');
  await engine.run({
    image: 'nginx',
    name: 'web',
    ports: [{ containerPort: 80, proto: 'tcp', hostIp: '', hostPort: 8888 }],
  });
});

describe('curl', () => {
  it('curl -s prints the page nginx serves from the image layer and nothing else', async () => {
    const r = await run(engine, 'host', ['curl', '-s', 'http://localhost:8888']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('<title>Welcome to nginx!</title>');
    expect(r.out.endsWith('</html>\n')).toBe(true);
  });

  it('without -s and with stdout not a terminal, curl draws its progress meter on stderr', async () => {
    const r = await run(engine, 'host', ['curl', 'localhost:8888/nope']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(NOT_FOUND);
    expect(r.err).toBe(
      METER_HEAD +
        ZERO +
        '\r100   146  100   146    0     0   142k      0 --:--:-- --:--:-- --:--:--  142k\n',
    );
  });

  it('on a terminal curl shows no progress meter', async () => {
    const r = await run(engine, 'host', ['curl', 'localhost:8888/nope'], { tty: true });
    expect(r.err).toBe('');
    expect(r.out).toBe(NOT_FOUND);
  });

  it('-i puts nginx status line and headers (CRLF) before the body', async () => {
    const r = await run(engine, 'host', ['curl', '-si', 'http://localhost:8888/nope']);
    expect(r.out).toBe(
      'HTTP/1.1 404 Not Found\r\nServer: nginx/1.27.5\r\nDate: Fri, 27 Nov 2026 09:00:00 GMT\r\n' +
        'Content-Type: text/html\r\nContent-Length: 146\r\nConnection: keep-alive\r\n\r\n' +
        NOT_FOUND,
    );
  });

  it('-I asks with HEAD and prints the headers of a static file, ETag and Last-Modified included', async () => {
    const r = await run(engine, 'host', ['curl', '-sI', 'localhost:8888/']);
    const lines = r.out.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 200 OK');
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'HTTP/1.1 200 OK',
      'Server',
      'Date',
      'Content-Type',
      'Content-Length',
      'Last-Modified',
      'Connection',
      'ETag',
      'Accept-Ranges',
      '',
      '',
    ]);
    expect(r.out.endsWith('\r\n\r\n')).toBe(true);
    const log = engine.container('web').logs.at(-1)!.text;
    expect(log).toMatch(/"HEAD \/ HTTP\/1.1" 200 0 /);
  });

  it('-v traces the connection and the exchange on stderr', async () => {
    const r = await run(engine, 'host', ['curl', '-sv', 'localhost:8888/nope']);
    expect(r.out).toBe(NOT_FOUND);
    expect(r.err).toBe(
      '*   Trying 127.0.0.1:8888...\n' +
        '* Connected to localhost (127.0.0.1) port 8888 (#0)\n' +
        '> GET /nope HTTP/1.1\r\n> Host: localhost:8888\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n' +
        '< HTTP/1.1 404 Not Found\r\n< Server: nginx/1.27.5\r\n< Date: Fri, 27 Nov 2026 09:00:00 GMT\r\n' +
        '< Content-Type: text/html\r\n< Content-Length: 146\r\n< Connection: keep-alive\r\n< \r\n' +
        '{ [146 bytes data]\n' +
        '* Connection #0 to host localhost left intact\n',
    );
  });

  it('a port nobody listens on is refused: exit 7, silent with -s, the error with -sS', async () => {
    expect(await run(engine, 'host', ['curl', '-s', 'http://localhost:9999/'])).toEqual({
      code: 7,
      out: '',
      err: '',
    });
    expect(await run(engine, 'host', ['curl', '-sS', 'http://localhost:9999/'])).toEqual({
      code: 7,
      out: '',
      err: REFUSED,
    });
    expect(await run(engine, 'host', ['curl', 'localhost:9999'])).toEqual({
      code: 7,
      out: '',
      err: `${METER_HEAD}${ZERO}${ZERO}\n${REFUSED}`,
    });
  });

  it('a stopped container stops answering', async () => {
    await engine.stop('web');
    expect((await run(engine, 'host', ['curl', '-sS', 'localhost:8888'])).code).toBe(7);
  });

  it('-o writes the body into a file in the home directory, with the meter even on a terminal', async () => {
    const r = await run(engine, 'host', ['curl', '-o', 'page.html', 'localhost:8888/nope'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err.startsWith(METER_HEAD)).toBe(true);
    const f = engine.state.home.view().fileOf('/home/learner/page.html')!;
    expect(new TextDecoder().decode(f.content.kind === 'bytes' ? f.content.bytes : new Uint8Array())).toBe(
      NOT_FOUND,
    );
  });

  it('-f turns an HTTP error into exit 22', async () => {
    expect(await run(engine, 'host', ['curl', '-sSf', 'localhost:8888/nope'])).toEqual({
      code: 22,
      out: '',
      err: 'curl: (22) The requested URL returned error: 404\n',
    });
  });

  it('option errors and a missing URL are reported as curl does, exit 2', async () => {
    const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";
    expect(await run(engine, 'host', ['curl'])).toEqual({ code: 2, out: '', err: TRY });
    expect(await run(engine, 'host', ['curl', '--bogus'])).toEqual({
      code: 2,
      out: '',
      err: `curl: option --bogus: is unknown\n${TRY}`,
    });
    expect(await run(engine, 'host', ['curl', '-s'])).toEqual({
      code: 2,
      out: '',
      err: `curl: no URL specified!\n${TRY}`,
    });
    expect(await run(engine, 'host', ['curl', '-sS', 'example.com'])).toEqual({
      code: 6,
      out: '',
      err: 'curl: (6) Could not resolve host: example.com\n',
    });
  });

  it('inside the nginx container, localhost:80 is its own server, published or not', async () => {
    const web = engine.container('web');
    const r = await run(engine, web.id, ['curl', '-s', 'localhost/nope']);
    expect(r).toEqual({ code: 0, out: NOT_FOUND, err: '' });
    expect((await run(engine, web.id, ['curl', '-sS', 'localhost:8888'])).err).toBe(
      "curl: (7) Failed to connect to localhost port 8888 after 0 ms: Couldn't connect to server\n",
    );
  });
});
