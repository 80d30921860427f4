/**
 * The contract suite over the in-memory fake client (fake-client.ts), one fresh fake per test:
 * it checks the adapter's own logic on every contract scenario, including the unfiltered `$all`
 * paths that the server run reaches only through its isolation filter. It is not evidence that
 * the adapter works with EventStoreDB; esdb-event-store.int.test.ts is, when ESDB_URL is set.
 * A second run shares one fake between all tests through the per-test isolation that the server
 * run uses, to check that harness before it meets a server.
 */
import type { EventStore } from '@orderflow/eventstore';
import { eventStoreContract } from '@orderflow/eventstore/testing';
import { createEsdbEventStore } from './esdb-event-store.ts';
import { FakeClient } from './fake-client.ts';
import { isolatedStore } from './test-isolation.ts';

eventStoreContract('eventstoredb adapter over a fake client (no server)', async () => {
  const fake = new FakeClient();
  const store = createEsdbEventStore(fake.client);
  const reopened: EventStore[] = [];
  return {
    store,
    async reopen({ schemas }) {
      const again = createEsdbEventStore(fake.client, { schemas });
      reopened.push(again);
      return again;
    },
    async teardown() {
      await Promise.all([store, ...reopened].map((s) => s.close()));
    },
  };
});

const shared = new FakeClient();
let run = 0;
eventStoreContract(
  'eventstoredb adapter, isolated per test on one shared fake client (no server)',
  async () => {
    const prefix = `t${++run}_`;
    const store = isolatedStore(createEsdbEventStore(shared.client), prefix);
    const reopened: EventStore[] = [];
    return {
      store,
      async reopen({ schemas }) {
        const again = isolatedStore(createEsdbEventStore(shared.client, { schemas }), prefix);
        reopened.push(again);
        return again;
      },
      async teardown() {
        await Promise.all([store, ...reopened].map((s) => s.close()));
      },
    };
  },
);
