import type { ProcessorStatus } from '@orderflow/consumer';

/** Where a read model lives. */
export type ReadModelStore = 'postgres' | 'redis';

/**
 * One projection's health, as the CLI (`orderflow projections status`) and GraphQL
 * (`projections`) show it: a processor's status (`@orderflow/consumer`) whose store is
 * Postgres or Redis and whose version is the one the live model was built with.
 */
export type ProjectionStatus = ProcessorStatus & {
  readonly store: ReadModelStore;
  readonly version: number;
};
