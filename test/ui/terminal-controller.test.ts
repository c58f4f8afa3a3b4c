import { describe, expect, it } from 'vitest';
import type { Session, Stdio } from '../../src/cli/types';
import { CONTINUATION_PROMPT, TerminalController, toTerminal } from '../../src/ui/terminal/controller';
import { HISTORY_KEY, History } from '../../src/ui/terminal/history';
import type { KeyValueStorage } from '../../src/ui/terminal/history';
import { parseKeys } from '../../src/ui/terminal/keys';

type RunResult = Awaited<ReturnType<Session['run']>>;

class FakeSession implements Session {
  readonly kind: 'host' | 'container';
  readonly lines: string[] = [];
  readonly signals: AbortSignal[] = [];
  constructor(
    private readonly name: string,
    private readonly behave: (line: string, io: Stdio) => Promise<RunResult> | RunResult = () => ({
      code: 0,
    }),
    public completions: string[] = [],
  ) {
    this.kind = name === 'host' ? 'host' : 'container';
  }
  prompt(): string {
    return `${this.name}$ `;
  }
  async run(line: string, io: Stdio): Promise<RunResult> {
    this.lines.push(line);
    if (io.signal) this.signals.push(io.signal);
    return this.behave(line, io);
  }
  async complete(): Promise<string[]> {
    return this.completions;
  }
}

class MapStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

function setup(session: Session, storage: KeyValueStorage | null = new MapStorage()) {
  let written = '';
  const controller = new TerminalController(
    { write: (d) => (written += d), columns: () => 80 },
    session,
    new History(storage),
  );
  controller.start();
  return {
    controller,
    output: () => written,
    clear: () => (written = ''),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('terminal controller', () => {
  it('runs a typed line in the session and turns program newlines into CRLF', async () => {
    const host = new FakeSession('host', (_line, io) => {
      io.out('one\ntwo\n');
      return { code: 0 };
    });
    const t = setup(host);
    expect(t.output()).toContain('host$ ');
    t.controller.feed('echo hi');
    t.controller.feed('\r');
    await settle();
    expect(host.lines).toEqual(['echo hi']);
    expect(t.output()).toContain('one\r\ntwo\r\n');
    expect(t.controller.finished).toBe(1);
    expect(t.controller.busy()).toBe(false);
  });

  it('gives each program a tty with the terminal width', async () => {
    let seen: Stdio | undefined;
    const t = setup(
      new FakeSession('host', (_l, io) => {
        seen = io;
        return { code: 0 };
      }),
    );
    t.controller.feed('ls\r');
    await settle();
    expect(seen?.tty).toBe(true);
    expect(seen?.columns).toBe(80);
    expect(seen?.stdin).toBeNull();
  });

  it('shows the continuation prompt for an incomplete line and sends the joined lines', async () => {
    const host = new FakeSession('host', (line) => ({
      code: 0,
      incomplete: line.split('"').length % 2 === 0,
    }));
    const t = setup(host);
    t.controller.feed('echo "a\r');
    await settle();
    expect(t.output().endsWith(CONTINUATION_PROMPT)).toBe(true);
    t.controller.feed('b"\r');
    await settle();
    expect(host.lines).toEqual(['echo "a', 'echo "a\nb"']);
    expect(t.output().endsWith('host$ ')).toBe(true);
  });

  it('runs a multi-line paste line by line, each after the previous one finished', async () => {
    const order: string[] = [];
    const host = new FakeSession('host', async (line) => {
      order.push(`start ${line}`);
      await settle();
      order.push(`end ${line}`);
      return { code: 0 };
    });
    const t = setup(host);
    t.controller.feed('first\rsecond\r\nthird\r');
    for (let i = 0; i < 10; i++) await settle();
    expect(order).toEqual([
      'start first',
      'end first',
      'start second',
      'end second',
      'start third',
      'end third',
    ]);
    expect(t.controller.finished).toBe(3);
  });

  it('Ctrl-C aborts the running program and throws away type-ahead', async () => {
    let release: () => void = () => undefined;
    const host = new FakeSession(
      'host',
      (_l, io) =>
        new Promise<RunResult>((resolve) => {
          release = () => resolve({ code: 130 });
          io.signal?.addEventListener('abort', () => resolve({ code: 130 }));
        }),
    );
    const t = setup(host);
    t.controller.feed('docker pull redis\r');
    await settle();
    t.controller.feed('typed ahead\r');
    expect(t.controller.busy()).toBe(true);
    t.controller.feed('\x03');
    await settle();
    expect(host.signals[0]?.aborted).toBe(true);
    expect(t.output()).toContain('^C');
    expect(host.lines).toEqual(['docker pull redis']);
    expect(t.controller.busy()).toBe(false);
    release();
  });

  it('Ctrl-C at the prompt drops the line and an open continuation', async () => {
    const host = new FakeSession('host', () => ({ code: 0, incomplete: true }));
    const t = setup(host);
    t.controller.feed('echo "open\r');
    await settle();
    t.controller.feed('half typed\x03');
    expect(t.output()).toContain('half typed^C\r\n');
    expect(t.output().endsWith('host$ ')).toBe(true);
    t.controller.feed('\r');
    await settle();
    expect(host.lines).toEqual(['echo "open', '']);
  });

  it('enters a session a program opens, prompts from it, and leaves it on exit', async () => {
    const inner = new FakeSession('root@abc', (line) =>
      line === 'exit' ? { code: 0, leave: true } : { code: 0 },
    );
    const host = new FakeSession('host', () => ({ code: 0, enter: inner }));
    const t = setup(host);
    t.controller.feed('docker exec -it web bash\r');
    await settle();
    expect(t.controller.depth).toBe(2);
    expect(t.output().endsWith('root@abc$ ')).toBe(true);
    t.controller.feed('ls\r');
    await settle();
    expect(inner.lines).toEqual(['ls']);
    t.controller.feed('exit\r');
    await settle();
    expect(t.controller.depth).toBe(1);
    expect(t.output().endsWith('host$ ')).toBe(true);
  });

  it('Ctrl-D on an empty line in a container shell runs exit', async () => {
    const inner = new FakeSession('root@abc', (line) =>
      line === 'exit' ? { code: 0, leave: true } : { code: 0 },
    );
    const t = setup(new FakeSession('host', () => ({ code: 0, enter: inner })));
    t.controller.feed('docker exec -it web bash\r');
    await settle();
    t.controller.feed('\x04');
    await settle();
    expect(inner.lines).toEqual(['exit']);
    expect(t.controller.depth).toBe(1);
  });

  it('a program that throws is reported and the terminal keeps going', async () => {
    const host = new FakeSession('host', (line) => {
      if (line === 'boom') throw new Error('kaput');
      return { code: 0 };
    });
    const t = setup(host);
    t.controller.feed('boom\rok\r');
    for (let i = 0; i < 5; i++) await settle();
    expect(t.output()).toContain('layerlab: internal error: kaput');
    expect(host.lines).toEqual(['boom', 'ok']);
  });

  it('↑ and ↓ walk the history, which survives into a new terminal through storage', async () => {
    const storage = new MapStorage();
    const host = new FakeSession('host');
    const t = setup(host, storage);
    t.controller.feed('docker images\rdocker ps\r');
    for (let i = 0; i < 5; i++) await settle();
    expect(JSON.parse(storage.getItem(HISTORY_KEY) ?? '')).toEqual(['docker images', 'docker ps']);

    const host2 = new FakeSession('host');
    const t2 = setup(host2, storage);
    t2.controller.feed('\x1b[A\x1b[A\r');
    await settle();
    t2.controller.feed('\x1b[A\x1b[A\x1b[A\x1b[B\r');
    await settle();
    expect(host2.lines).toEqual(['docker images', 'docker ps']);
  });

  it('Tab completes the last word through the session', async () => {
    const host = new FakeSession('host', () => ({ code: 0 }), ['images']);
    const t = setup(host);
    t.controller.feed('docker ima\t');
    await settle();
    t.controller.feed('\r');
    await settle();
    expect(host.lines).toEqual(['docker images ']);
  });

  it('Tab inserts the common prefix of several candidates, and a second Tab lists them', async () => {
    const host = new FakeSession('host', () => ({ code: 0 }), ['pause', 'port', 'ps', 'pull', 'push']);
    const t = setup(host);
    t.controller.feed('docker pu\t');
    await settle();
    t.controller.feed('\t');
    await settle();
    expect(t.output()).toContain('pull  push\r\n');
    t.controller.feed('sh\r');
    await settle();
    expect(host.lines).toEqual(['docker push']);
  });

  it('editing keys move the cursor and delete as readline does', async () => {
    const host = new FakeSession('host');
    const t = setup(host);
    // "abc", ← ←, "X" → "aXbc"; Home, Delete → "Xbc"; End, Ctrl-W → ""; "one two" Ctrl-W → "one "
    t.controller.feed('abc\x1b[D\x1b[DX\x1b[H\x1b[3~\r');
    await settle();
    t.controller.feed('one two\x17three\r');
    await settle();
    t.controller.feed('keep this\x1b[H\x1b[C\x1b[C\x1b[C\x1b[C\x0b\r');
    await settle();
    expect(host.lines).toEqual(['Xbc', 'one three', 'keep']);
  });
});

describe('terminal history', () => {
  it('is bounded, skips blanks and repeats, and ignores unreadable storage', () => {
    const storage = new MapStorage();
    const h = new History(storage, 3);
    for (const l of ['a', 'b', 'b', '  ', 'c', 'd']) h.add(l);
    expect(h.entries).toEqual(['b', 'c', 'd']);
    storage.setItem(HISTORY_KEY, '{not json');
    expect(new History(storage).entries).toEqual([]);
    expect(new History(null).entries).toEqual([]);
  });
});

describe('terminal input parsing', () => {
  it('splits a paste into text runs and Enters, and recognises escape sequences', () => {
    expect(parseKeys('ls -l\r\ncd /\r')).toEqual([
      { type: 'text', text: 'ls -l' },
      { type: 'enter' },
      { type: 'text', text: 'cd /' },
      { type: 'enter' },
    ]);
    expect(parseKeys('\x1b[A\x1bOB\x1b[3~\x1b[1;5D\x7f\t\x03').map((k) => k.type)).toEqual([
      'up',
      'down',
      'delete',
      'word-left',
      'backspace',
      'tab',
      'ctrl-c',
    ]);
  });

  it('program output gets CRLF line ends without doubling existing ones', () => {
    expect(toTerminal('a\nb\r\nc')).toBe('a\r\nb\r\nc');
  });
});

describe('terminal echo', () => {
  it('typing echoes only the typed characters, never the prompt again', () => {
    const t = setup(new FakeSession('host'));
    t.controller.feed('d');
    t.controller.feed('o');
    expect(t.output()).toBe('host$ do');
    t.controller.feed('\x7f');
    expect(t.output()).toBe('host$ do\r\x1b[7C\x1b[J');
  });

  it('Ctrl-L clears the screen and redraws the prompt with the line being typed', () => {
    const t = setup(new FakeSession('host'));
    t.controller.feed('docker');
    t.clear();
    t.controller.feed('\x0c');
    expect(t.output()).toBe('\x1b[H\x1b[2Jhost$ docker');
  });

  it('a line filling the row exactly wraps softly, with the cursor on the next row', () => {
    let written = '';
    const controller = new TerminalController(
      { write: (d) => (written += d), columns: () => 10 },
      new FakeSession('host'),
      new History(null),
    );
    controller.start();
    controller.feed('abcd');
    expect(written).toBe('host$ abcd \r');
  });
});

describe('the terminal API the page uses', () => {
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));

  it('reports every finished command with what it printed (colours dropped), its exit code and shell', async () => {
    const host = new FakeSession('host', (line, io) => {
      io.out(`\x1b[1;34mran\x1b[0m ${line}\n`);
      io.err('warning\n');
      return { code: line === 'fail' ? 2 : 0 };
    });
    const { controller } = setup(host);
    const records: unknown[] = [];
    controller.onCommand((r) => records.push(r));
    controller.feed('ok\r');
    await settle();
    controller.feed('fail\r');
    await settle();
    expect(records).toEqual([
      { line: 'ok', output: 'ran ok\nwarning\n', exitCode: 0, shell: 'host', depth: 1 },
      { line: 'fail', output: 'ran fail\nwarning\n', exitCode: 2, shell: 'host', depth: 1 },
    ]);
  });

  it('types a command key by key at the pace asked, then Enter, and resolves with its record', async () => {
    const host = new FakeSession('host', (line, io) => {
      io.out(`${line.length}\n`);
      return { code: 0 };
    });
    const { controller, output } = setup(host);
    const pauses: number[] = [];
    const rec = await controller.type('ls /', {
      cps: 10,
      sleep: async (ms) => {
        pauses.push(ms);
      },
    });
    expect(pauses).toEqual([100, 100, 100, 100]);
    expect(rec).toMatchObject({ line: 'ls /', output: '4\n', exitCode: 0 });
    expect(host.lines).toEqual(['ls /']);
    expect(output()).toContain('host$ ls /');
  });

  it('stops typing when told, leaving nothing half-typed on the prompt', async () => {
    const host = new FakeSession('host');
    const { controller } = setup(host);
    const stop = new AbortController();
    const typing = controller.type('docker ps', {
      cps: 5,
      signal: stop.signal,
      sleep: async () => {
        stop.abort();
      },
    });
    await expect(typing).rejects.toThrow('typing was stopped');
    controller.feed('pwd\r');
    await settle();
    expect(host.lines).toEqual(['pwd']);
  });

  it('restarts on a fresh host shell, leaving any container shell, with a notice', async () => {
    const inner = new FakeSession('ctr', (line) =>
      line === 'exit' ? { code: 0, leave: true } : { code: 0 },
    );
    const host = new FakeSession('host', () => ({ code: 0, enter: inner }));
    const fresh = new FakeSession('fresh');
    const { controller, output, clear } = setup(host);
    controller.feed('docker exec -it web bash\r');
    await settle();
    expect(controller.depth).toBe(2);
    clear();
    controller.restart(fresh, 'Undone: docker run');
    expect(controller.depth).toBe(1);
    expect(output()).toContain('\x1b[H\x1b[2J');
    expect(output()).toContain('Undone: docker run');
    expect(output()).toMatch(/fresh\$ $/);
    controller.feed('ls\r');
    await settle();
    expect(fresh.lines).toEqual(['ls']);
  });
});
