import { expect, test, type Page } from '@playwright/test';
import { openTerminal, transcript, typeLine } from './lib';

// The page in Simplified Chinese from a `?lang=zh-CN` link, while docker keeps printing what real
// Docker prints; the language menu switches the words on screen without a reload and is remembered.

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test('a ?lang=zh-CN link opens the page in Chinese; the terminal stays docker’s English', async ({
  page,
}) => {
  await openTerminal(page, '?lang=zh-CN&speed=instant');

  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 1, name: 'Layer Lab' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '终端' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '层栈' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '浏览器' })).toBeVisible();
  await expect(page.getByTestId('language')).toHaveValue('zh-CN');

  const pull = await typeLine(page, 'docker pull nginx');
  expect(pull).toContain('Pull complete');
  expect(pull).toContain('Status: Downloaded newer image for nginx:latest');

  const kernel = region(page, '层栈').getByTestId('kernel');
  await expect(kernel).toContainText('宿主机内核');
  await expect(kernel).toContainText('6.1.0-28-amd64');

  // Switch to English: the same page (no reload) says it all in English.
  await page.evaluate(() => {
    (window as unknown as { notReloaded?: boolean }).notReloaded = true;
  });
  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Terminal' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Stack' })).toBeVisible();
  await expect(region(page, 'Stack').getByTestId('kernel')).toContainText('Host kernel (bootfs)');
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(new URL(page.url()).searchParams.get('lang')).toBe('en');

  // The choice lasts: a reload (the link now says lang=en) keeps English, and so does the plain page.
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Terminal' })).toBeVisible();
  await page.goto('/?speed=instant');
  await expect(page.getByRole('heading', { level: 2, name: 'Terminal' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('Chinese chosen in the menu is kept for the next visit', async ({ page }) => {
  await openTerminal(page, '?speed=instant');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 2, name: 'Terminal' })).toBeVisible();

  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByRole('heading', { level: 2, name: '终端' })).toBeVisible();
  // The settings' own labels, the tabs and the stack's empty note follow at once.
  await expect(page.getByText('动画速度')).toBeVisible();
  await expect(page.getByRole('tab', { name: '层关系图' })).toBeVisible();
  await expect(region(page, '层栈')).toContainText('还没有镜像或容器');

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByRole('heading', { level: 2, name: '终端' })).toBeVisible();
  await expect(page.getByTestId('language')).toHaveValue('zh-CN');
});

test('the app’s own notices in the terminal are in Chinese too', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
  await openTerminal(page, '?lang=zh-CN&speed=instant');
  const text = await transcript(page);
  expect(text).toContain('无法使用 IndexedDB');
  expect(text).toContain('本次会话只保存在内存中');
  expect(text).not.toContain('Could not use IndexedDB');
  await expect(page.getByRole('status')).toHaveText('就绪（请看终端里的提示）。');
  // The shell and its programs still answer as they would on a real Linux host.
  expect(await typeLine(page, 'ls /nonexistent')).toContain('No such file or directory');
});
