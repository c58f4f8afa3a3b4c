// initial-js: the JavaScript a visitor downloads before any command (the entry script and the chunks
// it imports statically), gzip -9, in kB (1000 bytes, as vite reports sizes), over the 170 kB budget.

import { buildApp, initialScripts } from './app-build';

const BUDGET_KB = 170;

export async function run() {
  const app = await buildApp();
  try {
    const chunks = initialScripts(app.outDir);
    const kb = chunks.reduce((n, c) => n + c.gzip, 0) / 1000;
    const parts = chunks.map((c) => `${c.file.replace(/^assets\//, '')} ${(c.gzip / 1000).toFixed(1)}`);
    process.stderr.write(`initial-js: ${kb.toFixed(1)} kB gz = ${parts.join(' + ')}\n`);
    return [{ name: 'initial-js', value: kb / BUDGET_KB, target: 1 }];
  } finally {
    app.remove();
  }
}
