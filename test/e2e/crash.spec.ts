// Crash safety in Chromium: a page reloaded, closed or crashed in the middle of a pull, a commit, a
// load or a build opens again normally, with the host exactly as it was before that command or exactly
// as it is after it, never in between. Each command runs once to the end (the control run, which also
// times it), then again, each time on emptied storage, interrupted at points through that time; the
// states are compared as canonical dumps of the IndexedDB database, and through what the app shows.
//
// Every page gets the same fixed clock and seeded random source, so the same typed lines make the
// same bytes in every run and the control run's dumps stand for each interrupted run's.

import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { recordFigures } from '../helpers/reliability';
import { dumpDatabase, firstDifference, type DatabaseDump } from './idb-dump';
import { transcript } from './lib';

/** Rounds of the interruption matrix (each shifts the points a little): 1 in CI, more nightly. */
const ROUNDS = Math.max(1, Number(process.env.CRASH_ROUNDS ?? 1) || 1);
const FIXED_NOW = Date.UTC(2026, 0, 15, 9, 30, 0);
const SEED = 0x5eed_c4a5;

type How = 'reload' | 'close' | 'crash';
/**
 * When to interrupt: 'enter' straight after the Enter key; a number, that fraction of the control
 * run's time; 'printed' as soon as the command's last words are on the screen, which is when its
 * transaction is being written; 'done' once the prompt is back, when only "after" is right.
 */
type At = 'enter' | 'printed' | 'done' | number;

interface Scenario {
  name: string;
  query: string;
  /** Lines typed before the command; an array is typed as one input (a here-document). */
  setup: (string | string[])[];
  command: string;
  /** Something the completed command prints, so the control run shows it really ran. */
  printed: RegExp;
  points: [At, How][];
}

// A mix of points and ways per command, small enough for CI (the whole file in about three minutes).
const SCENARIOS: Scenario[] = [
  {
    name: 'pull',
    query: '?speed=realistic',
    setup: [],
    command: 'docker pull nginx',
    printed: /Status: Downloaded newer image for nginx:latest/,
    points: [
      ['enter', 'reload'],
      [0.1, 'close'],
      [0.4, 'reload'],
      [0.6, 'crash'],
      [0.8, 'close'],
      [1.0, 'reload'],
      ['printed', 'close'],
      ['done', 'reload'],
    ],
  },
  {
    name: 'commit',
    query: '?speed=instant',
    setup: [
      'docker pull alpine',
      // Several files written, one removed, and a file of 1.6 MiB: 16 lines of 26 bytes, doubled 12 times.
      `docker run --name box alpine sh -c "${[
        'mkdir -p /srv/data',
        'echo one > /srv/data/one.txt',
        'echo two > /srv/data/two.txt',
        'echo changed > /etc/motd',
        'rm /etc/issue',
        "printf 'layer lab crash test %04d\\n' 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 > /srv/data/big.bin",
        ...Array.from(
          { length: 12 },
          () => 'cat /srv/data/big.bin /srv/data/big.bin > /tmp/x && mv /tmp/x /srv/data/big.bin',
        ),
      ].join(' && ')}"`,
    ],
    command: 'docker commit -m "crash test" box snap:1',
    printed: /^sha256:[0-9a-f]{64}$/m,
    points: [
      ['enter', 'close'],
      [0.1, 'reload'],
      [0.4, 'crash'],
      [0.8, 'reload'],
      [1.0, 'close'],
      ['printed', 'reload'],
      ['done', 'close'],
    ],
  },
  {
    name: 'load',
    query: '?speed=instant',
    // alpine: an archive of a few MB, so each case stays short (the load suites try big ones).
    setup: ['docker pull alpine', 'docker save -o alpine.tar alpine', 'docker rmi alpine'],
    command: 'docker load -i alpine.tar',
    printed: /Loaded image: alpine:latest/,
    points: [
      ['enter', 'reload'],
      [0.1, 'close'],
      [0.4, 'crash'],
      [0.8, 'reload'],
      [1.0, 'close'],
      ['printed', 'reload'],
      ['done', 'crash'],
    ],
  },
  {
    name: 'build',
    query: '?speed=instant',
    setup: [
      'mkdir app && cd app',
      "printf 'hello from the build\\n' > hello.txt",
      [
        "cat > Dockerfile <<'EOF'",
        'FROM busybox',
        'WORKDIR /srv',
        'COPY hello.txt ./',
        'RUN cat hello.txt > copy.txt && mkdir -p logs && echo built > logs/built.txt',
        'RUN rm hello.txt',
        'ENV GREETING=hi',
        'CMD ["cat", "/srv/copy.txt"]',
        'EOF',
      ],
    ],
    command: 'docker build -t app:1 app',
    printed: /naming to docker\.io\/library\/app:1/,
    points: [
      ['enter', 'close'],
      [0.1, 'reload'],
      [0.4, 'crash'],
      [0.8, 'close'],
      [1.0, 'reload'],
      ['printed', 'close'],
      ['done', 'reload'],
    ],
  },
];

/** What the app shows of a state: images, containers and the home, read through the terminal. */
const VIEW = 'docker images -a; docker ps -a; ls -la ~ ~/app';

interface Snapshot {
  dump: DatabaseDump;
  view: string;
}

interface Outcome {
  scenario: string;
  at: At;
  how: How;
  delayMs: number;
  got: 'before' | 'after' | 'in between';
  opened: boolean;
  writable: boolean;
}

const outcomes: Outcome[] = [];

/** Date.now fixed and crypto.getRandomValues seeded, in every page of the context from its start. */
async function newDeterministicContext(browser: Browser): Promise<BrowserContext> {
  // The service worker is left out: it is not what is tested, and its precaching in every fresh
  // context would double the time each case takes.
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  await context.addInitScript(
    ({ now, seed }) => {
      Date.now = () => now;
      let s = seed >>> 0;
      // mulberry32: small and the same everywhere.
      const next = () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let z = s;
        z = Math.imul(z ^ (z >>> 15), z | 1);
        z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
        return (z ^ (z >>> 14)) >>> 0;
      };
      Object.defineProperty(Crypto.prototype, 'getRandomValues', {
        configurable: true,
        value<T extends ArrayBufferView | null>(array: T): T {
          if (array) {
            const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
            for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
          }
          return array;
        },
      });
    },
    { now: FIXED_NOW, seed: SEED },
  );
  return context;
}

/** Waits until the terminal is drawn and idle (after a goto or a reload). */
async function terminalReady(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof window.__layerlab?.terminalText === 'function');
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  await page.locator('.xterm').click();
}

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await terminalReady(page);
}

/** Puts `line` on the command line as a paste (typing long lines key by key is slow) and presses Enter. */
async function enter(page: Page, line: string): Promise<void> {
  await page.locator('.xterm textarea').evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, line);
  await page.keyboard.press('Enter');
}

const linesRun = (page: Page) => page.evaluate(() => window.__layerlab?.terminalFinished?.() ?? 0);

async function waitDone(page: Page, finished: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (window.__layerlab?.terminalFinished?.() ?? 0) > n && window.__layerlab?.terminalBusy?.() === false,
    finished,
    { timeout: 60_000 },
  );
}

/** Enters lines as one input (one line, or a here-document's lines) and returns what it printed. */
async function run(page: Page, ...lines: string[]): Promise<string> {
  const shown = (await transcript(page)).length;
  const finished = await linesRun(page);
  for (const line of lines) await enter(page, line);
  await waitDone(page, finished);
  // From the line after the last one entered up to the new prompt.
  const part = (await transcript(page)).slice(shown);
  const last = lines[lines.length - 1] ?? '';
  const from = part.indexOf('\n', part.lastIndexOf(last));
  const end = part.lastIndexOf('\n');
  return from < 0 || end <= from ? '' : part.slice(from + 1, end);
}

async function setUp(page: Page, scenario: Scenario): Promise<void> {
  for (const step of scenario.setup) {
    await run(page, ...(Array.isArray(step) ? step : [step]));
  }
  // Back home, so that the view's `ls` lines read the same in every run.
  await run(page, 'cd');
}

async function snapshot(page: Page): Promise<Snapshot> {
  const dump = await dumpDatabase(page);
  return { dump, view: await run(page, VIEW) };
}

/** Interrupts `page` in the chosen way and returns the page the app opens again in. */
async function interrupt(context: BrowserContext, page: Page, how: How, query: string): Promise<Page> {
  if (how === 'reload') {
    await page.reload();
    await terminalReady(page);
    return page;
  }
  if (how === 'crash') {
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    // The renderer dies before it can answer.
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;
  }
  await page.close();
  const next = await context.newPage();
  await open(next, query);
  return next;
}

/** The app opened normally: ready without a notice, and a command runs. */
async function openedNormally(page: Page): Promise<boolean> {
  const status = page.locator('header .brand [role="status"]');
  // 'Ready.' or 'Ready (see the notice in the terminal).': the host has opened, one way or the other.
  await expect(status).toHaveText(/^Ready/);
  const shown = await transcript(page);
  const quiet = !/saved session|in memory|Left out|internal error/i.test(shown);
  return (
    (await status.textContent()) === 'Ready.' &&
    quiet &&
    (await run(page, 'docker images')).startsWith('REPOSITORY')
  );
}

/**
 * A new page of `context` on an empty origin: every IndexedDB database deleted and localStorage
 * cleared from a page of the same origin that is not the app (so nothing holds the database open).
 * For the app this is a fresh browser context, but the HTTP cache is kept, so a case takes seconds.
 */
async function emptyPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/favicon.svg');
  const left = await page.evaluate(async () => {
    localStorage.clear();
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(name);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error ?? new Error('delete failed'));
        req.onblocked = () => reject(new Error(`deleting ${name} is blocked`));
      });
    }
    return (await indexedDB.databases()).length + localStorage.length;
  });
  expect(left).toBe(0);
  return page;
}

async function controlRun(context: BrowserContext, scenario: Scenario) {
  const page = await emptyPage(context);
  await open(page, scenario.query);
  await setUp(page, scenario);
  const before = await snapshot(page);
  const t0 = performance.now();
  const finished = await linesRun(page);
  await enter(page, scenario.command);
  await waitDone(page, finished);
  const durationMs = performance.now() - t0;
  expect(await transcript(page)).toMatch(scenario.printed);
  const after = await snapshot(page);
  await page.close();
  return { before, after, durationMs };
}

function delayOf(at: At, round: number, durationMs: number): number {
  if (typeof at !== 'number') return 0;
  // Later rounds move each point a little, so the nightly run hits other moments of the command.
  const fraction = Math.min(1, at + 0.07 * round);
  return Math.round(fraction * durationMs);
}

for (const scenario of SCENARIOS) {
  test(`a ${scenario.name} interrupted by a reload, a close or a crash leaves the host before or after it`, async ({
    browser,
  }) => {
    test.setTimeout(120_000 + ROUNDS * scenario.points.length * 45_000);
    const context = await newDeterministicContext(browser);
    const control = await controlRun(context, scenario);
    // The command changed the stored host, or "before" and "after" could not be told apart.
    expect(control.after.dump.text).not.toBe(control.before.dump.text);
    expect(control.after.view).not.toBe(control.before.view);

    const mine: Outcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [at, how] of scenario.points) {
        const delayMs = delayOf(at, round, control.durationMs);
        let page = await emptyPage(context);
        try {
          await open(page, scenario.query);
          await setUp(page, scenario);
          // The same lines made the same state as in the control run (fixed clock, seeded ids).
          const before = await dumpDatabase(page);
          expect(before.text, firstDifference(control.before.dump.text, before.text)).toBe(
            control.before.dump.text,
          );
          const finished = await linesRun(page);
          await enter(page, scenario.command);
          if (at === 'done') await waitDone(page, finished);
          else if (at === 'printed')
            await page.waitForFunction(
              ([source, flags]) => new RegExp(source, flags).test(window.__layerlab?.terminalText?.() ?? ''),
              [scenario.printed.source, scenario.printed.flags] as const,
              { polling: 'raf' },
            );
          else if (delayMs > 0) await page.waitForTimeout(delayMs);
          page = await interrupt(context, page, how, scenario.query);

          const opened = await openedNormally(page);
          const reopened = await snapshot(page);
          const got =
            reopened.dump.text === control.before.dump.text
              ? 'before'
              : reopened.dump.text === control.after.dump.text
                ? 'after'
                : 'in between';
          // The app reads the same state the database holds.
          if (got !== 'in between')
            expect(reopened.view).toBe(got === 'before' ? control.before.view : control.after.view);
          else
            console.log(
              `${scenario.name} at ${at} by ${how}: ${reopened.dump.summary}\n` +
                `vs before ${firstDifference(control.before.dump.text, reopened.dump.text)}\n` +
                `vs after ${firstDifference(control.after.dump.text, reopened.dump.text)}`,
            );

          // The store still takes writes: one more command changes the stored host.
          await run(page, 'mkdir written-after-reopening');
          const written = await dumpDatabase(page);
          const writable =
            written.text !== reopened.dump.text &&
            (await run(page, 'ls ~')).includes('written-after-reopening');
          mine.push({ scenario: scenario.name, at, how, delayMs, got, opened, writable });
        } finally {
          await page.close();
        }
      }
    }
    await context.close();
    outcomes.push(...mine);
    console.log(
      `${scenario.name}: control run ${Math.round(control.durationMs)} ms; ` +
        mine.map((o) => `${o.at}/${o.how} (${o.delayMs} ms) → ${o.got}`).join(', '),
    );
    expect(mine.filter((o) => o.got === 'in between')).toEqual([]);
    // A command whose prompt has come back is kept.
    expect(mine.filter((o) => o.at === 'done' && o.got !== 'after')).toEqual([]);
    expect(mine.filter((o) => !o.opened || !o.writable)).toEqual([]);
  });
}

test.afterAll(() => {
  if (outcomes.length === 0) return;
  const count = (got: Outcome['got']) => outcomes.filter((o) => o.got === got).length;
  recordFigures({
    suite: 'crash safety (Chromium)',
    size: outcomes.length,
    unit: 'page reloads and closes',
    result: {
      survived: outcomes.filter(
        (o) => o.opened && o.writable && o.got !== 'in between' && (o.at !== 'done' || o.got === 'after'),
      ).length,
      before: count('before'),
      after: count('after'),
      inBetween: count('in between'),
    },
  });
});
