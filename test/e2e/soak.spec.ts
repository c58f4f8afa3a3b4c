import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { recordFigures } from '../helpers/reliability';
import { openTerminal, transcript } from './lib';

// Chromium soak: SOAK_BROWSER_COMMANDS seeded, mixed commands typed into the real terminal (pulls,
// detached runs, writes through exec, commits, removals, prunes, reads) with the union and stack views
// switched now and then. Before and after — each time on an emptied host and a cleared screen — the
// page's DOM nodes, event listeners and JS heap are measured through the DevTools protocol: what the
// commands drew must be gone again, and the terminal's scrollback must stay bounded.

const COMMANDS = Number(process.env.SOAK_BROWSER_COMMANDS ?? 300);
const SEED = Number(process.env.SOAK_SEED ?? 20261128);

/** xterm's scrollback as Terminal.svelte sets it. */
const SCROLLBACK = Number(
  /scrollback:\s*(\d+)/.exec(
    readFileSync(join(import.meta.dirname, '..', '..', 'src', 'ui', 'terminal', 'Terminal.svelte'), 'utf8'),
  )?.[1],
);

/** A small deterministic generator (mulberry32), so a failing run can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The next command, from what the test knows the host holds. */
function planner(seed: number) {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const running: string[] = [];
  const stopped: string[] = [];
  const images: string[] = [];
  let n = 0;
  return (): string => {
    n++;
    const r = rnd();
    if (r < 0.08) return `docker pull ${pick(['busybox', 'alpine'])}`;
    if (r < 0.22 && running.length < 8) {
      const name = `s${n}`;
      running.push(name);
      return `docker run -d --name ${name} ${pick(['busybox', 'alpine', ...images])} sleep 100000`;
    }
    if (r < 0.26) {
      const name = `x${n}`;
      stopped.push(name);
      return `docker run --name ${name} busybox sh -c "echo ${n} > /tmp/f${n}"`;
    }
    if (r < 0.42 && running.length)
      return `docker exec ${pick(running)} sh -c "mkdir -p /data && echo line${n} >> /data/f${n % 5}"`;
    if (r < 0.5 && running.length) {
      const image = `soak${n}`;
      images.push(image);
      return `docker commit ${pick(running)} ${image}`;
    }
    if (r < 0.58 && running.length) {
      const name = running.splice(Math.floor(rnd() * running.length), 1)[0] as string;
      return `docker rm -f ${name}`;
    }
    if (r < 0.63 && stopped.length) return `docker rm ${stopped.shift()}`;
    if (r < 0.68 && images.length) return `docker rmi -f ${images.shift()}`;
    if (r < 0.71) {
      stopped.length = 0;
      return 'docker container prune -f';
    }
    if (r < 0.73) return 'docker image prune -f';
    if (r < 0.76 && running.length) return `docker diff ${pick(running)}`;
    return pick([
      'docker ps -a',
      'docker images',
      'docker history busybox',
      'docker system df',
      'ls -la /',
      'echo soak',
      'cat /etc/hostname',
    ]);
  };
}

/**
 * Pastes one line into the terminal (a browser paste event, which xterm turns into input as it does
 * keys; typing key by key would take minutes), presses Enter and waits for the command to finish.
 */
async function run(page: Page, line: string): Promise<void> {
  const finished = await page.evaluate((text) => {
    const target = document.querySelector('.xterm-helper-textarea');
    const data = new DataTransfer();
    data.setData('text/plain', text);
    target?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
    return window.__layerlab?.terminalFinished?.() ?? 0;
  }, line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) =>
      (window.__layerlab?.terminalFinished?.() ?? 0) > n && window.__layerlab?.terminalBusy?.() === false,
    finished,
  );
}

/** Switches the views the way a learner would: the union tree's modes, a band of the stack. */
async function switchViews(page: Page, rnd: () => number): Promise<void> {
  const union = page.getByTestId('union-tree');
  const buttons = union.getByRole('group').getByRole('button');
  if ((await buttons.count()) === 2) await buttons.nth(rnd() < 0.5 ? 0 : 1).click();
  const bands = page.getByRole('region', { name: 'Stack' }).locator('button[data-band-kind]');
  const count = await bands.count();
  if (count) await bands.nth(Math.floor(rnd() * count)).click();
  await page.locator('.xterm').click();
}

/** Everything removed, the screen cleared: the state both measurements are taken in. */
async function cleanUp(page: Page): Promise<void> {
  await run(page, 'docker rm -f $(docker ps -aq)');
  await run(page, 'docker image prune -a -f');
  await run(page, 'docker builder prune -a -f');
  await run(page, 'clear');
}

interface Memory {
  nodes: number;
  listeners: number;
  heapMiB: number;
}

async function measure(cdp: CDPSession): Promise<Memory> {
  // Two collections: the first may only queue finalizers that free more.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {
    nodes: get('Nodes'),
    listeners: get('JSEventListeners'),
    heapMiB: Math.round((get('JSHeapUsedSize') / 2 ** 20) * 10) / 10,
  };
}

test(`${COMMANDS} mixed commands leave no DOM nodes, listeners or unbounded scrollback behind`, async ({
  page,
}) => {
  // Budget: the CI size takes about 1.5 to 2 minutes on a busy 2-core machine; the nightly size gets
  // room to match.
  test.setTimeout(Math.max(180_000, COMMANDS * 600));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await openTerminal(page, '?speed=instant');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const rnd = random(SEED ^ 0x5eed);

  // Warm-up: every kind of command and view once, so lazily loaded parts, caches and the stack view's
  // pool of animation elements (reused, at most one per cue of the biggest change drawn: nginx's
  // pull and removal) count in the baseline rather than as growth.
  const warm = planner(SEED + 1);
  await run(page, 'docker pull busybox');
  await run(page, 'docker pull alpine');
  await run(page, 'docker pull nginx');
  for (let i = 0; i < 20; i++) await run(page, warm());
  await switchViews(page, rnd);
  await cleanUp(page);
  const before = await measure(cdp);

  const next = planner(SEED);
  await run(page, 'docker pull busybox');
  for (let i = 0; i < COMMANDS; i++) {
    await run(page, next());
    if (i % 15 === 14) await switchViews(page, rnd);
  }

  // Output until xterm's buffer is full (nginx's image lists about 6,000 paths), then more: the buffer
  // must stop at scrollback + the screen's rows.
  const rows = await page.locator('.xterm-rows > div').count();
  expect(rows).toBeGreaterThan(0);
  const buffer = () => page.evaluate(() => window.__layerlab?.terminalBuffer?.() ?? -1);
  await run(page, 'docker pull nginx');
  for (let i = 0; i < 10 && (await buffer()) < SCROLLBACK + rows; i++)
    await run(page, 'docker run --rm nginx find /');
  await run(page, 'docker run --rm nginx find /');
  const bufferLines = await buffer();
  expect(bufferLines).toBeGreaterThan(SCROLLBACK);
  expect(bufferLines).toBeLessThanOrEqual(SCROLLBACK + rows);
  const tail = await transcript(page);
  expect(tail.split('\n').length).toBeLessThanOrEqual(SCROLLBACK + rows);

  await cleanUp(page);
  const after = await measure(cdp);

  // DOM nodes: the same empty views and one prompt on a cleared screen; xterm's rows may differ by
  // a span or two each (style runs), so a little slack: 5 % or 100 nodes.
  expect(after.nodes).toBeLessThanOrEqual(before.nodes + Math.max(100, before.nodes * 0.05));
  // Listeners are attached per drawn element: the same views leave the same count, give or take a few
  // in the stack view's empty state.
  expect(after.listeners).toBeLessThanOrEqual(before.listeners + 25);
  // The heap keeps the undo timeline (up to 100 snapshots of the host), which the baseline's few
  // commands did not fill: a generous bound, that still catches a leak growing with commands.
  expect(after.heapMiB).toBeLessThanOrEqual(before.heapMiB * 2 + 64);
  expect(errors).toEqual([]);

  recordFigures({
    suite: 'soak (Chromium)',
    size: COMMANDS,
    unit: 'commands',
    result: {
      seed: SEED,
      nodesBefore: before.nodes,
      nodesAfter: after.nodes,
      listenersBefore: before.listeners,
      listenersAfter: after.listeners,
      heapMiBBefore: before.heapMiB,
      heapMiBAfter: after.heapMiB,
      scrollback: SCROLLBACK,
      bufferLines,
    },
  });
});
