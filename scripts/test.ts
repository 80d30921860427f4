/**
 * Runs the uvu test files of the workspace, by tier: `unit` (*.unit.test.ts, pure),
 * `int` (*.int.test.ts, real Postgres/Redis), `e2e` (*.e2e.test.ts, the server through GraphQL),
 * `chaos` (*.chaos.test.ts: `orderflow serve` processes under load while their database, Redis
 * or the process itself fails; a few minutes). With no argument (or `all`), unit, int and e2e in
 * that order; the chaos tier runs only when named (`.ci/run` runs it after the others). Ends with
 * the line "N passed, N failed, N skipped" and a non-zero exit code when anything failed.
 *
 *   pnpm test            # unit, int, e2e
 *   pnpm test unit       # one tier
 *   pnpm test int orders # one tier, files whose path contains "orders"
 *   pnpm test chaos      # the fault-injection tier
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const tiers = ['unit', 'int', 'e2e', 'chaos'] as const;
/** The tiers of `pnpm test` without a tier: the chaos tier takes minutes and runs on its own. */
const defaultTiers = ['unit', 'int', 'e2e'];
const [tierArg, filter] = process.argv.slice(2);
const selected = tierArg && tierArg !== 'all' ? [tierArg] : defaultTiers;
for (const tier of selected) {
  if (!(tiers as readonly string[]).includes(tier)) {
    console.error(`unknown test tier "${tier}"; use one of: ${tiers.join(', ')}, all`);
    process.exit(2);
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

const files = [...walk(root)]
  .map((file) => relative(root, file))
  .filter((file) => selected.some((tier) => file.endsWith(`.${tier}.test.ts`)))
  .filter((file) => !filter || file.includes(filter))
  .sort(
    (a, b) =>
      tiers.findIndex((t) => a.endsWith(`.${t}.test.ts`)) -
        tiers.findIndex((t) => b.endsWith(`.${t}.test.ts`)) || a.localeCompare(b),
  );

// uvu prints "Total/Passed/Skipped"; keep a copy of its output to print the closing line.
let output = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
  output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  if (output.length > 100_000) output = output.slice(-10_000);
  return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
}) as typeof process.stdout.write;

const { run } = (await import('uvu/run' as string)) as {
  run: (suites: { name: string; file: string }[], opts?: object) => Promise<void>;
};
await run(files.map((file) => ({ name: file, file: join(root, file) })));

// eslint-disable-next-line no-control-regex
const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? 0);
const total = count('Total');
const passed = count('Passed');
const skipped = count('Skipped');
process.stdout.write = write;
console.log(`${passed} passed, ${total - passed} failed, ${skipped} skipped`);
if (files.length === 0) {
  console.error('no test files matched');
  process.exitCode = 1;
}
