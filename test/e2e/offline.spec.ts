// Offline: after one visit the app, its catalog and the walkthrough's first commands work with the
// network off; a new deploy on the same origin is offered with a banner, and Reload switches to it
// without losing the learner's host. Served by our own static server (test/e2e/static-server.ts) on a
// free port, from dist/ (built by `npm test` / `npm run test:e2e`); the second deploy is built here.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { typeLine } from './lib';
import { startStaticServer } from './static-server';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');

function versionOf(dir: string): string {
  const file = join(dir, 'sw.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: build the site first (npx vite build)`);
  const m = /const VERSION = "([0-9a-f]+)"/.exec(readFileSync(file, 'utf8'));
  if (!m?.[1]) throw new Error(`${file} has no VERSION`);
  return m[1];
}

async function terminalReady(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof window.__layerlab?.terminalText === 'function');
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  await page.locator('.xterm').click();
}

/** Waits until the service worker is active and controls the page (the first visit is not controlled). */
async function controlledBySw(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await terminalReady(page);
  }
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** The version of the worker controlling the page, asked over a message channel. */
const workerVersion = (page: Page): Promise<string> =>
  page.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const worker = navigator.serviceWorker.controller;
        if (!worker) return reject(new Error('no controller'));
        const channel = new MessageChannel();
        channel.port1.onmessage = (e: MessageEvent<{ version: string }>) => resolve(e.data.version);
        worker.postMessage({ type: 'GET_VERSION' }, [channel.port2]);
      }),
  );

test('after one visit the app, the catalog, the walkthrough commands and a lesson work offline', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const server = await startStaticServer(DIST);
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const page = await context.newPage();
    await page.goto('/?speed=instant');
    await terminalReady(page);
    await controlledBySw(page);
    expect(await workerVersion(page)).toBe(versionOf(DIST));
    // The first install is not an update: no banner.
    await expect(page.getByTestId('update-banner')).toHaveCount(0);

    // The network off, and the server down too: everything must come from the worker's cache.
    await context.setOffline(true);
    server.serve(null);
    await page.reload();
    await terminalReady(page);

    const pull = await typeLine(page, 'docker pull nginx');
    expect(pull).toContain('Status: Downloaded newer image for nginx:latest');
    const run = await typeLine(page, 'docker run -d -p 8888:80 nginx');
    expect(run.trim()).toMatch(/^[0-9a-f]{64}$/);
    const curl = await typeLine(page, 'curl -s localhost:8888');
    expect(curl).toContain('Welcome to nginx!');

    // A lesson runs offline: its panel's code and text come from the cache, "Show me" pulls redis.
    await page.getByRole('tab', { name: 'Lessons' }).click();
    const lessons = page.getByRole('tabpanel', { name: 'Lessons' });
    await lessons.locator('[data-lesson="layers"]').click();
    await lessons.getByRole('button', { name: 'Show me' }).click();
    await expect(lessons.getByRole('status')).toContainText('Done:', { timeout: 60_000 });

    // Another page of the app (other query) opens offline too: navigations fall back to index.html.
    await page.goto('/?lang=zh-CN&speed=instant');
    await terminalReady(page);
    expect(await typeLine(page, 'docker ps -q')).toMatch(/[0-9a-f]{12}/);

    // Nothing but the browser's own update check for sw.js may have tried the server.
    expect(server.requests.filter((p) => p !== '/sw.js')).toEqual([]);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a new deploy shows the banner; Reload switches to it and keeps the learner host', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // The second deploy: the same sources built with a salt, so only its version differs.
  const next = mkdtempSync(join(tmpdir(), 'layerlab-next-'));
  const server = await startStaticServer(DIST);
  const context = await browser.newContext({ baseURL: server.url });
  try {
    const build = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--outDir', next, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SW_VERSION_SALT: 'offline-e2e-next' } },
    );
    expect(build.status, build.stderr).toBe(0);
    const oldVersion = versionOf(DIST);
    const newVersion = versionOf(next);
    expect(newVersion).not.toBe(oldVersion);

    const page = await context.newPage();
    await page.goto('/?speed=instant');
    await terminalReady(page);
    await controlledBySw(page);
    expect(await workerVersion(page)).toBe(oldVersion);
    await typeLine(page, 'docker pull nginx');
    await typeLine(page, 'docker run -d --name kept -p 8888:80 nginx');

    // Deploy the new version on the same origin; the page looks for it.
    server.serve(next);
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });
    const banner = page.getByTestId('update-banner');
    await expect(banner).toBeVisible({ timeout: 30_000 });
    await expect(banner).toContainText('A new version of Layer Lab is ready');
    // Until the learner says so, the old version keeps running this page.
    expect(await workerVersion(page)).toBe(oldVersion);

    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await terminalReady(page);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    expect(await workerVersion(page)).toBe(newVersion);
    await expect(page.getByTestId('update-banner')).toHaveCount(0);
    // The old version's cache is gone; the new one's is there.
    expect(await page.evaluate(() => caches.keys())).toEqual([`layer-lab-${newVersion}`]);

    // The learner's host came through the update: the container made before is still there.
    expect(await typeLine(page, 'docker ps --format {{.Names}}')).toContain('kept');
    expect(await typeLine(page, 'curl -s localhost:8888')).toContain('Welcome to nginx!');
  } finally {
    await context.close();
    await server.close();
    rmSync(next, { recursive: true, force: true });
  }
});
