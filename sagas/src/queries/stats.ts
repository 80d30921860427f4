import type { Knex } from 'knex';
import { SAGA_STATUSES, type SagaStatus } from '../runtime/process-manager.ts';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { OPEN_STATUSES } from './list.ts';

/** Counts and durations of sagas, as {@link sagaStats} returns them. */
export interface SagaStats {
  readonly total: number;
  readonly byStatus: Readonly<Record<SagaStatus, number>>;
  /**
   * Durations (createdAt → endedAt, ms) of the sagas that completed or were compensated:
   * how many, percentiles (continuous, `percentile_cont`) and the longest; null when none.
   */
  readonly durationsMs: {
    readonly count: number;
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
    readonly max: number | null;
  };
  /** Last change of the open saga (running, compensating, parked) idle the longest; null when none. */
  readonly oldestOpenUpdatedAt: Date | null;
}

/**
 * Saga counts per status, duration percentiles of finished sagas, and the oldest open saga,
 * optionally of one process manager (`type`). Three aggregate queries over `saga_instances`.
 */
export async function sagaStats(db: Knex, { type }: { type?: string | null } = {}): Promise<SagaStats> {
  const base = db(SAGA_INSTANCES).modify((q) => {
    if (type) q.where('saga', type);
  });
  const [counts, durations, oldest] = await Promise.all([
    base.clone().select('status').count({ count: '*' }).groupBy('status') as Promise<
      Array<{ status: SagaStatus; count: string }>
    >,
    base
      .clone()
      .whereIn('status', ['completed', 'compensated'])
      .whereNotNull('ended_at')
      .select(
        db.raw('count(*) AS count'),
        db.raw(
          `percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP
             (ORDER BY extract(epoch FROM ended_at - created_at) * 1000) AS percentiles`,
        ),
        db.raw('max(extract(epoch FROM ended_at - created_at) * 1000) AS max'),
      )
      .first() as Promise<{ count: string; percentiles: number[] | null; max: string | null }>,
    base.clone().whereIn('status', OPEN_STATUSES).min({ at: 'updated_at' }).first() as Promise<{
      at: Date | null;
    }>,
  ]);
  const byStatus = Object.fromEntries(SAGA_STATUSES.map((s) => [s, 0])) as Record<SagaStatus, number>;
  for (const r of counts) byStatus[r.status] = Number(r.count);
  const [p50, p95, p99] = durations.percentiles ?? [null, null, null];
  return {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    durationsMs: {
      count: Number(durations.count),
      p50: p50 ?? null,
      p95: p95 ?? null,
      p99: p99 ?? null,
      max: durations.max === null ? null : Number(durations.max),
    },
    oldestOpenUpdatedAt: oldest?.at ?? null,
  };
}
