/**
 * Test support of the consumer's int tests: a fresh database with the event store, the
 * runtime's tables and an effects table, and a processor that counts how often it applied each
 * event (exactly once means every count is 1).
 */
import { newId, type EventSchemaRegistry, type RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import { createTestDatabase, type TestDatabase } from '@orderflow/testing';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { suite } from 'uvu';
import { consumerMigrations, runMigrations } from '../migration.ts';
import type { PostgresProcessor } from '../processor.ts';

/** The table the counting processors write: one row per (processor, event), `n` = times applied. */
export const EFFECTS = 'consumer_test_effects';

/** One process's connections to a test database: as two processes would have, two of these. */
export interface Connections {
  readonly pool: pg.Pool;
  readonly knex: Knex;
  readonly store: EventStore;
  close(): Promise<void>;
}

/** Opens a pool, a knex and a Postgres event store on `url`; idle connections killed by a test are only logged. */
export function connect(url: string, schemas?: EventSchemaRegistry): Connections {
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  pool.on('error', () => undefined);
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 6 },
    acquireConnectionTimeout: 5000,
    // The outage tests end connections on purpose; knex would log each as a warning.
    log: { warn: () => undefined },
  });
  const store = createPostgresEventStore(pool, { pollIntervalMs: 100, schemas });
  return {
    pool,
    knex,
    store,
    async close() {
      await store.close();
      await Promise.allSettled([knex.destroy(), pool.end()]);
    },
  };
}

/** A migrated test database and one set of connections to it. */
export interface ConsumerTest extends Connections {
  readonly db: TestDatabase;
  /** Drops everything (after the connections of every other `connect` were closed). */
  drop(): Promise<void>;
}

/** Creates and migrates a database `of_<prefix>_…` (event store, runtime tables, effects). */
export async function setUpConsumerTest(prefix: string): Promise<ConsumerTest> {
  const db = await createTestDatabase(prefix);
  const connections = connect(db.url);
  await ensureEventStoreSchema(connections.pool);
  await runMigrations(connections.knex, consumerMigrations);
  await connections.knex.schema.createTable(EFFECTS, (t) => {
    t.text('processor').notNullable();
    t.uuid('event_id').notNullable();
    t.integer('n').notNullable();
    t.primary(['processor', 'event_id']);
  });
  return {
    ...connections,
    db,
    async drop() {
      await connections.close();
      await db.drop();
    },
  };
}

/** Records one application of each event by `processor` in `trx`. */
export async function recordEffects(
  trx: Knex.Transaction,
  processor: string,
  events: readonly RecordedEvent[],
): Promise<void> {
  await trx(EFFECTS)
    .insert(events.map((e) => ({ processor, event_id: e.id, n: 1 })))
    .onConflict(['processor', 'event_id'])
    .merge({ n: trx.raw(`${EFFECTS}.n + 1`) });
}

/**
 * A Postgres processor of `eventTypes` (default `Ticked`) that records each event it applies in {@link EFFECTS}.
 * `during(events)` runs inside the batch transaction after the effects were written (to fail,
 * or to kill the process before the commit).
 */
export function countingProcessor(
  name: string,
  during?: (events: readonly RecordedEvent[]) => void | Promise<void>,
  eventTypes: readonly string[] = ['Ticked'],
): PostgresProcessor<number> {
  return {
    kind: 'postgres',
    name,
    store: 'postgres',
    eventTypes,
    async apply(trx, events) {
      await recordEffects(trx, name, events);
      await during?.(events);
      return events.length;
    },
  };
}

/** How often `processor` applied each event, by event id. */
export async function effectCounts(knex: Knex, processor: string): Promise<Map<string, number>> {
  const rows = (await knex(EFFECTS).where({ processor }).select('event_id', 'n')) as Array<{
    event_id: string;
    n: number;
  }>;
  return new Map(rows.map((r) => [r.event_id, r.n]));
}

/**
 * Appends `count` `Ticked` events over `streams` streams (`tick-<i>`), `concurrency` appends at
 * a time. @returns the events' ids and the highest position.
 */
export async function appendTicks(
  store: EventStore,
  count: number,
  { streams = 8, concurrency = 4 }: { streams?: number; concurrency?: number } = {},
): Promise<{ ids: string[]; last: bigint }> {
  const ids: string[] = [];
  let last = 0n;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const id = newId();
      ids.push(id);
      const result = await store.appendToStream(`tick-${i % streams}`, [{ id, type: 'Ticked', data: { i } }]);
      if (result.position > last) last = result.position;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ids, last };
}

/** The context of a {@link consumerSuite} test. */
export interface ConsumerTestContext {
  t: ConsumerTest;
  /** Run after the test, last added first, before the database is dropped. */
  cleanups: Array<() => Promise<void>>;
}

/** A uvu suite whose every test gets a fresh migrated database (`of_<prefix>_…`). */
export function consumerSuite(name: string, prefix: string) {
  const test = suite<ConsumerTestContext>(name);
  test.before.each(async (ctx) => {
    ctx.t = await setUpConsumerTest(prefix);
    ctx.cleanups = [];
  });
  test.after.each(async ({ t, cleanups }) => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await t.drop();
  });
  return test;
}
