import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { serviceWorker } from './scripts/sw-plugin.js';

export default defineConfig({
  // svelteTesting() only under vitest: it resolves Svelte's browser build and cleans up after each test.
  plugins: [svelte(), serviceWorker(), ...(process.env.VITEST ? [svelteTesting()] : [])],
  base: './',
  publicDir: 'static',
  build: {
    target: 'es2022',
    sourcemap: true,
    // The entry chunk holds xterm (~290 kB minified), Svelte, the UI and the engine; code needed only by
    // commands (docker, coreutils, archives, commits) is split off with import(). The real budget is
    // the gzipped initial JavaScript, measured by bench/initial-js.bench.ts.
    chunkSizeWarningLimit: 650,
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
