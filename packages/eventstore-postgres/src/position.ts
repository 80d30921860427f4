/**
 * Gap-safe global positions for Postgres.
 *
 * The problem: a sequence hands out numbers at INSERT time, but transactions commit in another
 * order, so a reader can see position 11 before 10 commits and skip 10 forever.
 *
 * The fix used here (the transaction-id approach of Marten and Emmett's PostgreSQL store, folded
 * into one number): each event's position is `(xid8 of its transaction << 20) + its index in the
 * transaction`. A reader only returns events below the *horizon*: the id of the oldest
 * transaction still in progress *that may append*. Every transaction below it has finished or
 * never appends, so no event can ever commit below the horizon again, and everything above it
 * is left for a later read. `$all` order is therefore (transaction id, index) order, and a
 * subscriber that reads below the horizon never misses or reorders an event.
 *
 * Which transactions may append: appends run only through `append_events` (see
 * `append-function.ts`), which, before its transaction gets an id, sets `application_name` to
 * {@link APPENDER_APPLICATION_NAME} for that transaction. A reader takes its snapshot's
 * in-progress transaction ids (`pg_snapshot_xip`) and ignores those that `pg_stat_activity`
 * shows running in a session that is *not* so marked, or in another database: a long read-model
 * or saga transaction, or any work in another database on the server, no longer holds readers
 * back (before, the horizon was `pg_snapshot_xmin`, held back by every writing transaction of
 * the server). Why this is safe:
 * - the snapshot is taken before `pg_stat_activity` is read (one statement, autocommit), so a
 *   transaction that started after the snapshot has an id ≥ the snapshot's xmax, the bound used
 *   when nothing older is in progress;
 * - an id in the snapshot whose session has ended meanwhile, or that `pg_stat_activity` does not
 *   show (a prepared transaction, a subtransaction id), is not ignored: it holds the horizon;
 * - the marker is set before the appending transaction has an id and is reset only after the
 *   id left the proc array (PostgreSQL resets GUCs after `ProcArrayEndTransaction` at commit),
 *   and `pg_stat_activity` copies a session's `application_name` before its `backend_xid`, so
 *   an appender is never seen unmarked while its id is in progress.
 * It needs session (or transaction) pooling, where `application_name` set in a transaction is
 * the session's for that transaction — PgBouncer's transaction mode qualifies — and
 * `pg_stat_activity` readable by the store's role (it is, to every role).
 *
 * Limits: at most 2^20 − 1 events per transaction; transaction ids below 2^43 (≈ 8.8·10^12
 * transactions; ~280 years at 1,000 transactions/s).
 */
export const POSITION_SHIFT = 20n;

/** Largest number of events one append (and one batch of appends) may carry. */
export const MAX_EVENTS_PER_APPEND = 2 ** 20 - 1;

/** The `application_name` an appending transaction carries while it is in progress. */
export const APPENDER_APPLICATION_NAME = 'orderflow-append';

/**
 * SQL expression of the current read horizon (exclusive upper bound of readable positions):
 * the oldest in-progress transaction id of the snapshot that is not known to be a non-appender
 * (see above), or the snapshot's xmax when there is none, shifted into a position.
 */
export const HORIZON_SQL = `(SELECT coalesce(
    (SELECT min(x::text::bigint) FROM pg_snapshot_xip(s.snap) AS x
      WHERE (x::text::bigint & 4294967295) NOT IN (
        SELECT a.backend_xid::text::bigint FROM pg_stat_activity a
         WHERE a.backend_xid IS NOT NULL
           AND (a.datname IS DISTINCT FROM current_database()
                OR a.application_name IS DISTINCT FROM '${APPENDER_APPLICATION_NAME}'))),
    pg_snapshot_xmax(s.snap)::text::bigint) << ${POSITION_SHIFT}
  FROM (SELECT pg_current_snapshot() AS snap) s)`;
