import { type ReadStreamOptions, type RecordedEvent } from '@orderflow/core';
import { streamNotFound, validateMaxCount, type AllFilter } from '@orderflow/eventstore';
import type pg from 'pg';
import { HORIZON_SQL } from './position.ts';
import { EVENT_COLUMNS, EVENT_TYPES, toRecordedEvent } from './rows.ts';
import type { EventStoreTables } from './schema.ts';

/** Events of one stream in revision order; STREAM_NOT_FOUND when the stream does not exist. */
export async function readStream(
  pool: pg.Pool,
  t: EventStoreTables,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  validateMaxCount(options.maxCount);
  const backwards = options.direction === 'backwards';
  const params: unknown[] = [stream];
  let where = 'stream_name = $1';
  if (options.fromRevision !== undefined) {
    params.push(options.fromRevision.toString());
    where += backwards ? ` AND revision <= $2` : ` AND revision >= $2`;
  }
  const limit = options.maxCount !== undefined ? ` LIMIT ${options.maxCount}` : '';
  const { rows } = await pool.query<unknown[]>({
    text: `SELECT ${EVENT_COLUMNS} FROM ${t.events} WHERE ${where} ORDER BY revision ${backwards ? 'DESC' : 'ASC'}${limit}`,
    values: params,
    rowMode: 'array',
    types: EVENT_TYPES,
  });
  if (rows.length === 0) {
    const exists = await pool.query(`SELECT 1 FROM ${t.streams} WHERE stream_name = $1`, [stream]);
    if (exists.rowCount === 0) throw streamNotFound(stream);
  }
  return rows.map((row) => toRecordedEvent(row));
}

/** One page of `$all` and what the read learned about the log. */
export interface AllPage {
  readonly events: RecordedEvent[];
  /** Exclusive bound below which every event is committed and was considered by this read. */
  readonly horizon: bigint;
  /** Highest committed position, possibly above the horizon (then events are held back). */
  readonly head: bigint;
}

const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Reads up to `maxCount` events after `after`, below the gap-safe horizon (see position.ts),
 * applying the filter in SQL.
 */
export async function readAllPage(
  pool: pg.Pool,
  t: EventStoreTables,
  after: bigint,
  maxCount: number,
  filter: AllFilter = {},
): Promise<AllPage> {
  validateMaxCount(maxCount);
  const params: unknown[] = [after.toString(), maxCount];
  let where = 'position > $1 AND position < h.horizon';
  if (filter.streamPrefixes) {
    params.push(filter.streamPrefixes.map(likePrefix));
    where += ` AND stream_name LIKE ANY($${params.length}::text[])`;
  }
  let page = `SELECT ${EVENT_COLUMNS} FROM ${t.events} WHERE ${where} ORDER BY position LIMIT $2`;
  if (filter.eventTypes) {
    // One ordered range scan of the (type, position) index per type, merged, then the rows of
    // the first maxCount positions: bounded work per page however long the log is. A single
    // `type = ANY(…)` scan would collect every matching row after `after` and sort them.
    // The inner limit is `(SELECT $2::bigint)` so that the planner cannot see it: without column
    // statistics (before the first ANALYZE) it estimates the range as a few dozen rows and,
    // seeing the limit exceed them, picks a bitmap scan of everything after `after` plus a sort,
    // 20× slower far from the head (the first five, custom-planned, reads of each connection).
    params.push(filter.eventTypes);
    page = `SELECT ${EVENT_COLUMNS} FROM ${t.events} WHERE position IN (
        SELECT p.position FROM unnest($${params.length}::text[]) AS f(type)
        CROSS JOIN LATERAL (
          SELECT position FROM ${t.events} WHERE type = f.type AND ${where} ORDER BY position LIMIT (SELECT $2::bigint)
        ) p ORDER BY p.position LIMIT $2
      ) ORDER BY position`;
  }
  // Each row is [horizon, head, ...EVENT_COLUMNS]; one row of nulls after the two when no event.
  // `h` is MATERIALIZED so that the horizon (a read of pg_stat_activity when transactions are in
  // progress) is computed once, not again inside every per-type scan.
  const { rows } = await pool.query<unknown[]>({
    // Subscriptions run this on every wake-up: a named (prepared) statement per filter shape.
    name: `orderflow-read-all:${t.schema}:${filter.eventTypes ? 't' : ''}${filter.streamPrefixes ? 's' : ''}`,
    text: `WITH h AS MATERIALIZED (SELECT ${HORIZON_SQL} AS horizon, (SELECT max(position) FROM ${t.events}) AS head)
     SELECT h.horizon, h.head, e.* FROM h LEFT JOIN LATERAL (${page}) e ON true`,
    values: params,
    rowMode: 'array',
    types: EVENT_TYPES,
  });
  const first = rows[0]!;
  const events: RecordedEvent[] = [];
  if (first[2] != null) for (const row of rows) events.push(toRecordedEvent(row, 2));
  const head = first[1] as string | null;
  return { events, horizon: BigInt(first[0] as string), head: head == null ? 0n : BigInt(head) };
}

/** Highest position below the horizon, 0n for an empty store. */
export async function headPosition(pool: pg.Pool, t: EventStoreTables): Promise<bigint> {
  const { rows } = await pool.query<{ head: string | null }>(
    `SELECT max(position) AS head FROM ${t.events} WHERE position < ${HORIZON_SQL}`,
  );
  return rows[0]?.head == null ? 0n : BigInt(rows[0].head);
}
