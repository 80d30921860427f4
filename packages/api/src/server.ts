import { createCachedCommandHandler, systemClock, type Clock } from '@orderflow/core';
import { domainSchemaRegistry } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import { connectEsdbEventStore } from '@orderflow/eventstore-esdb';
import {
  createPostgresEventStore,
  createPostgresSnapshotStore,
  ensureEventStoreSchema,
} from '@orderflow/eventstore-postgres';
import { paymentSimulatorMigration, startPaymentSimulator } from '@orderflow/fixtures/payment-simulator';
import {
  projectionMigrations,
  projections,
  startProjector,
  type Migration,
  type Projector,
} from '@orderflow/projections';
import {
  fulfillmentSender,
  orderFulfillment,
  sagaMigrations,
  startProcessManager,
  type RunningProcessManager,
} from '@orderflow/sagas';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { buildApp } from './app.ts';
import { numericPositionsMigration } from './migrations/numeric-positions.ts';

/** Every knex migration of the system, in order. */
export const allMigrations: readonly Migration[] = [
  ...projectionMigrations,
  ...sagaMigrations,
  paymentSimulatorMigration,
  numericPositionsMigration,
];

/** Creates the event store's tables and runs the read models' and runtimes' migrations. */
export async function migrate(pool: pg.Pool, db: Knex): Promise<void> {
  await ensureEventStoreSchema(pool);
  await db.migrate.latest({
    tableName: 'orderflow_migrations',
    migrationSource: {
      getMigrations: async () => [...allMigrations],
      getMigrationName: (m: Migration) => m.name,
      getMigration: async (m: Migration) => m,
    },
  });
}

/** Options of {@link startOrderflow}. */
export interface OrderflowOptions {
  readonly databaseUrl: string;
  /**
   * EventStoreDB connection string: the event store is EventStoreDB instead of the Postgres
   * adapter (read models, saga state and snapshots stay in Postgres).
   */
  readonly eventStoreUrl?: string;
  /** Payment simulator settings; `false` runs no simulator (payments answered elsewhere). */
  readonly paymentSimulator?: { approvalRate: number; latencyMs: number } | false;
  readonly graphiql?: boolean;
  readonly logger?: FastifyServerOptions['logger'];
  readonly clock?: Clock;
}

/** A running Orderflow: API (not yet listening), projector, process manager, simulator. */
export interface Orderflow {
  readonly app: FastifyInstance;
  readonly db: Knex;
  readonly store: EventStore;
  readonly projector: Projector;
  readonly fulfillment: RunningProcessManager;
  stop(): Promise<void>;
}

/**
 * The composition root: connects to Postgres, migrates, and starts every role in this process.
 * Call `app.listen()` to serve; `stop()` closes everything in reverse order.
 */
export async function startOrderflow(options: OrderflowOptions): Promise<Orderflow> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 24 });
  const db = knexFactory({ client: 'pg', connection: options.databaseUrl, pool: { min: 0, max: 12 } });
  const log = (message: string, error: unknown) => console.error(message, error);
  try {
    await migrate(pool, db);
  } catch (error) {
    await Promise.allSettled([pool.end(), db.destroy()]);
    throw error;
  }
  const storeOptions = {
    onTransientError: (e: unknown) => log('event store (retrying):', e),
    schemas: domainSchemaRegistry,
  };
  const store = options.eventStoreUrl
    ? connectEsdbEventStore(options.eventStoreUrl, storeOptions)
    : createPostgresEventStore(pool, storeOptions);
  const run = createCachedCommandHandler(store, {
    snapshots: { store: createPostgresSnapshotStore(pool), onError: (e) => log('snapshot not saved:', e) },
  });
  const projector = await startProjector(db, store, projections);
  const fulfillment = await startProcessManager(db, store, orderFulfillment, fulfillmentSender(run), {
    onError: () => undefined,
  });
  const simulator =
    options.paymentSimulator === false
      ? null
      : await startPaymentSimulator(
          db,
          store,
          options.paymentSimulator ?? { approvalRate: 0.95, latencyMs: 20 },
        );
  const app = await buildApp({
    db,
    store,
    run,
    clock: options.clock ?? systemClock,
    graphiql: options.graphiql ?? false,
    logger: options.logger ?? false,
  });

  return {
    app,
    db,
    store,
    projector,
    fulfillment,
    async stop() {
      await app.close();
      await simulator?.stop();
      await fulfillment.stop();
      await projector.stop();
      await store.close();
      await Promise.allSettled([pool.end(), db.destroy()]);
    },
  };
}
