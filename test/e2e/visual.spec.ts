import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openTerminal, scenarioLines, typeLine } from './lib';

// The seed walkthrough typed into the terminal, with the pictures checked at each stage: the stack
// view's layers, the copy-up and whiteout in the writable layer, the commit's new image in the layer
// graph, and the browser panel's page before and after the edit. A screenshot of each stage goes to
// test-results/walkthrough/ (linked from the README).

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'walkthrough');

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.__layerlabViz?.vizSettled());
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const stack = (page: Page) => page.getByRole('region', { name: 'Stack' });
const bands = (page: Page) => stack(page).locator('[data-band-kind]');
const tree = (page: Page) => stack(page).getByRole('tree');

async function showTab(page: Page, name: 'Browser' | 'Layer graph'): Promise<Locator> {
  await page.getByRole('tab', { name }).click();
  return page.getByRole('tabpanel', { name });
}

/** Runs the walkthrough's lines from `from` up to (not including) the line `until`. */
async function runUntil(page: Page, lines: string[], until: string | null): Promise<void> {
  await page.locator('.xterm').click(); // the keyboard back to the terminal after using a panel
  while (lines.length && lines[0] !== until) await typeLine(page, lines.shift() as string);
}

async function openPath(page: Page, path: string): Promise<Locator> {
  let item: Locator | null = null;
  let level = 0;
  for (const name of path.split('/').filter(Boolean)) {
    level += 1;
    item = tree(page)
      .getByRole('treeitem', { name: new RegExp(`^${name}\\b`), level })
      .first();
    if ((await item.getAttribute('aria-expanded')) === 'false') {
      await item.focus();
      await page.keyboard.press('ArrowRight');
    }
  }
  return item as Locator;
}

test('the seed walkthrough, stage by stage, in the stack view, the layer graph and the browser', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await openTerminal(page);
  const lines = scenarioLines();

  // 1. Pulls: redis, then nginx on the same Debian base.
  await runUntil(page, lines, 'docker images');
  await expect(stack(page)).toContainText('Host kernel (bootfs)');
  await expect(stack(page)).toContainText('6.1.0-28-amd64');
  await expect(stack(page)).toContainText('nginx');
  const imageBands = bands(page).filter({ hasText: /\bL\d+\b/ });
  expect(await imageBands.count()).toBeGreaterThan(3);
  await expect(imageBands.filter({ hasText: 'rootfs' })).toHaveCount(1);
  await expect(imageBands.filter({ hasText: /shared by 2 images/ })).toHaveCount(1);
  await shoot(page, '01-pulled');

  // 2. docker run: an init layer and an empty writable layer on top of nginx's.
  await runUntil(page, lines, 'docker exec -it web /bin/bash');
  await expect(bands(page).filter({ hasText: 'Init layer' })).toHaveCount(1);
  await expect(bands(page).filter({ hasText: 'Container layer' })).toHaveCount(1);
  const browser = await showTab(page, 'Browser');
  await expect(browser.getByLabel('Address')).toHaveValue('http://localhost:8888');
  await browser.getByRole('button', { name: 'Go' }).click();
  const frame = browser.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', /allow-scripts|^$/);
  expect(await frame.getAttribute('sandbox')).not.toContain('allow-same-origin');
  await expect(page.frameLocator('iframe').locator('h1')).toHaveText('Welcome to nginx!');
  await expect(browser).toContainText(/L\d+/);
  await shoot(page, '02-running');

  // 3. Inside the container: mv index.html → .bak (copy-up + whiteout), 50x.html → index.html.
  await runUntil(page, lines, 'exit');
  await typeLine(page, lines.shift() as string);
  await page.locator('.xterm').click();
  const caption = page.getByTestId('caption');
  await expect(caption).not.toHaveText('');
  const said = await page.evaluate(() => window.__layerlabViz?.vizLines() ?? []);
  expect(said.some((l) => /^\/usr\/share\/nginx\/html\/50x\.html deleted: a whiteout/.test(l))).toBe(true);
  const upper = bands(page).filter({ hasText: 'Container layer' });
  await upper.click();
  await expect(upper).toHaveAttribute('aria-pressed', 'true');
  const html = await openPath(page, '/usr/share/nginx/html');
  await expect(html).toBeVisible();
  // The writable layer's own changes: the whiteout crossed out, the copied-up page modified, the .bak added.
  await expect(tree(page).getByRole('treeitem', { name: /^removed 50x\.html .*whiteout/ })).toBeVisible();
  await expect(tree(page).getByRole('treeitem', { name: /^modified index\.html\b/ })).toBeVisible();
  await expect(tree(page).getByRole('treeitem', { name: /^added index\.html\.bak\b/ })).toBeVisible();
  await shoot(page, '03-copy-up-and-whiteout');
  await upper.click();

  // 4. The page changed: the browser shows the error page, served from the container layer.
  await runUntil(page, lines, 'docker commit -a="xiaomotong" -m="modify index.html" web nginx01:1.0');
  await showTab(page, 'Browser');
  await browser.getByRole('button', { name: /reload/i }).click();
  await expect(page.frameLocator('iframe').locator('body')).toContainText('An error occurred.');
  await expect(browser).toContainText(/container layer/i);
  await shoot(page, '04-edited-page');

  // 5. Commit: a new image in the graph, on top of nginx's layers, sharing all of them.
  await page.locator('.xterm').click();
  await typeLine(page, lines.shift() as string);
  const graph = await showTab(page, 'Layer graph');
  await expect(graph).toContainText('nginx01:1.0');
  await expect(graph).toContainText(/shared by 3/);
  await shoot(page, '05-committed');

  // 6. The new image's container serves the edited page too.
  await runUntil(page, lines, null);
  await showTab(page, 'Browser');
  await browser.getByLabel('Address').fill('http://localhost:8889');
  await browser.getByLabel('Address').press('Enter');
  await expect(page.frameLocator('iframe').locator('body')).toContainText('An error occurred.');
  await shoot(page, '06-new-container');
});

// What a learner writes into index.html runs in the browser panel, but in an opaque origin: it can
// never reach the app's page, its storage or the IndexedDB that holds the simulated host.
const HOSTILE_PAGE = `<!doctype html>
<p id="r">script did not run</p>
<script>
  var out = [];
  function show() { document.getElementById('r').textContent = 'script ran; ' + out.join('; '); }
  try { out.push('parent: ' + parent.document.title); } catch (e) { out.push('parent: ' + e.name); }
  try { localStorage.getItem('layerlab.theme'); out.push('storage: READ'); } catch (e) { out.push('storage: ' + e.name); }
  try {
    var req = indexedDB.open('layer-lab');
    req.onsuccess = function () { out.push('idb: OPENED ' + req.result.objectStoreNames.length); show(); };
    req.onerror = function () { out.push('idb: ' + (req.error && req.error.name)); show(); };
  } catch (e) { out.push('idb: ' + e.name); }
  show();
</script>`;

test("a learner's <script> in index.html runs sandboxed and cannot read the app's IndexedDB", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openTerminal(page);
  await typeLine(page, 'docker run -d --name site -p 8080:80 nginx');
  // nginx's image has no editor: install one, as a learner would.
  await typeLine(page, 'docker exec site apt-get update');
  await typeLine(page, 'docker exec site apt-get install -y vim');
  await page.keyboard.type('docker exec -it site vi /usr/share/nginx/html/index.html');
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('editor');
  await expect(editor).toBeVisible();
  await editor.locator('textarea').fill(HOSTILE_PAGE);
  await editor.locator('textarea').press('Control+s');
  await expect(editor).toBeHidden();
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);

  const browser = await showTab(page, 'Browser');
  await expect(browser.getByLabel('Address')).toHaveValue('http://localhost:8080');
  await browser.getByRole('button', { name: 'Go' }).click();
  const result = page.frameLocator('iframe').locator('#r');
  await expect(result).toContainText('script ran');
  await expect(result).toContainText('parent: SecurityError');
  await expect(result).toContainText('storage: SecurityError');
  await expect(result).toContainText(/idb: (SecurityError|UnknownError)/);
  await expect(result).not.toContainText('OPENED');
  await expect(result).not.toContainText('READ');
  // The page is the container's, not the app's: none of its text is in the app's own DOM.
  await expect(page.locator('#r')).toHaveCount(0);
  await shoot(page, '07-sandboxed-script');
  // The app and its database are untouched: the container is still there after a reload.
  await page.reload();
  await openTerminal(page);
  expect(await typeLine(page, 'docker ps --format "{{.Names}}"')).toBe('site');
});

test('the layout fits a projector and a wide screen side by side, and stacks its panels on a narrow one', async ({
  page,
}) => {
  const regions = ['Terminal', 'Stack', 'Lessons, browser, layer graph and explorer'] as const;
  const boxes = async () =>
    Promise.all(regions.map(async (name) => (await page.getByRole('region', { name }).boundingBox())!));
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await openTerminal(page);
    const [terminal, stackBox, side] = await boxes();
    // Terminal and the side panels on the left, the stack on the right; nothing wider than the page.
    expect(terminal!.x + terminal!.width).toBeLessThanOrEqual(stackBox!.x);
    expect(side!.y).toBeGreaterThanOrEqual(terminal!.y + terminal!.height);
    expect(stackBox!.x + stackBox!.width).toBeLessThanOrEqual(width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await shoot(page, `layout-${width}x${height}`);
  }
  await page.setViewportSize({ width: 800, height: 1000 });
  await openTerminal(page);
  const [terminal, stackBox, side] = await boxes();
  expect(stackBox!.y).toBeGreaterThanOrEqual(terminal!.y + terminal!.height);
  expect(side!.y).toBeGreaterThanOrEqual(stackBox!.y + stackBox!.height);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
});

test('the theme is chosen from the settings and kept; reduced motion follows the system', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openTerminal(page);
  await expect(page.getByRole('checkbox', { name: 'Reduce motion' })).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-motion', 'reduce');
  await typeLine(page, 'docker run -d --name web -p 8888:80 nginx');
  for (const [label, value] of [
    ['Dark', 'dark'],
    ['High contrast', 'contrast'],
    ['Light', 'light'],
  ] as const) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label });
    await expect(page.locator('html')).toHaveAttribute('data-theme', value);
    if (value !== 'light') await shoot(page, `theme-${value}`);
  }
  await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'High contrast' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
  // High contrast is black and white, whatever the system's scheme.
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe('rgb(0, 0, 0)');
  await page.reload();
  await openTerminal(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'contrast');
});
