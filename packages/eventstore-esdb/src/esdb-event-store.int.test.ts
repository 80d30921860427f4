/**
 * The event-store contract against a real EventStoreDB: runs when ESDB_URL is set (e.g.
 * `ESDB_URL=esdb://localhost:2113?tls=false` after `docker compose -f infra/docker-compose.yml up -d
 * eventstoredb`); otherwise it says so on one line and counts one skipped test.
 *
 * Isolation on a shared server (see test-isolation.ts): each test gets its own stream-name
 * prefix, and its `$all` reads and subscriptions filter on it. Honest consequences:
 * - the contract's unfiltered `readAll()` and subscriptions reach the adapter as filtered ones
 *   (stream-prefix filter on the server), so the adapter's unfiltered `$all` paging is covered by
 *   the unit tests only;
 * - `headPosition()` is the server's head, so its assertion holds only while nothing else
 *   writes to the server during the run;
 * - streams are left on the server (EventStoreDB has no cheap "drop everything"); use a
 *   throw-away container.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore } from '@orderflow/eventstore';
import { eventStoreContract } from '@orderflow/eventstore/testing';
import { uniqueSuffix } from '@orderflow/testing';
import { suite } from 'uvu';
import { createEsdbEventStore } from './index.ts';
import { isolatedStore } from './test-isolation.ts';

const url = process.env.ESDB_URL;

if (url) {
  let client: EventStoreDBClient | undefined;
  eventStoreContract(
    'eventstoredb',
    async () => {
      client ??= EventStoreDBClient.connectionString(url);
      const prefix = `t${uniqueSuffix()}_`;
      const store = isolatedStore(createEsdbEventStore(client), prefix);
      const reopened: EventStore[] = [];
      return {
        store,
        async reopen({ schemas }) {
          const again = isolatedStore(createEsdbEventStore(client!, { schemas }), prefix);
          reopened.push(again);
          return again;
        },
        async teardown() {
          await Promise.all([store, ...reopened].map((s) => s.close()));
        },
      };
    },
    { after: async () => void (await client?.dispose()) },
  );
} else {
  console.log(
    'EventStoreDB contract suite skipped: ESDB_URL is not set (EventStoreDB cannot run on this machine; ' +
      'set ESDB_URL=esdb://localhost:2113?tls=false to run it)',
  );
  const skipped = suite('event store contract: eventstoredb');
  skipped.skip('the contract suite against EventStoreDB (needs ESDB_URL)', () => undefined);
  skipped.run();
}
