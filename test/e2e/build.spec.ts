import { expect, test } from '@playwright/test';
import { openTerminal, transcript, typeLine } from './lib';

// docker build in a real browser: the terminal shows BuildKit's view, the stack view marks the layers
// the build made (BUILT) and, after a rebuild, the ones it took from the build cache (CACHED); the
// build cache survives a reload (IndexedDB).

test('builds an image, marks built and cached layers, and keeps the cache over a reload', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openTerminal(page);
  for (const line of [
    'mkdir app && cd app',
    "echo 'hello' > a.txt",
    `printf 'FROM busybox\\nCOPY a.txt /srv/\\nRUN cat /srv/a.txt > /srv/copy.txt\\nCMD ["cat", "/srv/copy.txt"]\\n' > Dockerfile`,
  ])
    await typeLine(page, line);

  const first = await typeLine(page, 'docker build -t app:1 .');
  // The terminal view: BuildKit's header and its step lines (a tty, so not `--progress plain`).
  expect(first).toContain('[+] Building');
  expect(first).toContain('[2/3] COPY a.txt /srv/');
  expect(first).toContain('naming to docker.io/library/app:1');

  const stack = page.getByRole('region', { name: /stack/i }).first();
  const marks = page.getByTestId('build-mark');
  await expect(marks).toHaveCount(2);
  await expect(marks.first()).toContainText('BUILT');
  await expect(stack.getByTestId('build-step').first()).toBeVisible();

  await page.reload();
  await openTerminal(page);
  await typeLine(page, 'cd app');
  const second = await typeLine(page, 'docker build --progress plain -t app:2 .');
  expect(second.match(/^#\d+ CACHED$/gm)).toHaveLength(3);
  await expect(page.getByTestId('build-mark')).toHaveCount(2);
  for (const m of await page.getByTestId('build-mark').all()) await expect(m).toContainText('CACHED');

  expect(await typeLine(page, 'docker run --rm app:2')).toBe('hello');
  expect(await transcript(page)).not.toContain('internal error');
});
