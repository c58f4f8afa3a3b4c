// Typing into the real terminal of the built app and reading what it shows, for the browser tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

export const SCENARIO = join(import.meta.dirname, '..', 'scenarios', 'seed-walkthrough.txt');

/** The walkthrough's commands, comments and blank lines left out. */
export function scenarioLines(): string[] {
  return readFileSync(SCENARIO, 'utf8')
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export const transcript = (page: Page): Promise<string> =>
  page.evaluate(async () => {
    await window.__layerlab?.terminalFlushed?.();
    return window.__layerlab?.terminalText?.() ?? '';
  });

export async function openTerminal(page: Page, query = '?speed=instant'): Promise<void> {
  await page.goto(`/${query}`);
  await page.waitForFunction(() => typeof window.__layerlab?.terminalText === 'function');
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  await page.locator('.xterm').click();
}

/** Types one line and Enter, waits until it has run, and returns what it printed. */
export async function typeLine(page: Page, line: string): Promise<string> {
  const before = await transcript(page);
  const finished = await page.evaluate(() => window.__layerlab?.terminalFinished?.() ?? 0);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) =>
      (window.__layerlab?.terminalFinished?.() ?? 0) > n && window.__layerlab?.terminalBusy?.() === false,
    finished,
  );
  const after = await transcript(page);
  // The prompt line the command was typed on starts the new part; the next prompt ends it.
  const part = after.slice(before.length);
  const end = part.lastIndexOf('\n');
  return end < 0 ? '' : part.slice(part.indexOf('\n') + 1, end);
}
