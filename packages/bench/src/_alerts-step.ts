/**
 * One load step of `pnpm bench alerts`: placeOrder at a fixed rate (open loop), every
 * `alertEvery`-th order for one unit of an alert SKU (round robin), the others for one unit of a
 * background SKU that never runs low; then the delays of the step's LowStockAlertRaised events.
 */
import type pg from 'pg';
import type { Arrivals } from './_alerts-listeners.ts';
import type { GraphqlClient } from './_loop-graphql.ts';
import { runStepLoad } from './_loop-load.ts';
import { percentile, round } from './_stats.ts';

/** Delays of one channel: alerts received, missing, and receipt − alert recorded_at P50/P99/max, ms. */
export interface ChannelDelays {
  readonly received: number;
  readonly missing: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** What one step measured. */
export interface AlertStep {
  readonly rate: number;
  readonly placed: number;
  readonly errors: Record<string, number>;
  /** LowStockAlertRaised and LowStockAlertCleared events recorded during the step. */
  readonly raised: number;
  readonly cleared: number;
  readonly subscription: ChannelDelays;
  readonly kafka: ChannelDelays;
  readonly webhook: ChannelDelays;
}

/** What a step runs with. */
export interface AlertStepContext {
  readonly client: GraphqlClient;
  readonly db: pg.Pool;
  readonly arrivals: Arrivals;
  readonly backgroundSkus: readonly string[];
  readonly alertSkus: readonly string[];
  readonly alertEvery: number;
  readonly durationSeconds: number;
  /** Wait after the load for the last deliveries, s. */
  readonly settleSeconds: number;
  readonly runId: string;
  readonly signal: AbortSignal;
}

const head = async (db: pg.Pool): Promise<bigint> =>
  BigInt(
    (await db.query<{ p: string }>('SELECT coalesce(max(position), 0) AS p FROM eventstore.events')).rows[0]!
      .p,
  );

const delays = (
  events: ReadonlyArray<{ key: string; at: number }>,
  arrivals: Map<string, number>,
): ChannelDelays => {
  const samples = events.flatMap((e) => (arrivals.has(e.key) ? [arrivals.get(e.key)! - e.at] : []));
  return {
    received: samples.length,
    missing: events.length - samples.length,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    max: round(samples.length ? Math.max(...samples) : Number.NaN),
  };
};

/**
 * Runs the step, waits `settleSeconds`, then reads the step's alert events (position, event id,
 * recorded_at in ms) from the event store and matches them with the arrivals. The delay of a
 * LowStockAlertRaised is measured from its recorded_at, which is the reservation's: the alert is
 * appended in the same append as the StockReserved that caused it.
 */
export async function runAlertStep(ctx: AlertStepContext, index: number, rate: number): Promise<AlertStep> {
  const from = await head(ctx.db);
  let n = 0;
  const load = await runStepLoad({
    client: ctx.client,
    rate,
    durationSeconds: ctx.durationSeconds,
    key: (i) => `bench-alerts-${ctx.runId}-${index}-${i}`,
    nextOrder: () => {
      const i = n++;
      const sku =
        i % ctx.alertEvery === 0
          ? ctx.alertSkus[(i / ctx.alertEvery) % ctx.alertSkus.length]!
          : ctx.backgroundSkus[i % ctx.backgroundSkus.length]!;
      return {
        customerId: `c-${i % 500}`,
        currency: 'GBP',
        shippingCountry: 'United Kingdom',
        lines: [{ sku, quantity: 1 }],
      };
    },
    signal: ctx.signal,
  });
  await new Promise((resolve) => setTimeout(resolve, ctx.settleSeconds * 1000));
  const to = await head(ctx.db);
  const { rows } = await ctx.db.query<{ event_id: string; position: string; type: string; ms: string }>(
    `SELECT event_id, position, type, floor(extract(epoch FROM recorded_at) * 1000)::int8 AS ms
       FROM eventstore.events
      WHERE type IN ('LowStockAlertRaised', 'LowStockAlertCleared') AND position > $1 AND position <= $2`,
    [from.toString(), to.toString()],
  );
  const raised = rows.filter((r) => r.type === 'LowStockAlertRaised');
  return {
    rate,
    placed: load.orderIds.length,
    errors: load.errors,
    raised: raised.length,
    cleared: rows.length - raised.length,
    subscription: delays(
      raised.map((r) => ({ key: r.position, at: Number(r.ms) })),
      ctx.arrivals.subscription,
    ),
    kafka: delays(
      raised.map((r) => ({ key: r.event_id, at: Number(r.ms) })),
      ctx.arrivals.kafka,
    ),
    webhook: delays(
      raised.map((r) => ({ key: r.event_id, at: Number(r.ms) })),
      ctx.arrivals.webhook,
    ),
  };
}
