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
import { MAX_EVENTS_PER_APPEND } from './position.ts';
import type { EventStoreTables } from './schema.ts';

/** Tuning of {@link createGroupAppender}. */
export interface GroupCommitOptions {
  /** Batches in flight at once (each its own transaction and connection). Default 2. */
  readonly maxInFlight?: number;
  /** Most appends per batch. Default 1000. */
  readonly maxAppends?: number;
  /** Most events per batch (positions hold 2^20 − 1 per transaction). Default 50,000. */
  readonly maxEvents?: number;
}

/** One append waiting for its batch. */
interface Pending {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** A batch's answer for one append (a row of `append_events`). */
interface Outcome {
  readonly ord: number;
  readonly outcome: 'ok' | 'conflict' | 'duplicate';
  readonly revision: string | null;
  readonly last_position: string | null;
  readonly actual: string | null;
}

/** Failures of a whole batch after which its appends are retried one by one. */
const RETRY_ALONE = new Set(['23505', '40P01', '40001']);

/** Appends `events` to `stream` if its revision matches; resolves as the port's `appendToStream`. */
export type GroupAppender = (
  stream: string,
  events: readonly NewEvent<Event>[],
  expected: ExpectedRevision,
) => Promise<AppendResult>;

/**
 * Group commit of appends (the technique of PostgreSQL's own commit path and of Marten's and
 * EventStoreDB's writers): appends that arrive while a batch is being written wait and go
 * together into the next one — one statement (`append_events`, see `append-function.ts`), one
 * transaction, one WAL flush for all of them — so at load the commits per append fall from one
 * to one per batch, and an append alone is written at once (no added delay). Each append keeps
 * its own expected-revision check and idempotency: a conflict fails only its own append.
 *
 * A stream has at most one append in flight (later ones wait for the next batch, keeping their
 * order), so batches of this process never wait on each other's row locks.
 *
 * Outcomes per append, as the port defines them: the new revision and the position of its last
 * event; a retried append of the very same event ids (same stream, consecutive revisions)
 * returns the original result; otherwise WRONG_EXPECTED_VERSION with the actual revision. An
 * `any` append that lost the creation of its stream to a concurrent writer is retried. A batch
 * that fails as a whole on a concurrent duplicate (23505), a deadlock or a serialization failure
 * is retried append by append; any other error fails every append of the batch.
 * Each batch NOTIFYs `channel` at commit (other processes' subscribers; `onBackend` learns the
 * pid of each appending connection, whose notifications are this process' own); `onCommitted`
 * runs after each batch that appended something, with the event types it appended.
 */
export function createGroupAppender(
  pool: pg.Pool,
  t: EventStoreTables,
  schemas: EventSchemaRegistry | undefined,
  channel: string,
  onBackend: (pid: number) => void,
  onCommitted: (types: ReadonlySet<string>) => void,
  options: GroupCommitOptions = {},
): GroupAppender {
  const maxInFlight = options.maxInFlight ?? 2;
  const maxAppends = options.maxAppends ?? 1000;
  const maxEvents = Math.min(options.maxEvents ?? 50_000, MAX_EVENTS_PER_APPEND);
  const queue: Pending[] = [];
  const busy = new Set<string>();
  let inFlight = 0;
  let scheduled = false;

  const take = (): Pending[] => {
    const batch: Pending[] = [];
    const streams = new Set<string>();
    let events = 0;
    for (let i = 0; i < queue.length && batch.length < maxAppends;) {
      const p = queue[i]!;
      const fits = batch.length === 0 || events + p.events.length <= maxEvents;
      if (!fits) break;
      if (busy.has(p.stream) || streams.has(p.stream)) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      batch.push(p);
      streams.add(p.stream);
      events += p.events.length;
    }
    return batch;
  };

  const pump = (): void => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight += 1;
      for (const p of batch) busy.add(p.stream);
      void write(batch).finally(() => {
        inFlight -= 1;
        for (const p of batch) busy.delete(p.stream);
        pump();
      });
    }
  };

  const write = async (batch: readonly Pending[]): Promise<void> => {
    let rows: Outcome[];
    try {
      rows = await runBatch(pool, t, schemas, channel, onBackend, batch);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && RETRY_ALONE.has(code) && batch.length > 1) {
        await Promise.all(batch.map((p) => write([p])));
      } else if (code === '23505') {
        await settleRefused(batch[0]!);
      } else {
        for (const p of batch) p.reject(error);
      }
      return;
    }
    const committed = new Set<string>();
    for (const row of rows)
      if (row.outcome === 'ok') for (const e of batch[row.ord - 1]!.events) committed.add(e.type);
    if (committed.size > 0) onCommitted(committed);
    for (const row of rows) {
      const p = batch[row.ord - 1]!;
      if (row.outcome === 'ok') {
        p.resolve({ nextExpectedRevision: BigInt(row.revision!), position: BigInt(row.last_position!) });
      } else if (row.outcome === 'conflict' && p.expected === 'any' && row.actual === null) {
        queue.unshift(p); // the stream was created meanwhile: an `any` append just goes again
      } else {
        void settleRefused(p, row.actual === null ? null : BigInt(row.actual));
      }
    }
  };

  /**
   * A refused append: the original result when it is a retry, else WRONG_EXPECTED_VERSION with
   * the stream's revision (`actual`, as the batch saw it; read again when unknown).
   */
  const settleRefused = async (p: Pending, actual?: bigint | null): Promise<void> => {
    try {
      const earlier = await findEarlierAppend(pool, t, p.stream, p.events);
      if (earlier) return p.resolve(earlier);
      const revision = actual === undefined ? await currentRevision(pool, t, p.stream) : actual;
      p.reject(wrongExpectedVersion(p.stream, p.expected, revision));
    } catch (error) {
      p.reject(error);
    }
  };

  return (stream, events, expected) =>
    new Promise<AppendResult>((resolve, reject) => {
      validateAppend(stream, events, expected, { maxEvents: MAX_EVENTS_PER_APPEND });
      queue.push({ stream, events, expected, resolve, reject });
      // Appends made in the same tick (a saga's parallel commands) share the first batch.
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(pump);
      }
    });
}

/**
 * Runs `append_events` for `batch` (one round trip, its own transaction) on a pooled
 * connection, telling `onBackend` the connection's backend pid (its NOTIFYs are this process').
 */
async function runBatch(
  pool: pg.Pool,
  t: EventStoreTables,
  schemas: EventSchemaRegistry | undefined,
  channel: string,
  onBackend: (pid: number) => void,
  batch: readonly Pending[],
): Promise<Outcome[]> {
  // Its 'error' event has a listener while checked out: see `pool-guard.ts`.
  const client = await pool.connect();
  onBackend((client as unknown as { processID: number }).processID);
  try {
    const rows = await batchQuery(client, t, channel, batch, schemas);
    client.release();
    return rows;
  } catch (error) {
    client.release(leavesConnectionUsable(error) ? undefined : (error as Error));
    throw error;
  }
}

/**
 * True when `error` is a statement's error that leaves its connection usable: a SQLSTATE outside
 * classes 08 (connection exception) and 57P (the server ended the session: `pg_terminate_backend`,
 * shutdown). A terminated session's FATAL error carries 57P01, yet its connection is gone; back
 * in the pool as healthy it would fail the next append too.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
function leavesConnectionUsable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P)/.test(code);
}

/** The `append_events` call of `batch` on `client`. */
async function batchQuery(
  client: pg.PoolClient,
  t: EventStoreTables,
  channel: string,
  batch: readonly Pending[],
  schemas: EventSchemaRegistry | undefined,
): Promise<Outcome[]> {
  const { ids, types, data, metadata, owner } = eventColumns(batch, schemas);
  const { rows } = await client.query<Outcome>({
    // Named: each connection parses and plans the call once (a server-side prepared statement).
    name: `orderflow-append-events:${t.schema}`,
    text: `SELECT ord, outcome, revision, last_position, actual FROM ${t.appendEvents}($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    values: [
      batch.map((p) => p.stream),
      batch.map((p) => (typeof p.expected === 'bigint' ? p.expected.toString() : p.expected)),
      batch.map((p) => p.events.length),
      ids,
      types,
      data,
      metadata,
      owner,
      channel,
    ],
  });
  return rows;
}

/** The per-event arrays of `append_events` for `batch` (events of all appends, in order). */
function eventColumns(batch: readonly Pending[], schemas: EventSchemaRegistry | undefined) {
  const ids: string[] = [];
  const types: string[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  const owner: number[] = [];
  batch.forEach((p, i) => {
    for (const e of p.events) {
      ids.push(e.id);
      types.push(e.type);
      data.push(JSON.stringify(e.data));
      metadata.push(
        JSON.stringify({
          ...e.metadata,
          schemaVersion: schemaVersionFor(schemas, e.type, e.metadata?.schemaVersion),
        }),
      );
      owner.push(i + 1);
    }
  });
  return { ids, types, data, metadata, owner };
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
