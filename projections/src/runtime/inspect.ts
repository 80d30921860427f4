import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { readCheckpointRow } from './checkpoints.ts';
import { countParkedEvents } from './parked.ts';
import type { Projection } from './projection.ts';
import type { ProjectionStatus } from './status.ts';

/** Most pending events counted per projection; beyond it the lag is estimated from the head. */
const COUNT_LIMIT = 10_000;

/**
 * The status of Postgres projections as seen from outside the process that runs them (the
 * CLI): reads each checkpoint twice, `sampleMs` apart, and measures events/s from the events
 * applied in between; lag is measured on the events of the projection's types after its
 * checkpoint (exactly up to 10,000 of them, estimated from the head beyond). A projection that
 * is behind and did not move during the sample is reported `stopped`.
 */
export async function inspectProjections(
  db: Knex,
  store: EventStore,
  projections: readonly Projection[],
  { sampleMs = 1000 }: { sampleMs?: number } = {},
): Promise<ProjectionStatus[]> {
  const before = await Promise.all(projections.map((p) => readCheckpointRow(db, p.name)));
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const parked = await countParkedEvents(db);
  const head = await store.headPosition();
  return Promise.all(
    projections.map(async (projection, i): Promise<ProjectionStatus> => {
      const row = await readCheckpointRow(db, projection.name);
      const checkpoint = row?.position ?? 0n;
      const start = before[i]?.position ?? 0n;
      const filter = { eventTypes: projection.eventTypes };
      const applied = checkpoint > start ? await countEvents(store, start, checkpoint, filter) : 0;
      const pending = await store.readAll({ after: checkpoint, maxCount: COUNT_LIMIT, filter });
      const lagPositions =
        pending.length === 0
          ? 0n
          : pending.length < COUNT_LIMIT
            ? pending.at(-1)!.position - checkpoint
            : head - checkpoint;
      const moved = checkpoint > start;
      return {
        name: projection.name,
        store: 'postgres',
        version: row?.version ?? projection.version,
        state: pending.length === 0 ? 'running' : moved ? 'catching-up' : 'stopped',
        checkpoint,
        lagPositions,
        lagMs: pending.length ? Math.max(0, Date.now() - pending[0]!.metadata.recordedAt.getTime()) : 0,
        eventsPerSecond: applied / (sampleMs / 1000),
        parked: parked.get(projection.name) ?? 0,
        lastError: null,
      };
    }),
  );
}

async function countEvents(
  store: EventStore,
  after: bigint,
  upTo: bigint,
  filter: { eventTypes: readonly string[] },
): Promise<number> {
  let count = 0;
  let position = after;
  for (;;) {
    const page = (await store.readAll({ after: position, maxCount: 5000, filter })).filter(
      (e) => e.position <= upTo,
    );
    count += page.length;
    if (page.length < 5000) return count;
    position = page.at(-1)!.position;
  }
}
