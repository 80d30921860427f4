import { APPENDER_APPLICATION_NAME, POSITION_SHIFT } from './position.ts';
import type { EventStoreTables } from './schema.ts';

/**
 * DDL of `<schema>.append_events`: the one statement through which every append is written.
 * It takes a *batch* of appends — several streams, each with its own expected revision — and
 * writes them in one transaction (group commit: one WAL flush for the whole batch), deciding
 * each append on its own: an append whose expectation fails, or whose event ids exist already,
 * is reported and writes nothing, while the others commit.
 *
 * Arguments (arrays, one element per append unless said otherwise):
 * - `p_streams text[]`, `p_expected text[]` (`any`, `no_stream`, `stream_exists` or a decimal
 *   revision), `p_counts int[]` (events per append);
 * - per event, appends' events concatenated in order: `p_ids uuid[]`, `p_types text[]`,
 *   `p_data jsonb[]`, `p_metadata jsonb[]`, `p_owner int[]` (1-based append of each event);
 * - `p_channel text`: the LISTEN/NOTIFY channel told of the batch at commit, with the batch's
 *   event types as payload.
 * Returns one row per append: `ord` (1-based), `outcome` (`ok`, `conflict`, `duplicate`),
 * `revision` and `last_position` of an `ok` append, and `actual`, the stream's revision before
 * the batch (null when it did not exist).
 *
 * Steps, in this order:
 * 1. refuses to run in a transaction that already has an id (appends need a transaction of
 *    their own, so that the marker below precedes the transaction id);
 * 2. marks the transaction as an appender by setting `application_name` for it (see
 *    `position.ts`: readers wait only for marked transactions);
 * 3. finds appends whose event ids are stored already (`duplicate`: the caller checks for a
 *    retried append);
 * 4. locks the existing streams' rows in name order, then creates the new ones in name order,
 *    so that concurrent batches cannot deadlock; a stream created meanwhile by another
 *    transaction makes its append a `conflict`;
 * 5. NOTIFYs the channel (delivered at commit: one lock of PostgreSQL's notification queue per
 *    batch, which serializes the commits of notifying transactions — with group commit those
 *    are few); updates the revisions and inserts the events; an event's position is
 *    `(transaction id << 20) + its index in the batch`.
 * A concurrent batch inserting the same event ids makes the whole statement fail with 23505;
 * the caller then retries the appends one by one. The function runs with `enable_seqscan = off`:
 * its statements are key lookups, and the plans plpgsql caches per session must stay index
 * plans however small the tables were when they were made (seen: generic plans scanning
 * `streams` and `events` whole, most of Postgres' CPU under load).
 */
export function appendFunctionDdl(t: EventStoreTables): string {
  return `
DROP FUNCTION IF EXISTS ${t.appendEvents}(text[], text[], int[], uuid[], text[], jsonb[], jsonb[], int[]);
CREATE OR REPLACE FUNCTION ${t.appendEvents}(
  p_streams text[], p_expected text[], p_counts int[],
  p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[], p_owner int[], p_channel text)
RETURNS TABLE (ord int, outcome text, revision bigint, last_position bigint, actual bigint)
LANGUAGE plpgsql
-- Every statement here looks rows up by key. plpgsql caches a session's plans, and a plan made
-- while the tables were small would keep scanning them whole as they grow.
SET enable_seqscan = off
AS $fn$
#variable_conflict use_column
DECLARE
  v_xid bigint;
  v_dup int[];
  v_locked text[];
  v_revs bigint[];
  v_created text[];
BEGIN
  IF pg_current_xact_id_if_assigned() IS NOT NULL THEN
    RAISE EXCEPTION 'orderflow: an append must run in a transaction of its own' USING ERRCODE = '25001';
  END IF;
  PERFORM set_config('application_name', '${APPENDER_APPLICATION_NAME}', true);

  -- Written as index lookups of the parameters (\`= ANY\`), so that the cached generic plan
  -- cannot turn into a scan of the table as it grows.
  SELECT coalesce(array_agg(DISTINCT p_owner[array_position(p_ids, ev.event_id)]), '{}') INTO v_dup
    FROM ${t.events} ev WHERE ev.event_id = ANY (p_ids);

  SELECT coalesce(array_agg(l.stream_name), '{}'), coalesce(array_agg(l.revision), '{}')
    INTO v_locked, v_revs
    FROM (SELECT s.stream_name, s.revision FROM ${t.streams} s
          WHERE s.stream_name = ANY (p_streams) ORDER BY s.stream_name FOR UPDATE) l;

  WITH ins AS (
    INSERT INTO ${t.streams} (stream_name, revision)
    SELECT r.stream, r.cnt - 1
      FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS r(stream, expected, cnt, i)
     WHERE r.expected IN ('no_stream', 'any') AND NOT (r.stream = ANY (v_locked))
       AND NOT (r.i::int = ANY (v_dup))
     ORDER BY r.stream
    ON CONFLICT (stream_name) DO NOTHING
    RETURNING stream_name)
  SELECT coalesce(array_agg(stream_name), '{}') INTO v_created FROM ins;

  v_xid := pg_current_xact_id()::text::bigint;
  -- Wakes other processes' subscribers at commit, naming the event types (see wake.ts); in the
  -- transaction, so it costs no round trip of its own. A payload past 7,000 bytes means "any".
  PERFORM pg_notify(p_channel, CASE WHEN length(v_types) <= 7000 THEN v_types ELSE '' END)
    FROM (SELECT string_agg(DISTINCT t, ',') AS v_types FROM unnest(p_types) AS t) n;
  RETURN QUERY
  WITH req AS (
    SELECT r.stream, r.expected, r.cnt, r.i::int AS i,
           (sum(r.cnt) OVER (ORDER BY r.i) - r.cnt)::int AS first_ix
      FROM unnest(p_streams, p_expected, p_counts) WITH ORDINALITY AS r(stream, expected, cnt, i)),
  cur AS (SELECT c.stream, c.rev FROM unnest(v_locked, v_revs) AS c(stream, rev)),
  dec AS (
    SELECT req.*, cur.rev AS cur_rev,
      CASE
        WHEN req.i = ANY (v_dup) THEN 'duplicate'
        WHEN cur.stream IS NULL THEN CASE WHEN req.stream = ANY (v_created) THEN 'ok' ELSE 'conflict' END
        WHEN req.expected IN ('any', 'stream_exists') THEN 'ok'
        WHEN req.expected = 'no_stream' THEN 'conflict'
        WHEN cur.rev = req.expected::bigint THEN 'ok'
        ELSE 'conflict'
      END AS outcome
    FROM req LEFT JOIN cur ON cur.stream = req.stream),
  upd AS (
    UPDATE ${t.streams} s SET revision = s.revision + d.cnt
      FROM dec d WHERE d.outcome = 'ok' AND d.cur_rev IS NOT NULL AND s.stream_name = d.stream
       AND s.stream_name = ANY (v_locked)),
  ev AS (
    INSERT INTO ${t.events} (position, event_id, stream_name, revision, type, data, metadata)
    SELECT (v_xid << ${POSITION_SHIFT}) + e.ix - 1, e.id, d.stream,
           coalesce(d.cur_rev, -1) + (e.ix - d.first_ix), e.type, e.data, e.metadata
      FROM unnest(p_ids, p_types, p_data, p_metadata, p_owner) WITH ORDINALITY
           AS e(id, type, data, metadata, owner, ix)
      JOIN dec d ON d.i = e.owner
     WHERE d.outcome = 'ok')
  SELECT d.i, d.outcome,
         CASE WHEN d.outcome = 'ok' THEN coalesce(d.cur_rev, -1) + d.cnt END,
         CASE WHEN d.outcome = 'ok' THEN (v_xid << ${POSITION_SHIFT}) + d.first_ix + d.cnt - 1 END,
         d.cur_rev
    FROM dec d ORDER BY d.i;
END
$fn$;`;
}
