import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (downloads are blocked where this project is built).
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// scripts/test.mjs reads this file to count the browser tests.
export const PLAYWRIGHT_JSON = 'playwright-report/results.json';

// How Chromium is started for the browser tests and the frame benchmark alike.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'test/e2e',
  forbidOnly: process.env.CI === 'true',
  retries: 0,
  timeout: 30_000,
  reporter: [['list'], ['json', { outputFile: PLAYWRIGHT_JSON }]],
  use: {
    baseURL: 'http://127.0.0.1:4173',
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: CHROMIUM_ARGS,
    },
  },
  // Serves the built dist/: run `npm run build` first (scripts/test.mjs and `npm run test:e2e` do).
  webServer: {
    command: 'npx vite preview --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173',
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
