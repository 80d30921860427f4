/**
 * Gap-safe global positions for Postgres.
 *
 * The problem: a sequence hands out numbers at INSERT time, but transactions commit in another
 * order, so a reader can see position 11 before 10 commits and skip 10 forever.
 *
 * The fix used here (the transaction-id approach of Marten and Emmett's PostgreSQL store, folded
 * into one number): each event's position is `(xid8 of its transaction << 20) + its index in the
 * append`. A reader only returns events below the *horizon* `pg_snapshot_xmin(pg_current_snapshot())
 * << 20`: every transaction with a smaller id has finished, so nothing can ever commit below the
 * horizon again, and everything above it is left for a later read. `$all` order is therefore
 * (transaction id, index) order, and a subscriber that reads below the horizon never misses or
 * reorders an event.
 *
 * Limits: at most 2^20 − 1 events per append; transaction ids below 2^43 (≈ 8.8·10^12
 * transactions; ~280 years at 1,000 appends/s). A long-running transaction that has written
 * anything holds the horizon back for every reader until it ends.
 */
export const POSITION_SHIFT = 20n;

/** Largest number of events one append may carry. */
export const MAX_EVENTS_PER_APPEND = 2 ** 20 - 1;

/** SQL expression of the current read horizon (exclusive upper bound of readable positions). */
export const HORIZON_SQL = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << ${POSITION_SHIFT})`;

/** SQL expression of the position of the event at 1-based ordinal `ord` in the current append. */
export const positionSql = (ord: string): string =>
  `((pg_current_xact_id()::text::bigint << ${POSITION_SHIFT}) + ${ord} - 1)`;
