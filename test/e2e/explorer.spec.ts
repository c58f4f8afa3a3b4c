import { expect, test } from '@playwright/test';
import { openTerminal, typeLine } from './lib';

// The image explorer in a real browser: after a pull and two commits typed into the terminal, the
// Explorer tab shows the committed image's layers with A/M/R marks, opens a line diff of a changed
// file, and compares two images.

test('explores a committed image layer by layer, diffs a changed file, and compares two images', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openTerminal(page);
  for (const line of [
    'docker pull busybox',
    'docker run --name c1 busybox sh -c "mkdir /data; echo one > /data/x; echo v1 > /etc/note.txt"',
    'docker commit c1 step1',
    `docker run --name c2 step1 sh -c "rm -rf /data; echo '<b id=injected>bold</b>' > /etc/note.txt"`,
    'docker commit c2 step2',
  ])
    await typeLine(page, line);

  await page.getByRole('tab', { name: 'Explorer' }).click();
  const panel = page.getByRole('tabpanel', { name: 'Explorer' });
  await panel.getByTestId('explorer-image').selectOption({ label: 'step2:latest' });
  await expect(panel.locator('button[data-layer]')).toHaveCount(3);
  await expect(panel.locator('button[data-layer="2"]')).toHaveAttribute('aria-pressed', 'true');

  // The top layer's own changes: /data removed, /etc/note.txt modified.
  await expect(panel.locator('li[data-path="/data"]')).toHaveAttribute('data-mark', 'R');
  await expect(panel.locator('li[data-path="/etc/note.txt"]')).toHaveAttribute('data-mark', 'M');
  // The layer below added them.
  await panel.locator('button[data-layer="1"]').click();
  await expect(panel.locator('li[data-path="/data/x"]')).toHaveAttribute('data-mark', 'A');
  await panel.locator('button[data-layer="2"]').click();

  await panel.getByRole('button', { name: 'Diff /etc/note.txt with the version below it' }).click();
  const diff = panel.getByTestId('explorer-diff-text');
  await expect(diff).toHaveText('- v1\n+ <b id=injected>bold</b>\n');
  // File content is text, never markup.
  await expect(page.locator('#injected')).toHaveCount(0);
  await expect(panel.getByTestId('explorer-score')).toHaveText(/^\d+\.\d %$/);

  await panel.getByRole('button', { name: 'Compare two images' }).click();
  await panel.getByTestId('compare-a').selectOption({ label: 'step1:latest' });
  await panel.getByTestId('compare-b').selectOption({ label: 'step2:latest' });
  await expect(panel.getByTestId('compare-shared')).toHaveText(/^2 shared layers/);
  await expect(panel.getByTestId('compare-only-a')).toContainText('Only in A: 1 (4 B)');
  await expect(panel.getByTestId('compare-changed')).toContainText('/etc/note.txt');
  await panel.getByRole('button', { name: 'Diff /etc/note.txt in image A and image B' }).click();
  await expect(panel.getByTestId('explorer-diff-text')).toHaveText('- v1\n+ <b id=injected>bold</b>\n');
  await expect(panel.getByRole('heading', { name: 'Diff of /etc/note.txt' })).toBeFocused();
});
