import { beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine';
import type { ContainerRec } from '../../src/engine/state';
import { MemoryStore } from '../../src/engine/store';
import { GOLDEN_TIME, openHost } from '../../src/node/host';
import { run } from './services-ctx';

let engine: Engine;
let db: ContainerRec;

const cli = (args: string[], tty = false) => run(engine, db.id, ['redis-cli', ...args], { tty });

beforeEach(async () => {
  ({ engine } = await openHost({ seed: 1, time: GOLDEN_TIME, store: new MemoryStore() }));
  await engine.pull('redis');
  ({ container: db } = await engine.run({ image: 'redis', name: 'db' }));
});

describe('redis-cli', () => {
  it('PING, SET, GET, DEL, KEYS with the terminal formatting', async () => {
    expect(await cli(['PING'], true)).toEqual({ code: 0, out: 'PONG\n', err: '' });
    expect(await cli(['SET', 'greeting', 'hello world'], true)).toEqual({ code: 0, out: 'OK\n', err: '' });
    expect(await cli(['GET', 'greeting'], true)).toEqual({ code: 0, out: '"hello world"\n', err: '' });
    expect(await cli(['GET', 'nothing'], true)).toEqual({ code: 0, out: '(nil)\n', err: '' });
    expect(await cli(['SET', 'count', '1'], true)).toEqual({ code: 0, out: 'OK\n', err: '' });
    expect(await cli(['KEYS', '*'], true)).toEqual({ code: 0, out: '1) "greeting"\n2) "count"\n', err: '' });
    expect(await cli(['DEL', 'greeting', 'nothing'], true)).toEqual({
      code: 0,
      out: '(integer) 1\n',
      err: '',
    });
    expect(await cli(['KEYS', 'g*'], true)).toEqual({ code: 0, out: '(empty array)\n', err: '' });
  });

  it('without a terminal replies are raw: no quotes, no (integer), an empty line for nil', async () => {
    await cli(['SET', 'a', '1']);
    expect(await cli(['GET', 'a'])).toEqual({ code: 0, out: '1\n', err: '' });
    expect(await cli(['GET', 'b'])).toEqual({ code: 0, out: '\n', err: '' });
    expect(await cli(['INCR', 'a'])).toEqual({ code: 0, out: '2\n', err: '' });
    expect(await cli(['KEYS', '*'])).toEqual({ code: 0, out: 'a\n', err: '' });
  });

  it('errors are replies: unknown commands and wrong arity, exit 1', async () => {
    expect(await cli(['HELLOO', 'x'], true)).toEqual({
      code: 1,
      out: "(error) ERR unknown command 'HELLOO', with args beginning with: 'x' \n",
      err: '',
    });
    expect(await cli(['GET'], true)).toEqual({
      code: 1,
      out: "(error) ERR wrong number of arguments for 'get' command\n",
      err: '',
    });
  });

  it('SAVE writes /data/dump.rdb into the writable layer, owned by redis, and logs it', async () => {
    await cli(['SET', 'k', 'v']);
    expect(await cli(['SAVE'])).toEqual({ code: 0, out: 'OK\n', err: '' });
    const dump = db.upper.view().fileOf('/data/dump.rdb')!;
    expect(dump.uid).toBe(999);
    const bytes = dump.content.kind === 'bytes' ? dump.content.bytes : new Uint8Array();
    expect(new TextDecoder().decode(bytes.slice(0, 9))).toBe('REDIS0012');
    expect(engine.diff('db').map((d) => `${d.kind} ${d.path}`)).toContain('A /data/dump.rdb');
    expect(db.logs.at(-1)!.text).toBe('1:M 27 Nov 2026 09:00:00.000 * DB saved on disk');
  });

  it('the keyspace belongs to the container: kept across restart and store reopen, absent in another', async () => {
    await cli(['SET', 'k', 'v']);
    await engine.restart('db');
    expect(await cli(['GET', 'k'])).toEqual({ code: 0, out: 'v\n', err: '' });
    const { engine: again } = await openHost({ seed: 1, time: GOLDEN_TIME, store: engine.store });
    expect(again.container('db').redisData).toEqual({ k: 'v' });
    const other = (await engine.run({ image: 'redis', name: 'db2' })).container;
    expect(await run(engine, other.id, ['redis-cli', 'GET', 'k'])).toEqual({ code: 0, out: '\n', err: '' });
  });

  it('with no redis-server to talk to, the connection is refused', async () => {
    await engine.stop('db');
    expect(await cli(['PING'])).toEqual({
      code: 1,
      out: '',
      err: 'Could not connect to Redis at 127.0.0.1:6379: Connection refused\n',
    });
  });
});
