/** Small helpers shared by the benchmark suites: percentiles, timing, table printing. */

/** The `p`-th percentile (0..100) of `samples` by the nearest-rank method (NIST/Wikipedia). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution (monotonic). */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Rounds to `digits` decimals for printing. */
export const round = (value: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/**
 * Runs `writers` concurrent loops of `op` for `seconds` (after `warmupSeconds` whose operations
 * are not counted) and returns the number of completed operations per second and each
 * operation's latency in ms. `op` gets the writer index and the writer's operation counter.
 */
export async function runClosedLoop(
  writers: number,
  seconds: number,
  op: (writer: number, i: number) => Promise<void>,
  warmupSeconds = 0.5,
): Promise<{ opsPerSecond: number; latencies: number[]; ops: number }> {
  const latencies: number[] = [];
  const start = nowMs();
  const measureFrom = start + warmupSeconds * 1000;
  const end = measureFrom + seconds * 1000;
  let ops = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; ; i++) {
        const t0 = nowMs();
        if (t0 >= end) return;
        await op(w, i);
        const t1 = nowMs();
        if (t0 >= measureFrom && t1 <= end) {
          latencies.push(t1 - t0);
          ops++;
        }
      }
    }),
  );
  return { opsPerSecond: ops / seconds, latencies, ops };
}

/** Prints rows as an aligned text table (also valid Markdown). */
export function printTable(
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | number>>,
): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: ReadonlyArray<string | number>) =>
    `| ${r.map((c, i) => String(c).padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
