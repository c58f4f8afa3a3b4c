// Image archives in a real browser: `docker save -o` becomes a download that a real tool (skopeo)
// accepts, the downloaded file picked with "Load image…" loads back (and stays after a reload, in
// IndexedDB), and a broken file picked the same way fails with an error and changes nothing.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { openTerminal, transcript, typeLine } from './lib';

const hasSkopeo = spawnSync('skopeo', ['--version']).status === 0;

/** Picks files with the "Load image…" file input and waits until the typed `docker load` has ended. */
async function pick(
  page: Page,
  files: string | { name: string; mimeType: string; buffer: Buffer },
): Promise<string> {
  const status = page.getByTestId('load-status');
  await page.getByTestId('load-image-file').setInputFiles(files);
  await expect(status).toHaveAttribute('data-phase', /^(done|failed)$/, { timeout: 60_000 });
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  return (await status.getAttribute('data-phase')) ?? '';
}

test('a saved image downloads as an archive skopeo reads, and loads back from the picked download', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await openTerminal(page);
  expect(await typeLine(page, 'docker pull alpine')).toContain(
    'Status: Downloaded newer image for alpine:latest',
  );
  const inspect = await typeLine(page, 'docker inspect alpine');
  const diffIds = inspect.slice(inspect.indexOf('"RootFS"')).match(/sha256:[0-9a-f]{64}/g) ?? [];
  expect(diffIds.length).toBeGreaterThan(0);

  const downloading = page.waitForEvent('download');
  await typeLine(page, 'docker save -o alpine.tar alpine');
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('alpine.tar');
  // Kept under its suggested name, as the browser's download folder would.
  const path = testInfo.outputPath('alpine.tar');
  await download.saveAs(path);

  // A tool nobody here wrote reads it as a docker-archive and finds our diffIDs as its layers.
  if (hasSkopeo || process.env.CI === 'true') {
    const r = spawnSync('skopeo', ['inspect', `docker-archive:${path}`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const info = JSON.parse(r.stdout) as { Layers: string[] };
    expect(info.Layers).toEqual(diffIds);
  }

  // The home's copy goes too, so the load can only read the file picked from the computer.
  await typeLine(page, 'rm alpine.tar');
  expect(await typeLine(page, 'docker rmi alpine')).toContain('Untagged: alpine:latest');
  expect(await typeLine(page, 'docker images')).not.toMatch(/^alpine\s/m);

  // Every state the progress bar is drawn in while the archive is read.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progressSeen: string[] }).__progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"]');
      const text = bar?.getAttribute('aria-valuetext');
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const before = (await transcript(page)).length;
  expect(await pick(page, path)).toBe('done');
  const seen = await page.evaluate(() => (window as unknown as { __progressSeen: string[] }).__progressSeen);
  // It moved in steps, in human units, and ended with every byte read.
  expect(seen.length).toBeGreaterThan(2);
  for (const s of seen) expect(s).toMatch(/^[\d.]+ (B|kB|MB) of [\d.]+ MB$/);
  expect(seen.at(-1)).toMatch(/^([\d.]+ MB) of \1$/);
  const typed = (await transcript(page)).slice(before);
  expect(typed).toContain('docker load -i alpine.tar');
  expect(typed).toContain('Loaded image: alpine:latest');
  await expect(page.getByTestId('load-status')).toHaveText('Loaded from alpine.tar: alpine:latest.');

  // The typed load is one command like any other: Undo takes it back; picking again loads it again.
  await page.getByTestId('sandbox-undo').click();
  await expect.poll(() => transcript(page)).toContain('Undone: docker load -i alpine.tar');
  await page.waitForFunction(() => window.__layerlab?.terminalBusy?.() === false);
  await page.locator('.xterm').click();
  expect(await typeLine(page, 'docker images')).not.toMatch(/^alpine\s/m);
  expect(await pick(page, path)).toBe('done');
  expect(await typeLine(page, 'docker images')).toMatch(/^alpine\s+latest\s+[0-9a-f]{12}\s/m);
  // Not copied into the host's home.
  expect(await typeLine(page, 'ls')).not.toContain('alpine.tar');

  // The loaded image is part of the saved host: it is still there after a reload.
  await page.reload();
  await openTerminal(page, '');
  expect(await typeLine(page, 'docker images')).toMatch(/^alpine\s+latest\s+[0-9a-f]{12}\s/m);
});

test('a broken file picked with "Load image…" prints an error and leaves the images as they were', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await openTerminal(page);
  await typeLine(page, 'docker pull alpine');
  const images = await typeLine(page, 'docker images');

  const before = (await transcript(page)).length;
  const bad = { name: 'bad.tar', mimeType: 'application/x-tar', buffer: randomBytes(4096) };
  expect(await pick(page, bad)).toBe('failed');
  const typed = (await transcript(page)).slice(before);
  expect(typed).toContain('docker load -i bad.tar');
  expect(typed).not.toContain('Loaded image');
  await expect(page.getByTestId('load-status')).toHaveText(/^Could not load bad\.tar: \S/);
  expect(await typeLine(page, 'docker images')).toBe(images);
});

test('dragging a file over the page shows the drop overlay, and dropping it types docker load', async ({
  page,
}) => {
  await openTerminal(page);
  const data = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(512)], 'dropped one.tar', { type: 'application/x-tar' }));
    return dt;
  });
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: data });
  await expect(page.getByTestId('drop-overlay')).toContainText(
    'Drop an image archive to load it with docker load',
  );
  await page.dispatchEvent('main', 'drop', { dataTransfer: data });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  await expect(page.getByTestId('load-status')).toHaveAttribute('data-phase', 'failed', { timeout: 30_000 });
  expect(await transcript(page)).toContain("docker load -i 'dropped one.tar'");
});
