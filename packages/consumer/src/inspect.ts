import type { AllFilter, EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { readCheckpoint } from './checkpoints.ts';
import { countParkedEvents } from './parked.ts';
import type { StoredCheckpoint } from './processor.ts';
import type { ProcessorStatus } from './status.ts';

/** What {@link inspectProcessors} needs to know of a processor. */
export interface InspectedProcessor {
  readonly name: string;
  readonly eventTypes: readonly string[];
  readonly store: string;
  readonly version?: number;
  /** Reads its checkpoint where it keeps it. Default: `processor_checkpoints`. */
  readCheckpoint?(): Promise<StoredCheckpoint | null>;
}

/** Most pending events counted per processor; beyond it the lag is estimated from the head. */
const COUNT_LIMIT = 10_000;

/**
 * The status of processors as seen from outside the processes that run them (the CLI): reads
 * each checkpoint twice, `sampleMs` apart, and measures events/s from the events applied in
 * between; lag is measured on the events of the processor's types after its checkpoint
 * (exactly up to 10,000 of them, estimated from the head beyond). A processor with nothing
 * pending is `running`; one that is behind is `catching-up` when it moved during the sample,
 * else `stopped`.
 */
export async function inspectProcessors(
  db: Knex,
  store: EventStore,
  processors: readonly InspectedProcessor[],
  { sampleMs = 1000 }: { sampleMs?: number } = {},
): Promise<ProcessorStatus[]> {
  const read = (p: InspectedProcessor) =>
    p.readCheckpoint ? p.readCheckpoint() : readCheckpoint(db, p.name);
  const before = await Promise.all(processors.map(read));
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const parked = await countParkedEvents(db);
  const head = await store.headPosition();
  return Promise.all(
    processors.map(async (processor, i): Promise<ProcessorStatus> => {
      const stored = await read(processor);
      const checkpoint = stored?.position ?? 0n;
      const start = before[i]?.position ?? 0n;
      const filter = { eventTypes: processor.eventTypes };
      const applied = checkpoint > start ? await countEvents(store, start, checkpoint, filter) : 0;
      const pending = await store.readAll({ after: checkpoint, maxCount: COUNT_LIMIT, filter });
      const lagPositions =
        pending.length === 0
          ? 0n
          : pending.length < COUNT_LIMIT
            ? pending.at(-1)!.position - checkpoint
            : head - checkpoint;
      const now = new Date();
      return {
        name: processor.name,
        store: processor.store,
        version: stored?.version ?? processor.version ?? null,
        state: pending.length === 0 ? 'running' : checkpoint > start ? 'catching-up' : 'stopped',
        since: now,
        checkpoint,
        scanned: checkpoint,
        lagPositions,
        lagMs: pending.length ? Math.max(0, now.getTime() - pending[0]!.metadata.recordedAt.getTime()) : 0,
        eventsPerSecond: applied / (sampleMs / 1000),
        eventsApplied: 0,
        parked: parked.get(processor.name) ?? 0,
        lastError: null,
        caughtUpAt: pending.length === 0 ? now : null,
      };
    }),
  );
}

async function countEvents(
  store: EventStore,
  after: bigint,
  upTo: bigint,
  filter: AllFilter,
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
