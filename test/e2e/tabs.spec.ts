// Two tabs of the same origin on one saved host: they take turns (Web Locks), a tab reads in what the
// other wrote before its next command and when idle (BroadcastChannel), and after a reload both tabs'
// work is there. Undo cannot wipe the other tab's work.

import { expect, test, type Page } from '@playwright/test';
import { recordFigures } from '../helpers/reliability';
import { openTerminal, transcript, typeLine } from './lib';

/** What both tabs must agree on: images, containers and the home directory, as the CLI prints them. */
async function state(page: Page): Promise<string> {
  const images = await typeLine(
    page,
    'docker images -a --no-trunc --format "{{.Repository}}:{{.Tag}} {{.ID}}"',
  );
  const containers = await typeLine(
    page,
    'docker ps -a --no-trunc --format "{{.Names}} {{.Image}} {{.Status}}"',
  );
  const home = await typeLine(page, 'ls -a');
  return [images.split('\n').sort().join('\n'), containers.split('\n').sort().join('\n'), home].join(
    '\n--\n',
  );
}

/** Starts a line without waiting for it to finish. */
async function start(page: Page, line: string): Promise<number> {
  const finished = await page.evaluate(() => window.__layerlab?.terminalFinished?.() ?? 0);
  await page.locator('.xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  return finished;
}

async function finish(page: Page, finishedBefore: number): Promise<void> {
  await page.waitForFunction(
    (n) =>
      (window.__layerlab?.terminalFinished?.() ?? 0) > n && window.__layerlab?.terminalBusy?.() === false,
    finishedBefore,
    { timeout: 60_000 },
  );
}

test('two tabs running commands in turn end with the same host, and nothing either did is lost', async ({
  context,
}) => {
  test.setTimeout(120_000);
  const a = await context.newPage();
  const b = await context.newPage();
  // a downloads at a realistic speed, so that its pulls take a while.
  await openTerminal(a, '?speed=realistic');
  await openTerminal(b);

  expect(await typeLine(a, 'docker pull busybox')).toContain('Downloaded newer image for busybox:latest');
  // b has not typed anything since: its next command first reads in what a wrote.
  expect(await typeLine(b, 'docker images --format "{{.Repository}}"')).toBe('busybox');
  await expect(b.getByTestId('sandbox-message')).toContainText(
    'Another Layer Lab tab changed the saved host',
    { timeout: 20_000 },
  );

  await typeLine(b, 'docker run -d --name web nginx');
  await typeLine(a, 'docker exec web sh -c "echo from-a > /usr/share/nginx/html/a.html"');
  await typeLine(b, 'echo from-b > note.txt');
  expect(await typeLine(a, 'docker exec web cat /usr/share/nginx/html/a.html')).toBe('from-a');
  expect(await typeLine(a, 'cat note.txt')).toBe('from-b');

  // Both tabs at once: a slow pull in a holds the turn; b's commit waits for it, then sees the pull.
  const pulling = await start(a, 'docker pull redis');
  const committing = await start(b, 'docker commit web web:v1');
  await expect(b.getByTestId('sandbox-message')).toContainText('Waiting for another Layer Lab tab');
  await finish(a, pulling);
  await finish(b, committing);
  await typeLine(b, 'docker rm -f web');

  const fromA = await state(a);
  const fromB = await state(b);
  expect(fromA).toBe(fromB);
  for (const expected of ['busybox:latest', 'nginx:latest', 'redis:latest', 'web:v1', 'note.txt'])
    expect(fromA).toContain(expected);
  expect(fromA).not.toContain('web nginx');

  // After a reload each tab still has all of it.
  await a.reload();
  await openTerminal(a);
  expect(await state(a)).toBe(fromA);

  recordFigures({
    suite: 'two tabs (Chromium)',
    size: 2,
    unit: 'tabs taking turns',
    result: { commands: 13, lost: fromA === fromB ? 0 : 1 },
  });
});

test("undo in one tab takes back only its own commands, never the other tab's work", async ({ context }) => {
  test.setTimeout(90_000);
  const a = await context.newPage();
  const b = await context.newPage();
  await openTerminal(a);
  await openTerminal(b);
  await b.locator('.xterm').click();
  await typeLine(b, 'docker pull busybox');
  await expect(b.getByTestId('sandbox-undo')).toBeEnabled();
  await typeLine(a, 'docker pull alpine');
  // b reads a's pull in while idle: its undo steps (from before that pull) are gone.
  await expect(b.getByTestId('sandbox-message')).toContainText(
    'Another Layer Lab tab changed the saved host',
    { timeout: 20_000 },
  );
  await expect(b.getByTestId('sandbox-undo')).toBeDisabled();
  // A command of b's own can be undone, and only it goes.
  await typeLine(b, 'docker tag busybox mine:1');
  await b.getByTestId('sandbox-undo').click();
  await expect.poll(() => transcript(b)).toContain('Undone: docker tag busybox mine:1');
  await expect(b.getByTestId('sandbox-undo')).toBeDisabled();
  await b.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  await b.locator('.xterm').click();
  expect((await typeLine(b, 'docker images --format "{{.Repository}}"')).split('\n').sort()).toEqual([
    'alpine',
    'busybox',
  ]);
  expect((await typeLine(a, 'docker images --format "{{.Repository}}"')).split('\n').sort()).toEqual([
    'alpine',
    'busybox',
  ]);
});
