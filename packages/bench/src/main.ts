/**
 * `pnpm bench <suite> [options]`: runs one benchmark suite (a file `<suite>.ts` beside this one
 * whose default export takes the remaining arguments). Each suite prints a table and ends with
 * one line of JSON holding its headline figures, for BENCHMARKS.md and for scripts.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const suites = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'main.ts' && !f.includes('.test.') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();

const [suite, ...args] = process.argv.slice(2);
if (!suite || !suites.includes(suite)) {
  console.error(`usage: pnpm bench <suite> [options]\nsuites: ${suites.join(', ') || '(none)'}`);
  process.exit(2);
}
const module = (await import(`./${suite}.ts`)) as { default: (args: string[]) => Promise<void> };
await module.default(args);
