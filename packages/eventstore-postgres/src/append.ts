import {
  schemaVersionFor,
  type AppendResult,
  type Event,
  type EventSchemaRegistry,
  type ExpectedRevision,
  type NewEvent,
} from '@orderflow/core';
import { validateAppend, wrongExpectedVersion } from '@orderflow/eventstore';
import type pg from 'pg';
import { MAX_EVENTS_PER_APPEND, positionSql } from './position.ts';
import type { EventStoreTables } from './schema.ts';

/**
 * The statement that claims the stream's revisions, by expected revision. Each returns the
 * stream's new last revision, or no row when the expectation fails. `$1` stream, `$6` count,
 * `$7` expected revision. The row lock it takes serializes appends to one stream, and
 * READ COMMITTED re-evaluation makes a concurrent loser see the winner's revision.
 */
function claimSql(t: EventStoreTables, expected: ExpectedRevision): string {
  if (expected === 'no_stream') {
    return `INSERT INTO ${t.streams} (stream_name, revision) VALUES ($1, $6::bigint - 1)
            ON CONFLICT (stream_name) DO NOTHING RETURNING revision`;
  }
  if (expected === 'any') {
    return `INSERT INTO ${t.streams} AS s (stream_name, revision) VALUES ($1, $6::bigint - 1)
            ON CONFLICT (stream_name) DO UPDATE SET revision = s.revision + $6::bigint RETURNING revision`;
  }
  if (expected === 'stream_exists') {
    return `UPDATE ${t.streams} SET revision = revision + $6::bigint WHERE stream_name = $1 RETURNING revision`;
  }
  return `UPDATE ${t.streams} SET revision = revision + $6::bigint
          WHERE stream_name = $1 AND revision = $7::bigint RETURNING revision`;
}

function appendSql(t: EventStoreTables, expected: ExpectedRevision): string {
  return `WITH s AS (${claimSql(t, expected)}),
    e AS (
      INSERT INTO ${t.events} (position, event_id, stream_name, revision, type, data, metadata)
      SELECT ${positionSql('u.ord')}, u.id, $1, s.revision - $6::bigint + u.ord, u.type, u.data, u.metadata
      FROM s CROSS JOIN unnest($2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[])
        WITH ORDINALITY AS u(id, type, data, metadata, ord)
      RETURNING position
    )
    SELECT (SELECT revision FROM s) AS revision, (SELECT max(position) FROM e) AS position`;
}

/**
 * Appends `events` to `stream` in one statement (one round trip, its own transaction).
 * On a failed expectation or a duplicate event id, checks whether the very same events were
 * appended before (a retried append) and, if so, returns the original result.
 */
export async function appendToStream(
  pool: pg.Pool,
  t: EventStoreTables,
  stream: string,
  events: readonly NewEvent<Event>[],
  expected: ExpectedRevision,
  schemas?: EventSchemaRegistry,
): Promise<AppendResult> {
  validateAppend(stream, events, expected, { maxEvents: MAX_EVENTS_PER_APPEND });
  const params = [
    stream,
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) =>
      JSON.stringify({
        ...e.metadata,
        schemaVersion: schemaVersionFor(schemas, e.type, e.metadata?.schemaVersion),
      }),
    ),
    events.length,
    ...(typeof expected === 'bigint' ? [expected.toString()] : []),
  ];
  try {
    const { rows } = await pool.query<{ revision: string | null; position: string | null }>({
      // Named, so each connection parses and plans the statement once (a server-side prepared
      // statement) instead of on every append.
      name: `orderflow-append:${t.schema}:${typeof expected === 'bigint' ? 'exact' : expected}`,
      text: appendSql(t, expected),
      values: params,
    });
    const row = rows[0];
    if (row?.revision != null && row.position != null) {
      return { nextExpectedRevision: BigInt(row.revision), position: BigInt(row.position) };
    }
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
  }
  const earlier = await findEarlierAppend(pool, t, stream, events);
  if (earlier) return earlier;
  throw wrongExpectedVersion(stream, expected, await currentRevision(pool, t, stream));
}

/** The stream's last revision, or null when it does not exist. */
export async function currentRevision(
  pool: pg.Pool,
  t: EventStoreTables,
  stream: string,
): Promise<bigint | null> {
  const { rows } = await pool.query<{ revision: string }>(
    `SELECT revision FROM ${t.streams} WHERE stream_name = $1`,
    [stream],
  );
  return rows[0] ? BigInt(rows[0].revision) : null;
}

/**
 * The result of an earlier append of exactly these event ids to this stream, in this order and
 * at consecutive revisions; null when the ids are not all there that way.
 */
async function findEarlierAppend(
  pool: pg.Pool,
  t: EventStoreTables,
  stream: string,
  events: readonly NewEvent[],
): Promise<AppendResult | null> {
  const { rows } = await pool.query<{
    event_id: string;
    stream_name: string;
    revision: string;
    position: string;
  }>(
    `SELECT event_id, stream_name, revision, position FROM ${t.events} WHERE event_id = ANY($1::uuid[]) ORDER BY revision`,
    [events.map((e) => e.id)],
  );
  if (rows.length !== events.length) return null;
  const first = BigInt(rows[0]!.revision);
  const sameAppend = rows.every(
    (row, i) =>
      row.stream_name === stream &&
      BigInt(row.revision) === first + BigInt(i) &&
      row.event_id === events[i]!.id.toLowerCase(),
  );
  const last = rows.at(-1)!;
  return sameAppend ? { nextExpectedRevision: BigInt(last.revision), position: BigInt(last.position) } : null;
}
