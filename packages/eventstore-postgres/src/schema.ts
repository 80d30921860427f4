import type pg from 'pg';
import { appendFunctionDdl } from './append-function.ts';

/** Table names of one event store, schema-qualified and quoted. */
export interface EventStoreTables {
  readonly schema: string;
  readonly events: string;
  readonly streams: string;
  readonly snapshots: string;
  /** The function every append runs (see `append-function.ts`). */
  readonly appendEvents: string;
}

/** Validates `schema` (a plain SQL identifier) and returns the quoted table names. */
export function eventStoreTables(schema: string): EventStoreTables {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new TypeError(`invalid schema name: ${schema}`);
  return {
    schema,
    events: `"${schema}".events`,
    streams: `"${schema}".streams`,
    snapshots: `"${schema}".snapshots`,
    appendEvents: `"${schema}".append_events`,
  };
}

/**
 * Creates the event store's tables if they are missing. Safe to run concurrently (guarded by a
 * transaction-level advisory lock) and on every start.
 *
 * Layout:
 * - `streams(stream_name, revision)`: one row per stream with its last revision; the row lock
 *   taken by an append is what makes "exactly one append wins per revision" hold;
 * - `events(position, event_id, stream_name, revision, type, data, metadata, recorded_at)`.
 *   `position = (xid8 of the appending transaction << 20) + index in the append` — see
 *   `position.ts` for why this makes `$all` reads gap-safe;
 * - `snapshots(stream_name, revision, version, state)`: the newest snapshot of a stream's
 *   folded state (see `snapshots.ts`); a cache, safe to truncate;
 * - `append_events(…)`: the plpgsql function that appends a batch of appends in one
 *   transaction (see `append-function.ts`), replaced on every run.
 */
export async function ensureEventStoreSchema(pool: pg.Pool, schema = 'eventstore'): Promise<void> {
  const t = eventStoreTables(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `orderflow:eventstore-schema:${schema}`,
    ]);
    await client.query(`
      CREATE SCHEMA IF NOT EXISTS "${schema}";
      CREATE TABLE IF NOT EXISTS ${t.streams} (
        stream_name text PRIMARY KEY,
        revision bigint NOT NULL CHECK (revision >= 0)
      );
      CREATE TABLE IF NOT EXISTS ${t.events} (
        position bigint PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        stream_name text NOT NULL,
        revision bigint NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (stream_name, revision)
      );
      CREATE INDEX IF NOT EXISTS events_type_position ON ${t.events} (type, position);
      ${appendFunctionDdl(t)}
      CREATE TABLE IF NOT EXISTS ${t.snapshots} (
        stream_name text PRIMARY KEY,
        revision bigint NOT NULL,
        version integer NOT NULL,
        state jsonb NOT NULL,
        taken_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
