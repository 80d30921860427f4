import type { EventStore } from '@orderflow/eventstore';
import { eventStoreContract } from '@orderflow/eventstore/testing';
import { createTestDatabase, uniqueSuffix, type TestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { createPostgresEventStore, ensureEventStoreSchema } from './index.ts';

let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;

eventStoreContract(
  'postgres',
  async () => {
    db ??= await createTestDatabase('es_contract');
    pool ??= new pg.Pool({ connectionString: db.url, max: 20 });
    const schema = `es_${uniqueSuffix()}`;
    await ensureEventStoreSchema(pool, schema);
    const store = createPostgresEventStore(pool, { schema, pollIntervalMs: 60_000 });
    const reopened: EventStore[] = [];
    return {
      store,
      async reopen({ schemas }) {
        const again = createPostgresEventStore(pool!, { schema, pollIntervalMs: 60_000, schemas });
        reopened.push(again);
        return again;
      },
      async teardown() {
        await Promise.all([store, ...reopened].map((s) => s.close()));
        await pool!.query(`DROP SCHEMA "${schema}" CASCADE`);
      },
    };
  },
  {
    async after() {
      await pool?.end();
      await db?.drop();
    },
  },
);
