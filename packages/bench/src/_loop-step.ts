/**
 * One rate step of `pnpm bench loop`: load, settle, then read what it cost. The order of
 * reads matters: CPU is sampled when the step's last order ended (or the settle timed out),
 * Postgres' counters `statsWait` seconds later (they are flushed about once a second), and
 * only then does the bench query the event store for the loop times, so its own queries stay
 * out of the step's figures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { orderLoops, waitTerminal } from './_loop-events.ts';
import type { GraphqlClient } from './_loop-graphql.ts';
import { runStepLoad } from './_loop-load.ts';
import type { PlaceOrderInput } from './_loop-orders.ts';
import { counterDelta, readPgCounters, type PgCounters } from './_loop-pgstats.ts';
import { cpuTicksByGroup, readProcesses, type CpuRoots, type CpuTicks } from './_loop-proc.ts';
import type { PushSampler } from './_loop-push.ts';
import { progress } from './_loop-log.ts';
import { summariseLoops, type LoopSummary } from './_loop-summary.ts';
import { percentile } from './_stats.ts';

/** What every step shares. */
export interface StepContext {
  readonly client: GraphqlClient;
  /** A small pool on the server's database (stats and event-store reads). */
  readonly db: pg.Pool;
  readonly push: PushSampler;
  readonly nextOrder: () => PlaceOrderInput;
  /** Makes idempotency keys unique across runs against a kept database. */
  readonly runId: string;
  readonly cpuRoots: CpuRoots;
  readonly ticksPerSecond: number;
  readonly durationSeconds: number;
  readonly settleTimeoutSeconds: number;
  readonly statsWaitSeconds: number;
  readonly pushEvery: number;
  readonly pushMax: number;
  readonly signal?: AbortSignal;
}

/** Everything measured in one step (latencies in ms, rates per second, CPU in ms). */
export interface StepResult {
  readonly index: number;
  /** Offered rate, orders/s. */
  readonly rate: number;
  readonly durationSeconds: number;
  readonly scheduled: number;
  readonly sent: number;
  /** Successful placeOrder calls. */
  readonly placed: number;
  /** placed ÷ (last successful response − first scheduled send). */
  readonly achievedRate: number;
  /** placeOrder, scheduled send → response, successful calls only. */
  readonly place: { readonly p50: number; readonly p99: number; readonly max: number };
  /** P99 of actual − scheduled send: above a few ms the client itself was behind. */
  readonly sendLagP99: number;
  readonly errors: Record<string, number>;
  /** Event-store view: OrderCreated → terminal, sustained rate, orders not terminal. */
  readonly loop: LoopSummary;
  /** End of the load's responses → all orders terminal (or the deadline), s. */
  readonly settleSeconds: number;
  readonly push: {
    readonly subscribed: number;
    readonly received: number;
    readonly errors: number;
    readonly p50: number;
    readonly p99: number;
  };
  /** CPU used from the step's start to its settle, ms (postgres null when not on this machine). */
  readonly cpuMs: { readonly server: number; readonly postgres: number | null; readonly bench: number };
  /** Postgres counter deltas over the step (before the load → statsWait after its settle). */
  readonly pg: PgCounters;
  /** First scheduled send → end of settle, s (the denominator of commits/s). */
  readonly windowSeconds: number;
}

const sampleCpu = (roots: CpuRoots): CpuTicks => cpuTicksByGroup(readProcesses(), roots);

/** Runs step `index` at `rate` orders/s (see the module comment for the sequence). */
export async function runStep(ctx: StepContext, index: number, rate: number): Promise<StepResult> {
  const cpuBefore = sampleCpu(ctx.cpuRoots);
  const pgBefore = await readPgCounters(ctx.db);
  let placedSoFar = 0;
  let followed = 0;
  const load = await runStepLoad({
    client: ctx.client,
    rate,
    durationSeconds: ctx.durationSeconds,
    nextOrder: ctx.nextOrder,
    key: (i) => `loop-${ctx.runId}-${index}-${i}`,
    signal: ctx.signal,
    onPlaced: (orderId) => {
      if (++placedSoFar % ctx.pushEvery !== 0 || followed >= ctx.pushMax) return;
      followed++;
      ctx.push.follow(index, orderId);
    },
  });
  const settleStarted = Date.now();
  const deadline = load.firstSendAt + (ctx.durationSeconds + ctx.settleTimeoutSeconds) * 1000;
  progress(
    `sent ${load.sent}, placed ${load.orderIds.length}; waiting for every order to end (until ${Math.round((deadline - Date.now()) / 1000)} s from now)…`,
  );
  const open = await waitTerminal(ctx.db, load.orderIds, deadline, ctx.signal, (n) =>
    progress(`settle: ${n} orders still open after ${Math.round((Date.now() - settleStarted) / 1000)} s`),
  );
  if (ctx.signal?.aborted) throw new Error('interrupted');
  const settleEnded = Date.now();
  const cpuAfter = sampleCpu(ctx.cpuRoots);
  await Promise.all([sleep(ctx.statsWaitSeconds * 1000), ctx.push.drain(index, ctx.statsWaitSeconds * 1000)]);
  const pgAfter = await readPgCounters(ctx.db);
  const loop = summariseLoops(await orderLoops(ctx.db, load.orderIds), load.firstSendAt, deadline);
  if (open.length) progress(`${open.length} orders were not terminal at the deadline`);

  const ms = (ticks: number) => (ticks * 1000) / ctx.ticksPerSecond;
  const push = ctx.push.sample(index);
  const placed = load.orderIds.length;
  return {
    index,
    rate,
    durationSeconds: ctx.durationSeconds,
    scheduled: load.scheduled,
    sent: load.sent,
    placed,
    achievedRate: placed ? placed / Math.max(1e-3, (load.lastResponseAt - load.firstSendAt) / 1000) : 0,
    place: {
      p50: percentile(load.latencies, 50),
      p99: percentile(load.latencies, 99),
      max: load.latencies.length ? load.latencies.reduce((m, x) => Math.max(m, x)) : Number.NaN,
    },
    sendLagP99: percentile(load.sendLags, 99),
    errors: load.errors,
    loop,
    settleSeconds: (settleEnded - settleStarted) / 1000,
    push: {
      subscribed: push.subscribed,
      received: push.received,
      errors: push.errors,
      p50: percentile(push.delays, 50),
      p99: percentile(push.delays, 99),
    },
    cpuMs: {
      server: ms(cpuAfter.server - cpuBefore.server),
      postgres:
        cpuAfter.postgres === null || cpuBefore.postgres === null
          ? null
          : ms(cpuAfter.postgres - cpuBefore.postgres),
      bench: ms(cpuAfter.bench - cpuBefore.bench),
    },
    pg: counterDelta(pgBefore, pgAfter),
    windowSeconds: (settleEnded - load.firstSendAt) / 1000,
  };
}

/** What the server costs with no load at all: rates per second over an idle interval. */
export interface IdleCost {
  readonly seconds: number;
  /** CPU ms per second of wall time, per group (postgres null when not on this machine). */
  readonly cpuMsPerSecond: {
    readonly server: number;
    readonly postgres: number | null;
    readonly bench: number;
  };
  readonly commitsPerSecond: number;
  readonly rowsPerSecond: number;
  readonly walBytesPerSecond: number;
}

/**
 * Measures the idle server for `seconds` (after `statsWaitSeconds`, so what came before is
 * flushed): its background work (pollers, timers) is in every step's figures too, so this says
 * how much of a step's cost per order is there without orders.
 */
export async function measureIdle(ctx: StepContext, seconds: number): Promise<IdleCost> {
  await sleep(ctx.statsWaitSeconds * 1000);
  const cpuBefore = sampleCpu(ctx.cpuRoots);
  const pgBefore = await readPgCounters(ctx.db);
  const started = Date.now();
  await sleep(seconds * 1000);
  const cpuAfter = sampleCpu(ctx.cpuRoots);
  const pgAfter = await readPgCounters(ctx.db);
  const elapsed = (Date.now() - started) / 1000;
  const perSecond = (ticks: number) => (ticks * 1000) / ctx.ticksPerSecond / elapsed;
  const pg = counterDelta(pgBefore, pgAfter);
  return {
    seconds: elapsed,
    cpuMsPerSecond: {
      server: perSecond(cpuAfter.server - cpuBefore.server),
      postgres:
        cpuAfter.postgres === null || cpuBefore.postgres === null
          ? null
          : perSecond(cpuAfter.postgres - cpuBefore.postgres),
      bench: perSecond(cpuAfter.bench - cpuBefore.bench),
    },
    commitsPerSecond: pg.commits / elapsed,
    rowsPerSecond: (pg.inserted + pg.updated + pg.deleted) / elapsed,
    walBytesPerSecond: pg.walBytes / elapsed,
  };
}
