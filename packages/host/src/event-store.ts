import { domainSchemaRegistry } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import { connectEsdbEventStore } from '@orderflow/eventstore-esdb';
import { createPostgresEventStore } from '@orderflow/eventstore-postgres';
import type pg from 'pg';

/**
 * The event store of this deployment, with the domain's event schemas: EventStoreDB when
 * `eventStoreUrl` is set, else the Postgres adapter on `pool` (schema `eventstore`).
 * `onTransientError` hears the outages the adapter retries through.
 */
export function openEventStore(
  pool: pg.Pool,
  eventStoreUrl: string | undefined,
  onTransientError: (error: unknown) => void = () => undefined,
): EventStore {
  const options = { onTransientError, schemas: domainSchemaRegistry };
  return eventStoreUrl
    ? connectEsdbEventStore(eventStoreUrl, options)
    : createPostgresEventStore(pool, options);
}
