/**
 * `pnpm bench eventstore [--seconds N] [--keep]`: the Postgres event store under write and read
 * load, side by side with Emmett's PostgreSQL event store (@event-driven-io/emmett-postgresql,
 * the best-known TypeScript peer) and a raw-INSERT ceiling (the same row shape written with
 * plain `pg`, no concurrency check), all on the same Postgres server, in one run.
 *
 * Cases: 1, 8 and 32 concurrent writers (closed loop: each awaits its append, then appends
 * again) × single-event and 10-event appends × distinct streams (every append creates a new
 * stream, like placing an order) and one hot stream (every writer appends to the same stream
 * without an expected revision). Then readAll throughput over everything written, and
 * subscription latency: time from the start of an append to the delivery of its event to a
 * live subscriber while 8 writers append.
 *
 * Each store gets its own pool of 40 connections (more than the most writers, so the pool never
 * queues). The last line is JSON with the 32-writer single-event distinct-stream figures.
 */
import { parseArgs } from 'node:util';
import { getPostgreSQLEventStore, type PostgresEventStore } from '@event-driven-io/emmett-postgresql';
import { newId, type NewEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { nowMs, percentile, printTable, round, runClosedLoop } from './_stats.ts';

/** One of the stores under test, reduced to "append these events to that stream". */
interface Contender {
  readonly name: 'orderflow' | 'emmett' | 'raw';
  append(stream: string, count: number, hot: boolean): Promise<void>;
}

const payload = (i: number) => ({
  orderId: newId(),
  sku: `SKU-${i % 1000}`,
  quantity: 1 + (i % 5),
  unitPrice: 250,
});
const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    id: newId(),
    type: 'StockReserved',
    data: payload(i),
    metadata: { correlationId: newId() },
  }));

function orderflowContender(store: EventStore): Contender {
  return {
    name: 'orderflow',
    append: async (stream, count, hot) => {
      await store.appendToStream(stream, newEvents(count), { expectedRevision: hot ? 'any' : 'no_stream' });
    },
  };
}

/**
 * Emmett 0.42 raises ExpectedVersionConflictError for concurrent appends to one stream even with
 * NO_CONCURRENCY_CHECK (its stream-position update races), so on the hot stream a conflicting
 * append is retried until it lands, as an application would; the retries count in its latency.
 */
function emmettContender(store: PostgresEventStore): Contender {
  return {
    name: 'emmett',
    append: async (stream, count, hot) => {
      const events = newEvents(count).map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
      for (;;) {
        try {
          await store.appendToStream(stream, events, {
            expectedStreamVersion: hot ? 'NO_CONCURRENCY_CHECK' : 'STREAM_DOES_NOT_EXIST',
          });
          return;
        } catch (error) {
          if (!hot || (error as { errorCode?: number }).errorCode !== 412) throw error;
        }
      }
    },
  };
}

/** The ceiling: one multi-row INSERT per append into a table shaped like ours, no checks. */
async function rawContender(pool: pg.Pool): Promise<Contender> {
  await pool.query(`
    CREATE SCHEMA raw;
    CREATE TABLE raw.events (
      position bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      stream_name text NOT NULL,
      revision bigint NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
    );
    CREATE INDEX ON raw.events (stream_name, revision);
    CREATE INDEX ON raw.events (type, position);`);
  return {
    name: 'raw',
    append: async (stream, count) => {
      const events = newEvents(count);
      await pool.query(
        `INSERT INTO raw.events (event_id, stream_name, revision, type, data, metadata)
         SELECT u.id, $1, u.ord - 1, u.type, u.data, u.metadata
         FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS u(id, type, data, metadata, ord)`,
        [
          stream,
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.data)),
          events.map((e) => JSON.stringify({ schemaVersion: 1, ...e.metadata })),
        ],
      );
    },
  };
}

interface CaseResult {
  readonly store: string;
  readonly writers: number;
  readonly eventsPerAppend: number;
  readonly streams: 'distinct' | 'hot';
  readonly appendsPerSecond: number;
  readonly eventsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
}

async function runCase(
  contender: Contender,
  writers: number,
  eventsPerAppend: number,
  hot: boolean,
  seconds: number,
): Promise<CaseResult> {
  const run = newId().slice(0, 8);
  const hotStream = `hot${run}-${contender.name}`;
  // Create the hot stream first: Emmett refuses concurrent first appends even without a check.
  if (hot) await contender.append(hotStream, 1, true);
  const result = await runClosedLoop(writers, seconds, (w, i) =>
    contender.append(hot ? hotStream : `bench${run}-${w}x${i}`, eventsPerAppend, hot),
  );
  return {
    store: contender.name,
    writers,
    eventsPerAppend,
    streams: hot ? 'hot' : 'distinct',
    appendsPerSecond: result.opsPerSecond,
    eventsPerSecond: result.opsPerSecond * eventsPerAppend,
    p50: percentile(result.latencies, 50),
    p99: percentile(result.latencies, 99),
  };
}

/** readAll over the whole log in pages of 1000: events per second. */
async function readAllThroughput(store: EventStore): Promise<{ events: number; eventsPerSecond: number }> {
  const started = nowMs();
  let after = 0n;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) break;
    events += page.length;
    after = page.at(-1)!.position;
  }
  return { events, eventsPerSecond: events / ((nowMs() - started) / 1000) };
}

/** Append-start → delivery latency of a live subscriber while `writers` append single events. */
async function subscriptionLatency(store: EventStore, writers: number, seconds: number) {
  const startedAt = new Map<string, number>();
  const latencies: number[] = [];
  const head = await store.headPosition();
  const subscription = store.subscribeToAll({
    after: head,
    onEvents: async (events) => {
      const now = nowMs();
      for (const event of events) {
        const t0 = startedAt.get(event.id);
        if (t0 !== undefined) latencies.push(now - t0);
      }
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 200));
  const run = newId().slice(0, 8);
  await runClosedLoop(
    writers,
    seconds,
    async (w, i) => {
      const [event] = newEvents(1);
      startedAt.set(event!.id, nowMs());
      await store.appendToStream(`sub${run}-${w}x${i}`, [event!], { expectedRevision: 'no_stream' });
    },
    0,
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  await subscription.stop();
  return { delivered: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { seconds: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
  });
  const seconds = Number(values.seconds);
  if (!(seconds > 0)) throw new RangeError('--seconds must be a positive number');

  const db = await createTestDatabase('bench_es');
  const pools = Array.from({ length: 3 }, () => new pg.Pool({ connectionString: db.url, max: 40 }));
  const [oursPool, emmettPool, rawPool] = pools as [pg.Pool, pg.Pool, pg.Pool];
  await ensureEventStoreSchema(oursPool);
  const ours = createPostgresEventStore(oursPool);
  const emmett = getPostgreSQLEventStore(db.url, {
    connectionOptions: { pooled: true, pool: emmettPool },
    schema: { autoMigration: 'None' },
  });
  await emmett.schema.migrate();
  const contenders = [orderflowContender(ours), emmettContender(emmett), await rawContender(rawPool)];

  console.log(`eventstore benchmark: ${seconds} s per case, database ${db.name}`);
  const results: CaseResult[] = [];
  try {
    for (const hot of [false, true])
      for (const eventsPerAppend of [1, 10])
        for (const writers of [1, 8, 32])
          for (const contender of contenders) {
            const result = await runCase(contender, writers, eventsPerAppend, hot, seconds);
            results.push(result);
            console.error(
              `  ${result.store} ${result.streams} ${writers}w×${eventsPerAppend}: ${round(result.appendsPerSecond, 0)} appends/s`,
            );
          }
    printTable(
      ['store', 'streams', 'writers', 'events/append', 'appends/s', 'events/s', 'P50 ms', 'P99 ms'],
      results.map((r) => [
        r.store,
        r.streams,
        r.writers,
        r.eventsPerAppend,
        round(r.appendsPerSecond, 0),
        round(r.eventsPerSecond, 0),
        round(r.p50, 2),
        round(r.p99, 2),
      ]),
    );
    const read = await readAllThroughput(ours);
    console.log(`\nreadAll (orderflow): ${read.events} events at ${round(read.eventsPerSecond, 0)} events/s`);
    const idle = await subscriptionLatency(ours, 1, seconds);
    const loaded = await subscriptionLatency(ours, 8, seconds);
    console.log(
      `subscription append→delivery (orderflow): 1 writer P50 ${round(idle.p50, 2)} ms, P99 ${round(idle.p99, 2)} ms ` +
        `(${idle.delivered} events); 8 writers P50 ${round(loaded.p50, 2)} ms, P99 ${round(loaded.p99, 2)} ms (${loaded.delivered} events)`,
    );

    const headline = (store: string) =>
      results.find(
        (r) => r.store === store && r.writers === 32 && r.eventsPerAppend === 1 && r.streams === 'distinct',
      )!;
    const o = headline('orderflow');
    const e = headline('emmett');
    const r = headline('raw');
    console.log(
      `\norderflow/emmett ${round(o.eventsPerSecond / e.eventsPerSecond, 2)}×, orderflow/raw ${round(o.eventsPerSecond / r.eventsPerSecond, 2)}× (32 writers, single-event, distinct streams)`,
    );
    console.log(
      JSON.stringify({
        orderflow_append_eps: round(o.eventsPerSecond, 0),
        emmett_append_eps: round(e.eventsPerSecond, 0),
        raw_insert_eps: round(r.eventsPerSecond, 0),
        orderflow_p99_ms: round(o.p99, 2),
        emmett_p99_ms: round(e.p99, 2),
        subscription_p99_ms: round(loaded.p99, 2),
      }),
    );
  } finally {
    await ours.close();
    await emmett.close().catch(() => undefined);
    await Promise.allSettled(pools.map((p) => p.end()));
    if (!values.keep) await db.drop();
  }
}
