import type { RecordedEvent } from '@orderflow/core';
import type { Knex } from 'knex';
import { lockCheckpoint, saveCheckpoint } from './checkpoints.ts';
import { parkEvent } from './parked.ts';
import type { Projection, TableNames } from './projection.ts';

/** Where a batch goes: the checkpoint row it moves and the tables it writes. */
export interface ApplyTarget {
  readonly checkpoint: string;
  readonly tables: TableNames;
}

/** Retry policy of {@link applyBatch}. */
export interface ApplyOptions {
  /** Tries per batch and per single event before parking it. Default 3. */
  readonly attempts?: number;
  /** First backoff in ms; doubles per try, with full jitter. Default 50. */
  readonly baseDelayMs?: number;
  /** Called for each parked event. */
  readonly onParked?: (event: RecordedEvent, error: unknown) => void;
  /** Called for each failed try that will be retried. */
  readonly onRetry?: (error: unknown) => void;
}

/** What {@link applyBatch} did. */
export interface ApplyOutcome {
  /** The events applied (those at or below the stored checkpoint are skipped). */
  readonly applied: RecordedEvent[];
  /** What the projection's `apply` returned for them (see {@link Projection.apply}), committed. */
  readonly changes: unknown[];
  readonly parked: RecordedEvent[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * True for failures of the database rather than of the handler: connection errors, Postgres
 * SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention), and
 * serialization failures / deadlocks (40001, 40P01). These are retried without end and never
 * park an event (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
export function isInfrastructureError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  if (/^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH|AI_AGAIN)$/.test(code)) return true;
  return /^(08|53|57)/.test(code) || code === '40001' || code === '40P01';
}

async function commit(
  db: Knex,
  projection: Projection,
  events: readonly RecordedEvent[],
  target: ApplyTarget,
): Promise<{ applied: RecordedEvent[]; changes: unknown[] }> {
  return db.transaction(async (trx) => {
    const checkpoint = await lockCheckpoint(trx, target.checkpoint);
    const fresh = events.filter((e) => e.position > checkpoint);
    if (fresh.length === 0) return { applied: [], changes: [] };
    const changes = (await projection.apply(trx, fresh, target.tables)) ?? [];
    await saveCheckpoint(trx, target.checkpoint, fresh.at(-1)!.position, projection.version);
    return { applied: fresh, changes: [...changes] };
  });
}

/**
 * Applies `events` and moves the checkpoint in one transaction. A failing handler is retried
 * (`attempts` tries, exponential backoff with full jitter — AWS Architecture Blog, "Exponential
 * Backoff And Jitter", 2015); then the batch is applied one event at a time and an event that
 * still fails is parked (recorded in `projection_parked`, checkpoint moved past it) so the
 * projection goes on. Database outages ({@link isInfrastructureError}) are retried until they
 * pass and park nothing.
 */
export async function applyBatch(
  db: Knex,
  projection: Projection,
  events: readonly RecordedEvent[],
  target: ApplyTarget,
  options: ApplyOptions = {},
): Promise<ApplyOutcome> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 50;
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      return { ...(await commit(db, projection, events, target)), parked: [] };
    } catch (error) {
      lastError = error;
      const infrastructure = isInfrastructureError(error);
      if (!infrastructure && attempt + 1 >= attempts) break;
      options.onRetry?.(error);
      await sleep(Math.random() * Math.min(5000, base * 2 ** Math.min(attempt, 10)));
    }
  }
  if (events.length > 1) {
    const applied: RecordedEvent[] = [];
    const parked: RecordedEvent[] = [];
    const changes: unknown[] = [];
    for (const event of events) {
      const outcome = await applyBatch(db, projection, [event], target, options);
      applied.push(...outcome.applied);
      parked.push(...outcome.parked);
      changes.push(...outcome.changes);
    }
    return { applied, parked, changes };
  }
  const [event] = events as [RecordedEvent];
  const parked = await db.transaction(async (trx) => {
    const checkpoint = await lockCheckpoint(trx, target.checkpoint);
    if (event.position <= checkpoint) return false;
    await parkEvent(trx, projection.name, event, lastError, attempts);
    await saveCheckpoint(trx, target.checkpoint, event.position, projection.version);
    return true;
  });
  if (parked) options.onParked?.(event, lastError);
  return { applied: [], parked: parked ? [event] : [], changes: [] };
}
