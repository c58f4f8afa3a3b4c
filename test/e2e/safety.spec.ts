import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { recordFigures } from '../helpers/reliability';
import { openTerminal, transcript, typeLine } from './lib';

// Page safety in a real browser: the page's Content-Security-Policy holds (no inline script, no
// eval, none violated by the app itself), a container's web page runs only in the sandboxed frame and
// reaches nothing of the app, file names and commit messages holding HTML are shown as text in every
// view, and a file full of terminal escape sequences is shown as text instead of obeyed.

/** How many checks each test made and whether it passed, for recordFigures at the end. */
const checks = new Map<string, { made: number; passed: boolean }>();

/** Counts a check (an assertion that failed throws before it is counted as passed). */
function count(name: string, n = 1): void {
  const c = checks.get(name) ?? { made: 0, passed: false };
  c.made += n;
  checks.set(name, c);
}

test.afterEach(() => {
  const info = test.info();
  const c = checks.get(info.title);
  if (c) c.passed = info.status === 'passed';
});

test.afterAll(() => {
  const all = [...checks.values()];
  recordFigures({
    suite: 'page safety (Chromium)',
    size: all.reduce((s, c) => s + c.made, 0),
    unit: 'checks',
    result: {
      tests: all.length,
      passed: all.filter((c) => c.passed).length,
      failed: all.filter((c) => !c.passed).length,
    },
  });
});

/** Starts recording CSP violations and errors from page load on (init scripts are not subject to CSP). */
async function watchViolations(page: Page): Promise<{ errors: string[] }> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { errors };
}

const violations = (page: Page): Promise<string[]> =>
  page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

test('index.html allows scripts only from the site itself and WebAssembly, and no plugins', async ({
  page,
}) => {
  const policy = (html: string) =>
    /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '';
  const directive = (csp: string, name: string) =>
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .find(([n]) => n === name)
      ?.slice(1);
  // The source file and the page as served.
  const source = policy(readFileSync(join(import.meta.dirname, '..', '..', 'index.html'), 'utf8'));
  await page.goto('/');
  const served =
    (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  for (const csp of [source, served]) {
    expect(directive(csp, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    expect(directive(csp, 'default-src')).toEqual(["'self'"]);
    expect(directive(csp, 'base-uri')).toEqual(["'self'"]);
    count(test.info().title, 4);
  }
});

test('injected inline script, string timers, eval and new Function do not run in the page', async ({
  page,
}) => {
  await watchViolations(page);
  // A real script of the page (same origin, so the policy lets it load) tries what the policy forbids;
  // page.evaluate itself is exempt from CSP, so it only injects and reads.
  const probe = `
    const w = window;
    const attempt = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
    w.__probe = {
      eval: attempt(() => (0, eval)('window.__marker = "eval"')),
      fn: attempt(() => new Function('window.__marker = "function"')()),
      timer: attempt(() => setTimeout('window.__marker = "timer"', 0)),
    };
  `;
  await page.route('**/safety-probe.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: probe }),
  );
  await page.goto('/');
  await page.evaluate(() => {
    const inline = document.createElement('script');
    inline.textContent = 'window.__marker = "inline";';
    document.body.append(inline);
    const handler = document.createElement('img');
    handler.setAttribute('src', 'data:,x');
    handler.setAttribute('onerror', 'window.__marker = "handler"');
    document.body.append(handler);
    const probe = document.createElement('script');
    probe.src = './safety-probe.js';
    document.body.append(probe);
  });
  await page.waitForFunction(() => '__probe' in window);
  // Let a string timer have its chance to run.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));

  const probe2 = await page.evaluate(() => (window as unknown as { __probe: object }).__probe);
  expect(probe2).toEqual({ eval: 'EvalError', fn: 'EvalError', timer: 'ran' });
  expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBeUndefined();
  const v = await violations(page);
  expect(v).toContain('script-src-elem inline');
  expect(v).toContain('script-src-attr inline');
  expect(v.filter((x) => x.startsWith('script-src eval')).length).toBeGreaterThanOrEqual(3);
  count(test.info().title, 6);
});

test('a normal session (pull, run, union view, explorer, lessons, browser) violates no policy', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { errors } = await watchViolations(page);
  await openTerminal(page);
  await typeLine(page, 'docker pull nginx');
  await typeLine(page, 'docker run -d --name web -p 8080:80 nginx');
  expect(await typeLine(page, 'curl -s localhost:8080')).toContain('Welcome to nginx!');
  await typeLine(page, 'docker commit web snap');

  const union = page.getByTestId('union-tree');
  await union.getByRole('button', { name: 'This layer’s changes' }).click();
  await union.getByRole('button', { name: 'Combined view' }).click();
  await page.getByRole('tab', { name: 'Explorer' }).click();
  const explorer = page.getByRole('tabpanel', { name: 'Explorer' });
  await explorer.getByTestId('explorer-image').selectOption({ label: 'snap:latest' });
  await expect(explorer.getByTestId('explorer-largest')).toBeVisible();
  await page.getByRole('tab', { name: 'Lessons' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Lessons' })).toBeVisible();
  await page.getByRole('tab', { name: 'Browser' }).click();
  const browser = page.getByRole('tabpanel', { name: 'Browser' });
  await browser.getByRole('button', { name: 'Go' }).click();
  await expect(page.frameLocator('#panel-browser iframe').locator('h1')).toHaveText('Welcome to nginx!');

  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
  count(test.info().title, 3);
});

test("a container's page runs only in the sandboxed frame and reaches nothing of the app", async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openTerminal(page);
  // Something of the app's to steal: a cookie, and the terminal's history in localStorage.
  await page.evaluate(() => {
    document.cookie = 'layerlab-secret=cookie-value; path=/';
  });
  await typeLine(page, 'docker pull nginx');
  await typeLine(page, 'docker run -d --name web -p 8080:80 nginx');
  await typeLine(page, 'docker exec -it web sh');
  // The page's script tries everything an attacker would and posts what it reached.
  const page1 = [
    "cat > /usr/share/nginx/html/index.html <<'EOF'",
    '<h1 id="from-container">served</h1>',
    '<script>',
    'var r = {};',
    'function t(k, f) { try { var v = f(); r[k] = "read:" + String(v); } catch (e) { r[k] = "blocked:" + e.name; } }',
    't("parentDocument", function () { return parent.document.title; });',
    't("topDocument", function () { return top.document.body.innerHTML.length; });',
    't("parentLocation", function () { return parent.location.href; });',
    't("cookie", function () { return document.cookie; });',
    't("localStorage", function () { return localStorage.length + ":" + JSON.stringify(localStorage); });',
    't("sessionStorage", function () { return sessionStorage.length; });',
    't("indexedDB", function () { return indexedDB.open("layerlab").readyState; });',
    't("parentLayerlab", function () { return typeof parent.__layerlab; });',
    'r.origin = String(self.origin);',
    'parent.postMessage({ fromFrame: r }, "*");',
    '</script>',
    'EOF',
  ];
  for (const line of page1) await typeLine(page, line);
  await typeLine(page, 'exit');
  expect(await page.evaluate(() => localStorage.length)).toBeGreaterThan(0);

  await page.evaluate(() => {
    window.addEventListener('message', (e) => {
      const d = e.data as { fromFrame?: unknown };
      if (d && typeof d === 'object' && 'fromFrame' in d)
        (window as unknown as { __frameReport: unknown }).__frameReport = d.fromFrame;
    });
  });
  await page.getByRole('tab', { name: 'Browser' }).click();
  await page.getByRole('tabpanel', { name: 'Browser' }).getByRole('button', { name: 'Go' }).click();

  const frame = page.locator('#panel-browser iframe');
  const sandbox = ((await frame.getAttribute('sandbox')) ?? '').split(/\s+/);
  expect(sandbox).toContain('allow-scripts');
  expect(sandbox).not.toContain('allow-same-origin');
  await expect(page.frameLocator('#panel-browser iframe').locator('#from-container')).toHaveText('served');
  await page.waitForFunction(() => '__frameReport' in window);
  const report = (await page.evaluate(
    () => (window as unknown as { __frameReport: Record<string, string> }).__frameReport,
  )) as Record<string, string>;

  expect(report.origin).toBe('null');
  for (const key of [
    'parentDocument',
    'topDocument',
    'parentLocation',
    'cookie',
    'localStorage',
    'sessionStorage',
  ])
    expect(report[key], `${key}: ${report[key]}`).toMatch(/^blocked:/);
  // IndexedDB in an opaque origin either throws or opens a database of its own, never the app's.
  expect(report.indexedDB).toMatch(/^blocked:|^read:pending$/);
  expect(report.parentLayerlab).toMatch(/^blocked:/);
  expect(JSON.stringify(report)).not.toContain('cookie-value');
  expect(JSON.stringify(report)).not.toContain('docker');
  // Nothing of the served page became part of the app's own document.
  await expect(page.locator('#from-container')).toHaveCount(0);
  count(test.info().title, 16);
});

const IMG_NAME = '<img src=x onerror=window.__pwned=1>';
const SVG_NAME = '"><svg onload=window.__pwned=2>';
// Becomes part of the layer's "created by" line, which the stack view and the explorer show.
const COMMAND_HTML = '<svg onload=__pwned=3>';

/** No markup from file names reached the DOM, and nothing ran. */
async function expectNoMarkup(page: Page): Promise<void> {
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('svg[onload]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
}

test("file names and a layer's command holding HTML are shown as text in every view", async ({ page }) => {
  test.setTimeout(90_000);
  await openTerminal(page);
  await typeLine(page, 'docker pull busybox');
  // Large enough to be among the image's largest files.
  const made = await typeLine(
    page,
    `docker run --name names busybox sh -c ":'${COMMAND_HTML}';mkdir /names && cd /names && printf '%04000000d' 0 > '${IMG_NAME}' && printf '%03000000d' 0 > '${SVG_NAME.replace(/"/g, '\\"')}' && ls /names"`,
  );
  expect(made).toContain(IMG_NAME);
  expect(made).toContain(SVG_NAME);
  await typeLine(page, `docker commit -m '${IMG_NAME}' names evil`);
  await typeLine(page, 'docker create --name shown evil');
  // The learner's home as well.
  await typeLine(page, `touch '${IMG_NAME}' '${SVG_NAME}'`);
  const ls = await typeLine(page, 'ls');
  expect(ls).toContain(IMG_NAME);
  await expectNoMarkup(page);

  // Union tree of the focused container: open /names.
  const union = page.getByTestId('union-tree');
  await union
    .getByRole('treeitem', { name: /^names\b/ })
    .first()
    .click();
  await expect(union.getByRole('treeitem', { name: IMG_NAME, exact: false }).first()).toBeVisible();
  await expect(union).toContainText(SVG_NAME);
  // The layer-changes mode lists the commit layer's files.
  await union.getByRole('button', { name: 'This layer’s changes' }).click();
  await expect(union).toContainText('names');
  await union.getByRole('button', { name: 'Combined view' }).click();
  await expectNoMarkup(page);

  // Stack view: the commit layer, named by the command that made it.
  const stack = page.getByRole('region', { name: 'Stack' });
  await expect(stack).toContainText(COMMAND_HTML);
  await expectNoMarkup(page);

  // Explorer: the top layer's own changes and the largest files.
  await page.getByRole('tab', { name: 'Explorer' }).click();
  const explorer = page.getByRole('tabpanel', { name: 'Explorer' });
  await explorer.getByTestId('explorer-image').selectOption({ label: 'evil:latest' });
  const paths = await explorer
    .locator('li[data-path]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
  expect(paths).toContain(`/names/${IMG_NAME}`);
  expect(paths).toContain(`/names/${SVG_NAME}`);
  await expect(explorer.locator('li[data-path^="/names/"]').first()).toContainText(/<img|"><svg/);
  await expect(explorer.getByTestId('explorer-largest')).toContainText(IMG_NAME);
  await expect(explorer.getByTestId('explorer-largest')).toContainText(SVG_NAME);
  await expect(explorer).toContainText(COMMAND_HTML);
  await expectNoMarkup(page);

  // The lessons tab draws too; still nothing ran.
  await page.getByRole('tab', { name: 'Lessons' }).click();
  await expectNoMarkup(page);
  count(test.info().title, 20);
});

test('escape sequences in a file are shown as text: no title, link, clipboard write or answer-back', async ({
  page,
}) => {
  await openTerminal(page);
  const granted = await page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'])
    .then(() => true)
    .catch(() => false);
  const parts = [
    String.raw`\e[2J`,
    String.raw`<b>x</b>`,
    String.raw`\e]0;pwned-title\a`,
    String.raw`\e]8;;https://evil.example/\alink\e]8;;\a`,
    String.raw`\e]52;c;cHduZWQ=\a`,
    String.raw`\ePqpayload\e\\`,
    String.raw`\x9b6n`,
    String.raw`\x9d2;c1-title\x9c`,
    String.raw`\e[c`,
    String.raw`\e[6n`,
    String.raw`\a\x01`,
    'END',
  ];
  await typeLine(page, `printf '${parts.join(' ')}\\n' > evil.txt`);
  await page.keyboard.type('cat evil.txt');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  const text = await transcript(page);
  const shown = [
    '<b>x</b>',
    '^[]0;pwned-title^G',
    '^[]8;;https://evil.example/^Glink^[]8;;^G',
    '^[]52;c;cHduZWQ=^G',
    '^[Pqpayload^[\\',
    'M-^[6n',
    'M-^]2;c1-title' + 'M-^\\',
    '^[[c',
    '^[[6n',
    '^G^A',
    'END',
  ].join(' ');
  expect(text).toContain(shown);
  expect(await page.title()).toBe('Layer Lab');
  // The terminal was not asked to report anything: the next line runs exactly as typed.
  expect(await typeLine(page, 'echo still-clean')).toBe('still-clean');
  // No link element or link decoration was made for the OSC 8 target.
  expect(await page.locator('.xterm a, .xterm [href]').count()).toBe(0);
  if (granted) {
    const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => ''));
    expect(clip).not.toBe('pwned');
  }
  count(test.info().title, 5);
});
