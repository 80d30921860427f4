import type { Knex } from 'knex';
import type { OutboxStatus } from '../runtime/outbox.ts';
import { SAGA_COMMANDS, SAGA_INSTANCES, SAGA_STEPS, SAGA_TIMERS } from '../runtime/tables.ts';
import { decodeCursor, encodeCursor, pageSize, type SagaPage } from './cursor.ts';
import { findSagaKey, requireSagaKey } from './ids.ts';
import {
  expandStepRows,
  STEP_GROUP,
  STEPS_PER_ROW,
  SUMMARY_COLUMNS,
  toSummary,
  type SagaDetails,
  type SagaStep,
  type StepRow,
  type SummaryRow,
} from './views.ts';

/** Most steps {@link getSaga} returns; page through longer logs with {@link listSagaSteps}. */
export const MAX_DETAIL_STEPS = 1000;

/**
 * One saga with its state, outbox commands, timers and step log (oldest first, at most
 * `maxSteps`, default {@link MAX_DETAIL_STEPS}; 0 when the caller pages the log itself with
 * {@link listSagaSteps}). `id` is `<saga>:<instanceId>` or a bare instance id.
 * @returns null when there is no such saga.
 * @throws OrderflowError VALIDATION_FAILED for an empty id or a bare id several sagas share.
 */
export async function getSaga(
  db: Knex,
  id: string,
  { maxSteps = MAX_DETAIL_STEPS }: { maxSteps?: number } = {},
): Promise<SagaDetails | null> {
  const key = await findSagaKey(db, id);
  if (!key) return null;
  const where = { saga: key.saga, instance_id: key.instanceId };
  const [row, commands, timers, steps] = await Promise.all([
    db(SAGA_INSTANCES)
      .select([...SUMMARY_COLUMNS, 'state'])
      .where(where)
      .first() as Promise<(SummaryRow & { state: unknown }) | undefined>,
    db(SAGA_COMMANDS).where(where).orderBy(['created_at', 'command_id']) as Promise<
      Array<{
        command_id: string;
        type: string;
        data: Record<string, unknown>;
        status: OutboxStatus;
        attempts: number;
        last_error: string | null;
        created_at: Date;
        updated_at: Date;
      }>
    >,
    db(SAGA_TIMERS).where(where).orderBy('due_at') as Promise<
      Array<{
        name: string;
        due_at: Date;
        input_type: string;
        fired_at: Date | null;
        cancelled_at: Date | null;
      }>
    >,
    db(SAGA_STEPS)
      .select('seq', 'kind', 'detail', 'position', 'actor', 'at')
      .where(where)
      .orderBy('seq')
      .limit(maxSteps + 1) as Promise<StepRow[]>,
  ]);
  if (!row) return null;
  const allSteps = expandStepRows(steps);
  return {
    ...toSummary(row),
    state: row.state,
    commands: commands.map((c) => ({
      commandId: c.command_id,
      type: c.type,
      data: c.data,
      status: c.status,
      attempts: c.attempts,
      lastError: c.last_error,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    })),
    timers: timers.map((t) => ({
      name: t.name,
      dueAt: t.due_at,
      input: t.input_type,
      firedAt: t.fired_at,
      cancelledAt: t.cancelled_at,
    })),
    steps: allSteps.slice(0, maxSteps),
    stepsTruncated: allSteps.length > maxSteps,
  };
}

/**
 * A saga's step log, oldest first, as a cursor connection (keyset on `seq`; page size 0..500).
 * @throws OrderflowError NOT_FOUND for an unknown saga; VALIDATION_FAILED for a bad id, page
 *   size or cursor.
 */
export async function listSagaSteps(
  db: Knex,
  id: string,
  input: { first?: number | null; after?: string | null } = {},
): Promise<SagaPage<SagaStep>> {
  const key = await requireSagaKey(db, id);
  const first = pageSize(input.first, 100);
  const after = input.after ? Number(decodeCursor(input.after)) : null;
  const base = db(SAGA_STEPS).where({ saga: key.saga, instance_id: key.instanceId });
  const [{ count }] = (await base
    .clone()
    .select(
      db.raw(`coalesce(sum(CASE WHEN kind = ? THEN jsonb_array_length(detail) ELSE 1 END), 0) AS count`, [
        STEP_GROUP,
      ]),
    )) as [{ count: string }];
  // Rows hold one step or more: first + 2 rows hold first + 1 steps after the cursor even when
  // the cursor's own row has none left.
  const rows = (await base
    .clone()
    .select('seq', 'kind', 'detail', 'position', 'actor', 'at')
    .modify((q) => {
      if (after !== null) q.where('seq', '>=', Math.floor(after / STEPS_PER_ROW));
    })
    .orderBy('seq')
    .limit(first + 2)) as StepRow[];
  const steps = expandStepRows(rows).filter((s) => after === null || s.seq > after);
  const page = steps.slice(0, first);
  return {
    totalCount: Number(count),
    edges: page.map((s) => ({ cursor: encodeCursor(s.seq), node: s })),
    pageInfo: {
      hasNextPage: steps.length > first,
      endCursor: page.length ? encodeCursor(page.at(-1)!.seq) : null,
    },
  };
}
