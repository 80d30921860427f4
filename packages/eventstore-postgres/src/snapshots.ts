import type { Snapshot, SnapshotStore } from '@orderflow/core';
import type pg from 'pg';
import { eventStoreTables } from './schema.ts';

/**
 * Snapshots in the event store's schema (`<schema>.snapshots`, created by
 * `ensureEventStoreSchema`): one row per stream, replaced only by a snapshot of a later
 * revision, so concurrent writers of different revisions leave the newest.
 */
export function createPostgresSnapshotStore(pool: pg.Pool, { schema = 'eventstore' } = {}): SnapshotStore {
  const t = eventStoreTables(schema);
  return {
    async load(stream) {
      const { rows } = await pool.query<{ revision: string; version: number; state: unknown }>(
        `SELECT revision, version, state FROM ${t.snapshots} WHERE stream_name = $1`,
        [stream],
      );
      const row = rows[0];
      return row ? { stream, revision: BigInt(row.revision), version: row.version, state: row.state } : null;
    },
    async save(snapshot: Snapshot) {
      await pool.query(
        `INSERT INTO ${t.snapshots} AS s (stream_name, revision, version, state) VALUES ($1, $2, $3, $4)
         ON CONFLICT (stream_name) DO UPDATE
           SET revision = excluded.revision, version = excluded.version, state = excluded.state, taken_at = now()
           WHERE s.revision < excluded.revision OR s.version <> excluded.version`,
        [snapshot.stream, snapshot.revision.toString(), snapshot.version, JSON.stringify(snapshot.state)],
      );
    },
  };
}
