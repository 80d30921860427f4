import type { Knex } from 'knex';
import { SAGA_INSTANCES, SAGA_STEPS } from '../runtime/tables.ts';
import { SUMMARY_COLUMNS, toSummary, type SagaSummary, type SummaryRow } from './views.ts';

/** Options of {@link watchSagaChanges}. */
export interface WatchSagaChangesOptions {
  /** Called with the sagas that logged a step since the last call (their state after it). */
  readonly onChanges: (sagas: readonly SagaSummary[]) => void;
  /** Poll interval, ms. Default 250. */
  readonly intervalMs?: number;
  /**
   * How long a step-log sequence number may commit after a higher one and still be seen, ms.
   * Default 5,000. Identity values are taken at insert and commit in any order, so every poll
   * re-reads (and skips the ones it saw) the steps since the highest number seen this long
   * ago, at most {@link MAX_LOOKBACK_STEPS} of them.
   */
  readonly lookbackMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** The most step-log rows a poll re-reads to catch late commits (bounds the cost under load). */
export const MAX_LOOKBACK_STEPS = 10_000;
const MAX_ROWS_PER_POLL = 20_000;

/** A running watch; `stop()` resolves after the poll in progress. */
export interface SagaChangeWatch {
  stop(): Promise<void>;
}

/**
 * Watches the step log (`saga_steps`) for sagas that changed — a runtime step or an operator
 * action from any process — and reports each changed saga once per poll with its current summary.
 * Starts at the log's current end (no history). Sequence numbers commit out of order, so a poll
 * reads from a low watermark `lookbackMs` behind (see {@link WatchSagaChangesOptions.lookbackMs})
 * and skips the numbers it has seen: a step whose transaction commits later than that is missed.
 */
export async function watchSagaChanges(db: Knex, options: WatchSagaChangesOptions): Promise<SagaChangeWatch> {
  const interval = options.intervalMs ?? 250;
  const lookback = options.lookbackMs ?? 5000;
  const { max } = (await db(SAGA_STEPS).max({ max: 'seq' }).first()) as { max: string | null };
  let high = BigInt(max ?? 0);
  // (time, high) of past polls: the low watermark is the high of the last poll older than `lookback`.
  const marks: Array<{ at: number; high: bigint }> = [{ at: Date.now(), high }];
  const seen = new Set<string>();
  let running = true;
  let current: Promise<void> = Promise.resolve();

  const poll = async () => {
    const now = Date.now();
    while (marks.length > 1 && marks[1]!.at <= now - lookback) marks.shift();
    let low = marks[0]!.high;
    if (high - low > BigInt(MAX_LOOKBACK_STEPS)) low = high - BigInt(MAX_LOOKBACK_STEPS);
    const rows = (await db(SAGA_STEPS)
      .select('seq', 'saga', 'instance_id')
      .where('seq', '>', low.toString())
      .orderBy('seq')
      .limit(MAX_ROWS_PER_POLL)) as Array<{ seq: string; saga: string; instance_id: string }>;
    const changed = new Map<string, [string, string]>();
    for (const r of rows) {
      if (seen.has(r.seq)) continue;
      seen.add(r.seq);
      const seq = BigInt(r.seq);
      if (seq > high) high = seq;
      changed.set(`${r.saga}\u0000${r.instance_id}`, [r.saga, r.instance_id]);
    }
    for (const s of seen) if (BigInt(s) <= low) seen.delete(s);
    marks.push({ at: now, high });
    if (changed.size === 0) return;
    const summaries = (await db(SAGA_INSTANCES)
      .select(SUMMARY_COLUMNS)
      .whereIn(['saga', 'instance_id'], [...changed.values()])) as SummaryRow[];
    options.onChanges(summaries.map(toSummary));
  };

  const loop = async () => {
    while (running) {
      current = poll().catch((error: unknown) => options.onError?.(error));
      await current;
      await new Promise((resolve) => setTimeout(resolve, interval).unref());
    }
  };
  void loop();
  return {
    async stop() {
      running = false;
      await current;
    },
  };
}
