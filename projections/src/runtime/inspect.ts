import { inspectProcessors } from '@orderflow/consumer';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import type { Projection } from './projection.ts';
import type { ProjectionStatus } from './status.ts';

/**
 * The status of Postgres projections as seen from outside the process that runs them (the
 * CLI): their checkpoints sampled `sampleMs` apart (see `inspectProcessors`), with the lag on
 * the events of their types after the checkpoint; one behind that did not move is `stopped`.
 */
export async function inspectProjections(
  db: Knex,
  store: EventStore,
  projections: readonly Projection[],
  { sampleMs = 1000 }: { sampleMs?: number } = {},
): Promise<ProjectionStatus[]> {
  const statuses = await inspectProcessors(
    db,
    store,
    projections.map((p) => ({
      name: p.name,
      eventTypes: p.eventTypes,
      store: 'postgres',
      version: p.version,
    })),
    { sampleMs },
  );
  return statuses.map((s, i) => ({ ...s, store: 'postgres', version: s.version ?? projections[i]!.version }));
}
