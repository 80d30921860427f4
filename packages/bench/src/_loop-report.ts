/** Tables and the closing JSON line of `pnpm bench loop`. */
import type { CeilingResult } from './_loop-ceiling.ts';
import type { IdleCost, StepResult } from './_loop-step.ts';
import { stepSustained } from './_loop-summary.ts';
import { printTable, round } from './_stats.ts';

/** A number for a table: rounded, or `n/a` for null and NaN. */
const fmt = (value: number | null, digits = 1): string =>
  value === null || Number.isNaN(value) ? 'n/a' : String(round(value, digits));

/** JSON keeps null for what is unknown (JSON.stringify already turns NaN into null). */
const num = (value: number | null, digits = 2): number | null =>
  value === null || Number.isNaN(value) ? null : round(value, digits);

const errorText = (errors: Record<string, number>): string =>
  Object.entries(errors)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ') || 'none';

/** Cost of one step per placed order: CPU ms per process group, Postgres work, commits/s. */
export interface PerOrder {
  readonly cpu: {
    readonly server: number;
    readonly postgres: number | null;
    readonly bench: number;
    readonly total: number;
  };
  readonly commits: number;
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  readonly rows: number;
  readonly walRecords: number;
  readonly walBytes: number;
  readonly walSyncs: number | null;
  /** All commits of the step ÷ (first scheduled send → end of settle). */
  readonly commitsPerSecond: number;
}

/** Divides a step's CPU and Postgres counters by its placed orders (NaN when none was placed). */
export function perOrder(step: StepResult): PerOrder {
  const n = step.placed || Number.NaN;
  const { pg, cpuMs } = step;
  const postgres = cpuMs.postgres === null ? null : cpuMs.postgres / n;
  return {
    cpu: {
      server: cpuMs.server / n,
      postgres,
      bench: cpuMs.bench / n,
      total: (cpuMs.server + (cpuMs.postgres ?? 0) + cpuMs.bench) / n,
    },
    commits: pg.commits / n,
    inserted: pg.inserted / n,
    updated: pg.updated / n,
    deleted: pg.deleted / n,
    rows: (pg.inserted + pg.updated + pg.deleted) / n,
    walRecords: pg.walRecords / n,
    walBytes: pg.walBytes / n,
    walSyncs: pg.walSyncs === null ? null : pg.walSyncs / n,
    commitsPerSecond: pg.commits / step.windowSeconds,
  };
}

/** Prints one step as a two-column table. */
export function printStep(step: StepResult): void {
  const c = perOrder(step);
  const { loop, place, push } = step;
  console.log(`\nstep ${step.index + 1}: ${step.rate} orders/s offered for ${step.durationSeconds} s`);
  printTable(
    ['figure', 'value'],
    [
      ['scheduled / sent / placed', `${step.scheduled} / ${step.sent} / ${step.placed}`],
      ['placement rate achieved', `${fmt(step.achievedRate)} orders/s`],
      ['placeOrder errors', errorText(step.errors)],
      [
        'placeOrder from schedule P50 / P99 / max',
        `${fmt(place.p50)} / ${fmt(place.p99)} / ${fmt(place.max)} ms`,
      ],
      ['client send lag P99', `${fmt(step.sendLagP99)} ms`],
      ['OrderCreated → end P50 / P99 / max', `${fmt(loop.p50)} / ${fmt(loop.p99)} / ${fmt(loop.max)} ms`],
      ['confirmed / cancelled / not terminal', `${loop.confirmed} / ${loop.cancelled} / ${loop.notTerminal}`],
      [
        'sustained',
        `${fmt(loop.sustainedRate)} orders/s (${loop.completed} in ${fmt(loop.sustainedSeconds, 2)} s) ${stepSustained({ rate: step.rate, sustainedRate: loop.sustainedRate, loopP99: loop.p99 }) ? 'sustained' : 'NOT sustained'}`,
      ],
      ['settle after the last response', `${fmt(step.settleSeconds, 2)} s`],
      [
        'status push P50 / P99 (received / followed)',
        `${fmt(push.p50)} / ${fmt(push.p99)} ms (${push.received} / ${push.subscribed}${push.errors ? `, ${push.errors} errors` : ''})`,
      ],
      [
        'CPU ms/order server / postgres / bench = total',
        `${fmt(c.cpu.server, 2)} / ${fmt(c.cpu.postgres, 2)} / ${fmt(c.cpu.bench, 2)} = ${fmt(c.cpu.total, 2)}`,
      ],
      [
        'commits/order, commits/s',
        `${fmt(c.commits, 2)}, ${fmt(c.commitsPerSecond, 0)} (rollbacks ${step.pg.rollbacks})`,
      ],
      [
        'rows/order inserted / updated / deleted',
        `${fmt(c.inserted, 2)} / ${fmt(c.updated, 2)} / ${fmt(c.deleted, 2)} = ${fmt(c.rows, 2)}`,
      ],
      [
        'WAL/order records / bytes / syncs',
        `${fmt(c.walRecords, 1)} / ${fmt(c.walBytes, 0)} / ${fmt(c.walSyncs, 2)}`,
      ],
    ],
  );
}

/** Prints the summary of every step, the cost table and the ceiling. */
export function printSummary(
  steps: readonly StepResult[],
  ceiling: readonly CeilingResult[],
  highest: number | null,
): void {
  console.log('\nsummary (latencies ms, rates orders/s)');
  printTable(
    [
      'offered',
      'placed',
      'achieved',
      'place P50',
      'place P99',
      'place max',
      'loop P50',
      'loop P99',
      'push P99',
      'sustained',
      'not ended',
      'errors',
      'verdict',
    ],
    steps.map((s) => [
      s.rate,
      s.placed,
      fmt(s.achievedRate),
      fmt(s.place.p50),
      fmt(s.place.p99),
      fmt(s.place.max),
      fmt(s.loop.p50),
      fmt(s.loop.p99),
      fmt(s.push.p99),
      fmt(s.loop.sustainedRate),
      s.loop.notTerminal,
      Object.values(s.errors).reduce((a, b) => a + b, 0),
      stepSustained({ rate: s.rate, sustainedRate: s.loop.sustainedRate, loopP99: s.loop.p99 })
        ? 'sustained'
        : 'no',
    ]),
  );
  console.log('\ncost per placed order');
  printTable(
    [
      'offered',
      'CPU server ms',
      'CPU postgres ms',
      'CPU bench ms',
      'CPU total ms',
      'commits',
      'commits/s',
      'rows',
      'WAL records',
      'WAL bytes',
      'WAL syncs',
    ],
    steps.map((s) => {
      const c = perOrder(s);
      return [
        s.rate,
        fmt(c.cpu.server, 2),
        fmt(c.cpu.postgres, 2),
        fmt(c.cpu.bench, 2),
        fmt(c.cpu.total, 2),
        fmt(c.commits, 2),
        fmt(c.commitsPerSecond, 0),
        fmt(c.rows, 2),
        fmt(c.walRecords, 1),
        fmt(c.walBytes, 0),
        fmt(c.walSyncs, 2),
      ];
    }),
  );
  if (ceiling.length) {
    console.log('\nraw Postgres ceiling (8 events per order, plain pg, same server)');
    printTable(
      ['mode', 'orders', 'seconds', 'orders/s', 'commits/s'],
      ceiling.map((r) => [
        r.mode,
        r.orders,
        fmt(r.seconds, 1),
        fmt(r.ordersPerSecond, 0),
        fmt(r.commitsPerSecond, 0),
      ]),
    );
  }
  console.log(
    `\nhighest sustained rate (≥ 95 % of offered, loop P99 ≤ 1 s): ${highest === null ? 'none of the steps' : `${highest} orders/s`}`,
  );
}

/** The closing JSON line: headline figures per step, the ceiling and the highest sustained rate. */
export function jsonLine(
  steps: readonly StepResult[],
  ceiling: readonly CeilingResult[],
  highest: number | null,
  context: Record<string, unknown>,
): string {
  const ceilingOf = (mode: CeilingResult['mode']) => ceiling.find((r) => r.mode === mode);
  return JSON.stringify({
    steps: steps.map((s) => {
      const c = perOrder(s);
      return {
        rate: s.rate,
        placed: s.placed,
        achieved: num(s.achievedRate, 1),
        place_p50_ms: num(s.place.p50, 1),
        place_p99_ms: num(s.place.p99, 1),
        place_max_ms: num(s.place.max, 1),
        loop_p50_ms: num(s.loop.p50, 1),
        loop_p99_ms: num(s.loop.p99, 1),
        push_p99_ms: num(s.push.p99, 1),
        sustained: num(s.loop.sustainedRate, 1),
        not_terminal: s.loop.notTerminal,
        errors: s.errors,
        cpu_ms_per_order: {
          server: num(c.cpu.server),
          postgres: num(c.cpu.postgres),
          bench: num(c.cpu.bench),
          total: num(c.cpu.total),
        },
        commits_per_order: num(c.commits),
        commits_per_s: num(c.commitsPerSecond, 0),
        rows_per_order: num(c.rows),
        wal_bytes_per_order: num(c.walBytes, 0),
        wal_syncs_per_order: num(c.walSyncs),
      };
    }),
    highest_sustained_rate: highest,
    ceiling: ceiling.length
      ? {
          unbatched_orders_per_s: num(ceilingOf('unbatched')?.ordersPerSecond ?? null, 0),
          unbatched_commits_per_s: num(ceilingOf('unbatched')?.commitsPerSecond ?? null, 0),
          batched_orders_per_s: num(ceilingOf('batched')?.ordersPerSecond ?? null, 0),
          batched_commits_per_s: num(ceilingOf('batched')?.commitsPerSecond ?? null, 0),
        }
      : null,
    ...context,
  });
}

/** Prints the idle baseline: what the server costs per second with no orders. */
export function printIdle(idle: IdleCost): void {
  console.log(`\nidle baseline: ${fmt(idle.seconds, 1)} s with no load (per second)`);
  printTable(
    ['CPU server ms/s', 'CPU postgres ms/s', 'CPU bench ms/s', 'commits/s', 'rows/s', 'WAL bytes/s'],
    [
      [
        fmt(idle.cpuMsPerSecond.server),
        fmt(idle.cpuMsPerSecond.postgres),
        fmt(idle.cpuMsPerSecond.bench),
        fmt(idle.commitsPerSecond),
        fmt(idle.rowsPerSecond),
        fmt(idle.walBytesPerSecond, 0),
      ],
    ],
  );
}

/** The idle baseline for the JSON line. */
export const idleJson = (idle: IdleCost) => ({
  cpu_ms_per_s: {
    server: num(idle.cpuMsPerSecond.server, 1),
    postgres: num(idle.cpuMsPerSecond.postgres, 1),
    bench: num(idle.cpuMsPerSecond.bench, 1),
  },
  commits_per_s: num(idle.commitsPerSecond, 1),
  wal_bytes_per_s: num(idle.walBytesPerSecond, 0),
});
