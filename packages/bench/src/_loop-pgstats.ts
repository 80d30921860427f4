/**
 * Postgres' own counters for `pnpm bench loop`'s cost per order: pg_stat_database of the
 * server's database (commits, rows written) and pg_stat_wal of the cluster (WAL records, bytes,
 * syncs). Backends flush these at most about once a second (PGSTAT_MIN_INTERVAL, 1000 ms, in
 * src/backend/utils/activity/pgstat.c), so read them a couple of seconds after the load stops.
 */
import type pg from 'pg';

/** Cumulative counters at one moment. */
export interface PgCounters {
  /** pg_stat_database.xact_commit: committed transactions, read-only ones included. */
  readonly commits: number;
  readonly rollbacks: number;
  /** pg_stat_database.tup_inserted / tup_updated / tup_deleted. */
  readonly inserted: number;
  readonly updated: number;
  readonly deleted: number;
  /** pg_stat_wal.wal_records / wal_bytes, cluster-wide. */
  readonly walRecords: number;
  readonly walBytes: number;
  /**
   * WAL fsyncs: pg_stat_wal.wal_sync (PostgreSQL 14–17) or, where that column is gone (18),
   * the sum of pg_stat_io.fsyncs for object 'wal'; null when neither is there.
   */
  readonly walSyncs: number | null;
}

/** Reads the counters of the database `db` is connected to (each query its own transaction). */
export async function readPgCounters(db: pg.Pool): Promise<PgCounters> {
  const database = await db.query<Record<string, string>>(
    `SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  const wal = await db.query<{ w: Record<string, unknown> }>(`SELECT to_jsonb(w) AS w FROM pg_stat_wal w`);
  const w = wal.rows[0]?.w ?? {};
  let walSyncs: number | null = w.wal_sync === undefined ? null : Number(w.wal_sync);
  if (walSyncs === null) {
    const io = await db
      .query<{ fsyncs: string | null }>(`SELECT sum(fsyncs) AS fsyncs FROM pg_stat_io WHERE object = 'wal'`)
      .catch(() => null);
    walSyncs = io?.rows[0]?.fsyncs == null ? null : Number(io.rows[0].fsyncs);
  }
  const d = database.rows[0]!;
  return {
    commits: Number(d.xact_commit),
    rollbacks: Number(d.xact_rollback),
    inserted: Number(d.tup_inserted),
    updated: Number(d.tup_updated),
    deleted: Number(d.tup_deleted),
    walRecords: Number(w.wal_records),
    walBytes: Number(w.wal_bytes),
    walSyncs,
  };
}

/** after − before, field by field (walSyncs null when either is). */
export function counterDelta(before: PgCounters, after: PgCounters): PgCounters {
  return {
    commits: after.commits - before.commits,
    rollbacks: after.rollbacks - before.rollbacks,
    inserted: after.inserted - before.inserted,
    updated: after.updated - before.updated,
    deleted: after.deleted - before.deleted,
    walRecords: after.walRecords - before.walRecords,
    walBytes: after.walBytes - before.walBytes,
    walSyncs: before.walSyncs === null || after.walSyncs === null ? null : after.walSyncs - before.walSyncs,
  };
}

/** Settings that decide what a commit costs, for the report: version, fsync, synchronous_commit… */
export async function pgSettings(db: pg.Pool): Promise<Record<string, string>> {
  const { rows } = await db.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
      WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections')
      ORDER BY name`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.setting]));
}

/**
 * The postmaster of the cluster `db` is connected to: the parent (in /proc) of this
 * connection's backend (`pg_backend_pid()`), since every backend is forked by the postmaster.
 * Null when the backend is not visible in this machine's /proc (a remote server, a container).
 */
export async function postmasterPid(
  db: pg.Pool,
  readProcess: (pid: number) => { ppid: number; comm: string } | null,
): Promise<number | null> {
  const { rows } = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = readProcess(rows[0]!.pid);
  if (!backend || !/postgres|postmaster/.test(backend.comm)) return null;
  const parent = readProcess(backend.ppid);
  return parent && /postgres|postmaster/.test(parent.comm) ? backend.ppid : null;
}
