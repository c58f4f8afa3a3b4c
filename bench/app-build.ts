// Builds the site the way `npm run build` does, but into a temporary directory (so it never clashes
// with dist/, which the browser tests serve), and reads which scripts a visitor downloads up front.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface AppBuild {
  outDir: string;
  /** Removes the temporary directory. */
  remove(): void;
}

/** `vite build` of the project (its own vite.config.ts) into a fresh temporary directory. */
export async function buildApp(): Promise<AppBuild> {
  const outDir = mkdtempSync(join(tmpdir(), 'layerlab-build-'));
  await build({
    root: ROOT,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  return { outDir, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface ChunkSize {
  file: string;
  /** gzip -9 size in bytes. */
  gzip: number;
}

/**
 * The JavaScript a visitor's browser fetches before any command: the page's entry script and every
 * chunk it imports statically (what the page modulepreloads), not the chunks loaded by import().
 */
export function initialScripts(outDir: string): ChunkSize[] {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
  if (entries.length === 0) throw new Error('the build manifest names no entry chunk');
  // The manifest's entry must be the script index.html loads, or this measures the wrong thing.
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  for (const k of entries) {
    const file = manifest[k]?.file ?? '';
    if (!html.includes(`src="./${file}"`) && !html.includes(`src="/${file}"`))
      throw new Error(`index.html does not load the manifest's entry ${file}`);
  }
  const seen = new Set<string>();
  const todo = [...entries];
  while (todo.length > 0) {
    const k = todo.pop() as string;
    if (seen.has(k)) continue;
    seen.add(k);
    todo.push(...(manifest[k]?.imports ?? []));
  }
  return [...seen]
    .map((k) => manifest[k]?.file ?? '')
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, gzip: gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length }))
    .sort((a, b) => b.gzip - a.gzip);
}
