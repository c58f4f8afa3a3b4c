// Runs every bench/*.bench.ts (or those whose file name contains an argument) and prints one line per
// result: `RATIO <name> <value> (target <= <t>)`. Exits non-zero if a ratio misses its target or a
// module fails.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type BenchResult = { name: string; value: number; target: number };
type BenchModule = { run?: () => Promise<BenchResult[]> };

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((part) => f.includes(part)))
  .sort();

if (files.length === 0) {
  console.log(
    filters.length ? `no bench/*.bench.ts matches ${filters.join(' ')}` : 'no bench/*.bench.ts yet',
  );
}

let missed = 0;
let broken = 0;
for (const file of files) {
  try {
    const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
    if (typeof mod.run !== 'function') throw new Error('exports no run() function');
    for (const { name, value, target } of await mod.run()) {
      const ok = Number.isFinite(value) && value <= target;
      if (!ok) missed += 1;
      console.log(`RATIO ${name} ${value.toFixed(2)} (target <= ${target})`);
    }
  } catch (err) {
    broken += 1;
    console.error(`bench/${file} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

if (missed || broken) {
  console.error(`${missed} ratio(s) over target, ${broken} module(s) failed`);
  process.exitCode = 1;
}
