/**
 * A projector in a process of its own, for the crash test: runs every Postgres projection of
 * DATABASE_URL until it is killed. Batches are small so that a kill lands mid-stream.
 */
import { createPostgresEventStore } from '@orderflow/eventstore-postgres';
import knexFactory from 'knex';
import pg from 'pg';
import { projections, startProjector } from '../index.ts';

const url = process.env.DATABASE_URL!;
const pool = new pg.Pool({ connectionString: url, max: 4 });
const db = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 4 } });
const store = createPostgresEventStore(pool, { pollIntervalMs: 200 });
await startProjector(db, store, projections, { batchSize: Number(process.env.BATCH_SIZE ?? 7) });
console.log('projector running');
