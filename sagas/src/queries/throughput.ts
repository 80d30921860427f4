import type { Knex } from 'knex';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { integerIn } from './cursor.ts';

/** Sagas started and ended in one time bucket, as {@link sagaThroughput} returns them. */
export interface SagaBucket {
  /** Start of the bucket. */
  readonly start: Date;
  readonly started: number;
  readonly completed: number;
  readonly compensated: number;
  readonly aborted: number;
  /** Duration percentiles (created → ended, ms, `percentile_cont`) of the sagas that ended in the bucket; null when none did. */
  readonly p50DurationMs: number | null;
  readonly p95DurationMs: number | null;
}

/** Filters of {@link sagaThroughput}. */
export interface SagaThroughputInput {
  /** The process manager's name; all when absent. */
  readonly type?: string | null;
  /** Bucket width, seconds, 60..86,400. Default 60. */
  readonly bucketSeconds?: number | null;
  /** How many buckets, 1..500, the last one holding now. Default 60. */
  readonly buckets?: number | null;
}

/**
 * Sagas started (by `created_at`) and ended (by `ended_at`, per terminal status, with duration
 * percentiles) per bucket of `bucketSeconds`, for the last `buckets` buckets up to the database's
 * now, oldest first; buckets are aligned to multiples of `bucketSeconds` since the Unix epoch.
 * Two aggregate queries over the window (indexes on `created_at` and `ended_at`).
 * @throws OrderflowError VALIDATION_FAILED (`details.field`) for a bad bucket size or count.
 */
export async function sagaThroughput(db: Knex, input: SagaThroughputInput = {}): Promise<SagaBucket[]> {
  const width = integerIn(input.bucketSeconds, 60, 60, 86_400, 'bucketSeconds');
  const count = integerIn(input.buckets, 60, 1, 500, 'buckets');
  const { t0 } = (await db
    .select(db.raw('floor(extract(epoch FROM now()) / ?) * ? - ? AS t0', [width, width, (count - 1) * width]))
    .first()) as { t0: string };
  const start = Number(t0);
  const since = db.raw('to_timestamp(?)', [start]);
  const bucket = (column: string) =>
    db.raw(`floor((extract(epoch FROM ${column}) - ?) / ?)::int AS i`, [start, width]);
  const scoped = (q: Knex.QueryBuilder) => (input.type ? q.where('saga', input.type) : q);
  const [started, ended] = await Promise.all([
    scoped(
      db(SAGA_INSTANCES).select(bucket('created_at')).count({ n: '*' }).where('created_at', '>=', since),
    ).groupBy('i') as Promise<Array<{ i: number; n: string }>>,
    scoped(
      db(SAGA_INSTANCES)
        .select(
          bucket('ended_at'),
          db.raw(`count(*) FILTER (WHERE status = 'completed') AS completed`),
          db.raw(`count(*) FILTER (WHERE status = 'compensated') AS compensated`),
          db.raw(`count(*) FILTER (WHERE status = 'aborted') AS aborted`),
          db.raw(
            `percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP
               (ORDER BY extract(epoch FROM ended_at - created_at) * 1000) AS percentiles`,
          ),
        )
        .where('ended_at', '>=', since),
    ).groupBy('i') as Promise<
      Array<{ i: number; completed: string; compensated: string; aborted: string; percentiles: number[] }>
    >,
  ]);
  const buckets: Array<{ -readonly [K in keyof SagaBucket]: SagaBucket[K] }> = Array.from(
    { length: count },
    (_, i) => ({
      start: new Date((start + i * width) * 1000),
      started: 0,
      completed: 0,
      compensated: 0,
      aborted: 0,
      p50DurationMs: null,
      p95DurationMs: null,
    }),
  );
  // Rows past the last bucket (a clock step between the two reads) are left out.
  for (const r of started) if (buckets[r.i]) buckets[r.i]!.started = Number(r.n);
  for (const r of ended) {
    const b = buckets[r.i];
    if (!b) continue;
    b.completed = Number(r.completed);
    b.compensated = Number(r.compensated);
    b.aborted = Number(r.aborted);
    b.p50DurationMs = r.percentiles?.[0] ?? null;
    b.p95DurationMs = r.percentiles?.[1] ?? null;
  }
  return buckets;
}
