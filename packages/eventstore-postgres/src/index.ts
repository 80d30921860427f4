export { createPostgresEventStore, type PostgresEventStoreOptions } from './postgres-event-store.ts';
export { ensureEventStoreSchema, eventStoreTables } from './schema.ts';
export { MAX_EVENTS_PER_APPEND } from './position.ts';
export { createPostgresSnapshotStore } from './snapshots.ts';
export { guardPoolClients } from './pool-guard.ts';
