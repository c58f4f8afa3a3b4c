import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';

type Violation = { directive: string; blockedURI: string };

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

test('the page loads with its title, both regions and no console errors', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');

  await expect(page).toHaveTitle('Layer Lab');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Layer Lab' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Terminal' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Stack' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Ready.');

  // The two regions sit side by side on a projector-sized screen.
  const terminal = await page.getByRole('region', { name: 'Terminal' }).boundingBox();
  const stack = await page.getByRole('region', { name: 'Stack' }).boundingBox();
  expect(terminal && stack && terminal.x + terminal.width <= stack.x).toBe(true);

  expect(errors).toEqual([]);
});

test('the Content-Security-Policy meta forbids inline script and eval', async ({ page }) => {
  await page.goto('/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  const scriptSrc = csp?.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toMatch(/'unsafe-eval'/);
});

test('an inline script injected through the DOM is blocked by the CSP', async ({ page }) => {
  await page.goto('/');
  const violation = await page.evaluate(
    () =>
      new Promise<Violation>((resolve) => {
        document.addEventListener(
          'securitypolicyviolation',
          (e) => resolve({ directive: e.effectiveDirective, blockedURI: e.blockedURI }),
          { once: true },
        );
        const script = document.createElement('script');
        script.textContent = 'document.documentElement.dataset.inlineRan = "yes";';
        document.body.append(script);
        // An inline script runs synchronously on append: if it ran, no violation will ever come.
        if (document.documentElement.dataset.inlineRan === 'yes')
          resolve({ directive: 'none', blockedURI: '' });
      }),
  );

  expect(violation).toEqual({ directive: 'script-src-elem', blockedURI: 'inline' });
  await expect(page.locator('html')).not.toHaveAttribute('data-inline-ran', 'yes');
});

// DevTools evaluation is exempt from CSP, so the probe runs as a same-origin script the page loads itself.
test('eval and new Function in page code are refused by the CSP', async ({ page }) => {
  const probe = `
    const attempt = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
    document.documentElement.dataset.evalProbe =
      attempt(() => (0, eval)('1 + 1')) + ' ' + attempt(() => new Function('return 1')());
  `;
  await page.route('**/csp-probe.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: probe }),
  );
  await page.goto('/');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.src = './csp-probe.js';
    document.body.append(script);
  });

  await expect(page.locator('html')).toHaveAttribute('data-eval-probe', 'EvalError EvalError');
});
