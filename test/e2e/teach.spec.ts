import { expect, test, type Page } from '@playwright/test';
import { openTerminal, transcript, typeLine } from './lib';

// Teaching in a real browser: lessons solved through the panel (hint, "show me"), the presenter
// playing the seed walkthrough with the keyboard, share links replayed in a fresh browser, and the
// sandbox's undo, reset and import.

/** The stack as drawn: the focus line and each band's kind, top first. */
async function drawnStack(page: Page): Promise<{ focus: string; kinds: string[] }> {
  await page.evaluate(() => window.__layerlabViz?.vizSettled());
  const stack = page.getByRole('region', { name: 'Stack' });
  const kinds = await stack
    .locator('[data-band-kind]')
    .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.bandKind ?? ''));
  const focus =
    (await stack
      .getByTestId('focus')
      .textContent()
      .catch(() => '')) ?? '';
  return { focus, kinds };
}

/** The stack as the engine has it (read through the page's test hook). */
const engineStack = (page: Page) => page.evaluate(() => window.__layerlabViz?.vizStack() ?? null);

async function expectStackMatchesEngine(page: Page): Promise<void> {
  const model = await engineStack(page);
  const drawn = await drawnStack(page);
  if (!model) {
    expect(drawn.kinds).toEqual([]);
    return;
  }
  // The kernel band is drawn under every stack; it is the host's, in no model's layers.
  expect(drawn.kinds).toEqual([...model.kinds, 'kernel']);
  expect(drawn.focus).toContain(model.name);
}

async function openLesson(page: Page, id: string): Promise<void> {
  await page.getByRole('tab', { name: 'Lessons' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Lessons' });
  await panel.locator(`[data-lesson="${id}"]`).click();
}

/** Solves the open lesson step by step with "Show me", checking the hint and each success. */
async function solveWithShowMe(page: Page, steps: number): Promise<void> {
  const panel = page.getByRole('tabpanel', { name: 'Lessons' });
  for (let n = 1; n <= steps; n++) {
    await expect(panel).toContainText(`Step ${n} of ${steps}`);
    const hint = panel.getByRole('button', { name: 'Hint' });
    await hint.click();
    await expect(panel.locator('#lesson-hint')).toBeVisible();
    await expect(panel.getByRole('status')).not.toContainText('Done:');
    await panel.getByRole('button', { name: 'Show me' }).click();
    await expect(panel.getByRole('status')).toContainText('Done:', { timeout: 60_000 });
    if (n < steps) await panel.getByRole('button', { name: 'Next step' }).click();
  }
  await expect(panel.getByRole('button', { name: 'Back to the lessons' })).toBeEnabled();
}

test('lesson 2 (layered download) is solved through the panel with hints and "show me"', async ({ page }) => {
  test.setTimeout(180_000);
  await openTerminal(page);
  await openLesson(page, 'layers');
  await solveWithShowMe(page, 4);
  const text = await transcript(page);
  // "Show me" typed the commands into the real terminal, where Docker's own output answered.
  expect(text).toMatch(/learner@layerlab:~\$ docker pull redis/);
  expect(text).toMatch(/[0-9a-f]{12}: Already exists/);
  expect(text).toContain('"RootFS"');
});

test('lesson 5 (the container layer) is solved through the panel, inside the container shell too', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openTerminal(page);
  await openLesson(page, 'container-layer');
  const panel = page.getByRole('tabpanel', { name: 'Lessons' });
  await panel.getByRole('button', { name: 'Restart lesson' }).click();
  await expect.poll(() => transcript(page)).toContain('A fresh host for this lesson is ready.');
  const steps = Number(/Step 1 of (\d+)/.exec((await panel.textContent()) ?? '')?.[1]);
  expect(steps).toBeGreaterThan(3);
  await solveWithShowMe(page, steps);
  const text = await transcript(page);
  expect(text).toMatch(/root@[0-9a-f]{12}:\/usr\/share\/nginx\/html# mv 50x\.html index\.html/);
  expect(text).toContain('D /usr/share/nginx/html/50x.html');
  await expectStackMatchesEngine(page);
});

test('lesson 6 (commit) is solved through the panel from its own prepared host', async ({ page }) => {
  test.setTimeout(240_000);
  await openTerminal(page);
  await openLesson(page, 'commit');
  const panel = page.getByRole('tabpanel', { name: 'Lessons' });
  await panel.getByRole('button', { name: 'Restart lesson' }).click();
  await expect.poll(() => transcript(page)).toContain('A fresh host for this lesson is ready.');
  const steps = Number(/Step 1 of (\d+)/.exec((await panel.textContent()) ?? '')?.[1]);
  await solveWithShowMe(page, steps);
  expect(await page.evaluate(() => window.__layerlabViz?.vizImages())).toContain('nginx01:1.0');
  // Progress survives a reload.
  await page.reload();
  await openTerminal(page);
  await page.getByRole('tab', { name: 'Lessons' }).click();
  const lessons = page.getByRole('tabpanel', { name: 'Lessons' });
  const menu = lessons.getByRole('button', { name: /All lessons/ });
  if (await menu.isVisible()) await menu.click();
  await expect(lessons.locator('[data-lesson="commit"]')).toContainText('Complete');
});

test('the presenter plays the walkthrough with Space, steps back with ←, the stack matching each state', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openTerminal(page);
  await page.getByTestId('presenter-enter').click();
  await expect(page.locator('html')).toHaveAttribute('data-presenter', 'on');
  const counter = page.getByTestId('presenter-counter');
  const total = Number(/\/ (\d+)/.exec((await counter.textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(15);
  await page.getByTestId('presenter-pace').fill('4');
  await page.getByTestId('presenter').focus();
  for (let n = 1; n <= total; n++) {
    await page.keyboard.press('Space');
    await expect(counter).toHaveText(`${n} / ${total}`, { timeout: 60_000 });
    await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
    await expectStackMatchesEngine(page);
  }
  await expect(page.getByTestId('presenter-caption')).not.toBeEmpty();
  expect(await page.evaluate(() => window.__layerlabViz?.vizImages())).toContain('nginx01:1.0');
  // Back, step by step, over the last commands and the commit: the image the commit made is gone.
  const images = () => page.evaluate(() => window.__layerlabViz?.vizImages() ?? []);
  let n = total;
  while ((await images()).includes('nginx01:1.0') && n > total - 8) {
    await page.keyboard.press('ArrowLeft');
    n -= 1;
    await expect(counter).toHaveText(`${n} / ${total}`);
    await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
    await expectStackMatchesEngine(page);
  }
  expect(await images()).not.toContain('nginx01:1.0');
  expect(await images()).toEqual(['nginx:latest', 'redis:latest']);
  await page.keyboard.press('?');
  await expect(page.getByTestId('presenter-shortcuts')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('presenter-shortcuts')).toHaveCount(0);
});

test('a share link replays the same transcript, digests included, in a fresh browser', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  await openTerminal(page);
  await page.getByTestId('presenter-enter').click();
  await page.getByTestId('presenter-share').click();
  const link = await page.getByTestId('presenter-share-link').inputValue();
  expect(link).toMatch(/#share=[A-Za-z0-9_-]+$/);
  const fragment = link.slice(link.indexOf('#'));

  async function play(): Promise<string> {
    const context = await browser.newContext();
    const p = await context.newPage();
    await openTerminal(p, `?speed=instant${fragment}`);
    const counter = p.getByTestId('presenter-counter');
    const total = Number(/\/ (\d+)/.exec((await counter.textContent()) ?? '')?.[1]);
    await p.getByTestId('presenter-pace').fill('4');
    await p.getByTestId('presenter').focus();
    for (let n = 1; n <= total; n++) {
      await p.keyboard.press('ArrowRight');
      await expect(counter).toHaveText(`${n} / ${total}`, { timeout: 60_000 });
    }
    await p.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
    const text = await transcript(p);
    await context.close();
    return text;
  }
  const first = await play();
  const second = await play();
  expect(first).toMatch(/sha256:[0-9a-f]{64}/);
  expect(second).toBe(first);
});

test('the sandbox undoes a command, refuses a bad session file and resets the host', async ({ page }) => {
  await openTerminal(page);
  await typeLine(page, 'docker pull nginx');
  const undo = page.getByTestId('sandbox-undo');
  await expect(undo).toBeEnabled();
  await undo.click();
  await expect.poll(() => transcript(page)).toContain('Undone: docker pull nginx');
  expect(await page.evaluate(() => window.__layerlabViz?.vizImages())).toEqual([]);
  await page.getByTestId('sandbox-import-file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('not a session'),
  });
  await expect(page.getByTestId('sandbox-error')).toContainText('Nothing was changed');
  await page.locator('.xterm').click();
  await typeLine(page, 'docker pull busybox');
  await page.getByTestId('sandbox-reset').click();
  await page.getByTestId('sandbox-reset-yes').click();
  await expect.poll(() => transcript(page)).toContain('The host was reset');
  expect(await page.evaluate(() => window.__layerlabViz?.vizImages())).toEqual([]);
});
