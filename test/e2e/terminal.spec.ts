import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openTerminal, scenarioLines, transcript, typeLine } from './lib';

// The seed walkthrough, typed key by key into the real terminal of the built app (pulls at instant
// speed), and what its comments promise checked in the transcript the terminal shows.

test('the seed walkthrough typed into the terminal shows what it promises', async ({ page }) => {
  test.setTimeout(180_000);
  await openTerminal(page);
  const outputs: { line: string; out: string }[] = [];
  for (const line of scenarioLines()) outputs.push({ line, out: await typeLine(page, line) });
  const out = (line: string, nth = 0) => outputs.filter((o) => o.line === line)[nth]?.out ?? '';

  const pullRedis = out('docker pull redis');
  expect.soft(pullRedis).toContain('Using default tag: latest');
  expect.soft(pullRedis).toContain('latest: Pulling from library/redis');
  expect.soft(pullRedis).toContain('Pull complete');
  expect.soft(pullRedis).toMatch(/Digest: sha256:[0-9a-f]{64}/);
  expect.soft(pullRedis).toContain('Status: Downloaded newer image for redis:latest');
  expect.soft(pullRedis).toContain('docker.io/library/redis:latest');
  const redisLayers = pullRedis.match(/^[0-9a-f]{12}: Pull complete\s*$/gm) ?? [];
  expect.soft(redisLayers.length).toBeGreaterThan(1);

  const inspectRedis = out('docker inspect redis:latest');
  expect.soft(inspectRedis).toContain('"Type": "layers"');
  const rootFs = inspectRedis.slice(inspectRedis.indexOf('"RootFS"'));
  expect.soft(rootFs.match(/"sha256:[0-9a-f]{64}"/g)?.length).toBe(redisLayers.length);

  expect.soft(out('docker pull nginx')).toMatch(/[0-9a-f]{12}: Already exists/);

  const images = out('docker images');
  expect.soft(images).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/m);
  expect.soft(images).toMatch(/^nginx\s+latest\s+[0-9a-f]{12}\s/m);
  expect.soft(images).toMatch(/^redis\s+latest\s+[0-9a-f]{12}\s/m);

  expect.soft(out('docker run -d --name web -p 8888:80 nginx')).toMatch(/^[0-9a-f]{64}$/);
  const ps = out('docker ps');
  expect.soft(ps).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/m);
  expect.soft(ps).toContain('0.0.0.0:8888->80/tcp, [::]:8888->80/tcp');
  expect.soft(ps).toMatch(/\bweb$/m);

  expect.soft(out('curl -s http://localhost:8888')).toContain('<title>Welcome to nginx!</title>');

  // Inside the container shell: its prompt, and the two files in nginx's html directory.
  const text = await transcript(page);
  expect.soft(text).toMatch(/root@[0-9a-f]{12}:\/usr\/share\/nginx\/html# ls/);
  expect.soft(out('ls')).toMatch(/50x\.html\s+index\.html/);
  expect.soft(out('/usr/sbin/nginx -s reload')).not.toMatch(/error|No such file|not found/i);
  expect.soft(text).toMatch(/learner@layerlab:~\$ curl -s http:\/\/localhost:8888/);

  expect.soft(out('curl -s http://localhost:8888', 1)).toContain('An error occurred.');

  const diff = out('docker diff web').split('\n');
  for (const line of [
    'C /usr',
    'C /usr/share',
    'C /usr/share/nginx',
    'C /usr/share/nginx/html',
    'D /usr/share/nginx/html/50x.html',
    'A /usr/share/nginx/html/index.html.bak',
    'C /usr/share/nginx/html/index.html',
  ])
    expect.soft(diff).toContain(line);

  expect
    .soft(out('docker commit -a="xiaomotong" -m="modify index.html" web nginx01:1.0'))
    .toMatch(/^sha256:[0-9a-f]{64}$/);
  expect.soft(out('docker images', 1)).toMatch(/^nginx01\s+1\.0\s+[0-9a-f]{12}\s/m);
  expect.soft(out('docker history nginx01:1.0')).toContain('modify index.html');
  const inspectCommit = out('docker inspect nginx01:1.0');
  expect.soft(inspectCommit).toContain('"Author": "xiaomotong"');
  expect.soft(inspectCommit).toContain('"Comment": "modify index.html"');
  expect.soft(inspectCommit).toMatch(/"Parent": "sha256:[0-9a-f]{64}"/);

  expect.soft(out('curl -s http://localhost:8889')).toContain('An error occurred.');
});

test('the terminal keeps history across a reload and recalls it with the up arrow', async ({ page }) => {
  await openTerminal(page);
  await typeLine(page, 'cd /tmp');
  await typeLine(page, 'pwd');
  await page.reload();
  await openTerminal(page);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await typeLine(page, '');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  expect(await typeLine(page, '')).toBe('/tmp');
  // The shell's own `history` starts from the same remembered lines.
  expect(await typeLine(page, 'history')).toMatch(/^ {4}1 {2}cd \/tmp\n {4}2 {2}pwd\n/);
});

test('a multi-line paste runs line by line, and Ctrl-C interrupts a slow pull', async ({ page }) => {
  await openTerminal(page, '?speed=classroom-slow');
  await page.evaluate(() => {
    const target = document.querySelector('.xterm-helper-textarea');
    const data = new DataTransfer();
    data.setData('text/plain', 'type cd\npwd\n');
    target?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  });
  await page.waitForFunction(() => (window.__layerlab?.terminalFinished?.() ?? 0) >= 2);
  expect(await transcript(page)).toMatch(
    /\$ type cd\ncd is a shell builtin\s*\n.*\$ pwd\n\/home\/learner\s*\n/s,
  );

  await page.keyboard.type('docker pull nginx');
  await page.keyboard.press('Enter');
  await expect.poll(() => transcript(page)).toContain('Pulling from library/nginx');
  await page.keyboard.press('Control+C');
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  const text = await transcript(page);
  expect(text).toContain('^C');
  expect(text).not.toContain('Status: Downloaded newer image for nginx:latest');
  expect(text).toMatch(/\^C\s*\nlearner@layerlab:~\$ ?$/);
});

test('the terminal is exposed to screen readers', async ({ page }) => {
  await openTerminal(page);
  await expect(page.locator('.xterm-accessibility-tree')).toBeAttached();
});

test('the built bundle stays a reasonable size', () => {
  const assets = join(import.meta.dirname, '..', '..', 'dist', 'assets');
  const js = readdirSync(assets)
    .filter((f) => f.endsWith('.js'))
    .reduce((sum, f) => sum + statSync(join(assets, f)).size, 0);
  // Engine + CLI + xterm, not minified twice nor bundled with test data: well under 1.5 MB.
  expect(js).toBeLessThan(1_500_000);
});

test('without IndexedDB the host starts in memory and the terminal says so', async ({ page }) => {
  // Runs before the page's own scripts (through the browser's devtools protocol, not an inline script).
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await openTerminal(page);
  const text = await transcript(page);
  expect(text).toContain('Could not use IndexedDB (IndexedDB is not available)');
  expect(text).toContain('kept in memory only');
  expect(text).toMatch(/\nlearner@layerlab:~\$ ?$/);
  await expect(page.getByRole('status')).toHaveText('Ready (see the notice in the terminal).');
  expect(await typeLine(page, 'pwd')).toBe('/home/learner');
});

test('with a selection, Ctrl-C copies it instead of interrupting', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openTerminal(page);
  await typeLine(page, 'pwd');
  const screen = page.locator('.xterm-screen');
  const box = await screen.boundingBox();
  if (!box) throw new Error('the terminal has no screen');
  // Drag across the first two rows: the first prompt line and the `pwd` output under it.
  await page.mouse.move(box.x + 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 40, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.press('Control+C');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('learner@layerlab:~$ pwd');
  expect(await transcript(page)).not.toContain('^C');
});

test('Tab completes a command name and a path through the shell', async ({ page }) => {
  await openTerminal(page);
  await page.keyboard.type('cd /t');
  await page.keyboard.press('Tab');
  await typeLine(page, '');
  expect(await transcript(page)).toMatch(/learner@layerlab:~\$ cd \/tmp\/\s*\nlearner@layerlab:\/tmp\$ ?$/);
  await page.keyboard.type('pw');
  await page.keyboard.press('Tab');
  expect(await typeLine(page, '')).toBe('/tmp');
});

test('vi opens the editor panel; saving writes the file through the shell', async ({ page }) => {
  await openTerminal(page);
  const typing = page.keyboard.type('vi notes.txt\n');
  await typing;
  const editor = page.getByTestId('editor');
  await expect(editor).toBeVisible();
  await expect(editor).toContainText('/home/learner/notes.txt');
  const area = editor.locator('textarea');
  await area.fill('layers all the way down\n');
  await area.press('Control+s');
  await expect(editor).toBeHidden();
  const out = await typeLine(page, 'cat notes.txt');
  expect(out).toContain('layers all the way down');
  // Esc leaves without saving.
  await page.keyboard.type('vi notes.txt\n');
  await expect(editor).toBeVisible();
  await editor.locator('textarea').fill('discarded');
  await editor.locator('textarea').press('Escape');
  await expect(editor).toBeHidden();
  expect(await typeLine(page, 'cat notes.txt')).toContain('layers all the way down');
});
