import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import type { SagaStatus } from '../runtime/process-manager.ts';
import { SAGA_INSTANCES } from '../runtime/tables.ts';
import { processManagers, type ProcessManagerRegistry } from '../registry.ts';
import { sagaFilter, type SagaFilter } from '../queries/filter.ts';
import { sagaId } from '../queries/ids.ts';
import { abortSaga, compensateSaga, retrySaga } from './actions.ts';
import type { OperatorRequest } from './instance-action.ts';

/** Most sagas one batch acts on; a filter matching more is refused (narrow it, or run again). */
export const MAX_BATCH_SIZE = 1000;

const ACTIONS = { retry: retrySaga, compensate: compensateSaga, abort: abortSaga } as const;

/** An operator action a batch applies to each saga. */
export type BatchAction = keyof typeof ACTIONS;

/** The sagas of a batch: a {@link SagaFilter}, optionally narrowed to some saga ids. */
export interface BatchFilter extends SagaFilter {
  /** Only these sagas (`<saga>:<instanceId>`) among those the filter matches, e.g. one chunk of a dry run's ids. */
  readonly ids?: readonly string[] | null;
}

/** What {@link runSagaBatch} is asked to do. */
export interface SagaBatchInput {
  readonly action: BatchAction;
  readonly filter: BatchFilter;
  /** Count and list the matching sagas, change nothing. */
  readonly dryRun?: boolean | null;
  /** Refuse unless the filter matches exactly this many sagas (the count an operator confirmed). */
  readonly expectedCount?: number | null;
}

/** How the action went for one saga. */
export interface SagaBatchItem {
  readonly id: string;
  readonly ok: boolean;
  /** Its status after the action; null when it failed. */
  readonly status: SagaStatus | null;
  /** The catalog code of the failure (e.g. INVALID_STATE), or INTERNAL; null when ok. */
  readonly code: string | null;
  readonly message: string | null;
  readonly commandIds: readonly string[];
}

/** The outcome of a batch: the matching sagas and, unless a dry run, how each one went. */
export interface SagaBatchResult {
  readonly action: BatchAction;
  readonly dryRun: boolean;
  /** Who acted, as each saga's step log records it (`request.actor`). */
  readonly actor: string;
  /** How many sagas the filter matches. */
  readonly matched: number;
  /** Their ids, oldest first (at most {@link MAX_BATCH_SIZE}). */
  readonly ids: readonly string[];
  readonly succeeded: number;
  readonly failed: number;
  /** One per saga acted on, in the order of `ids`; empty for a dry run. */
  readonly results: readonly SagaBatchItem[];
}

const hasCriterion = (f: BatchFilter) =>
  !!(f.status || f.type || f.search?.trim() || f.ids?.length) ||
  [f.stuckForSeconds, f.idleForSeconds, f.minAgeSeconds, f.maxAgeSeconds].some((v) => v != null);

/**
 * Applies `retrySaga`, `compensateSaga` or `abortSaga` to every saga `filter` matches, one
 * after another, each through the single-saga action (its own transaction, lock, state check
 * and `operator` step with `request.actor` and reason). A saga that fails (e.g. INVALID_STATE:
 * it moved on since the count) is reported in `results` and the others go on. `onProgress` is
 * called after each saga with (done, total). A dry run validates everything the same way and
 * changes nothing.
 * @throws OrderflowError VALIDATION_FAILED (`details.field`) — nothing done — for a filter with
 *   no criterion (`filter`), a bad filter, more than {@link MAX_BATCH_SIZE} matches unless a dry
 *   run (`filter`, `details.matched`), a count other than `expectedCount` (`expectedCount`,
 *   `details.matched`), more than MAX_BATCH_SIZE ids, a bad actor or reason, or an abort
 *   without a reason (`reason`).
 */
export async function runSagaBatch(
  db: Knex,
  input: SagaBatchInput,
  request: OperatorRequest,
  options: { managers?: ProcessManagerRegistry; onProgress?: (done: number, total: number) => void } = {},
): Promise<SagaBatchResult> {
  const { action, filter } = input;
  if (!Object.hasOwn(ACTIONS, action))
    throw validationFailed(`action must be one of ${Object.keys(ACTIONS).join(', ')}`, { field: 'action' });
  if (!hasCriterion(filter))
    throw validationFailed('a batch needs at least one filter (status, type, search, age…)', {
      field: 'filter',
    });
  if (filter.ids && filter.ids.length > MAX_BATCH_SIZE)
    throw validationFailed(`at most ${MAX_BATCH_SIZE} ids`, { field: 'ids', max: MAX_BATCH_SIZE });
  if (typeof request.actor !== 'string' || !request.actor.trim() || request.actor.length > 200)
    throw validationFailed('actor must be 1–200 characters', { field: 'actor' });
  if (request.reason != null && (typeof request.reason !== 'string' || request.reason.length > 1000))
    throw validationFailed('reason must be at most 1,000 characters', { field: 'reason' });
  if (action === 'abort' && !request.reason?.trim())
    throw validationFailed('aborting needs a reason: it leaves the orders as they are', { field: 'reason' });
  const base = db(SAGA_INSTANCES)
    .modify(sagaFilter(db, filter))
    .modify((q) => {
      if (filter.ids) q.whereRaw("saga || ':' || instance_id = ANY(?::text[])", [[...filter.ids]]);
    });
  const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: string }];
  const matched = Number(count);
  const dryRun = !!input.dryRun;
  if (input.expectedCount != null && input.expectedCount !== matched)
    throw validationFailed(`the filter matches ${matched} sagas, not ${input.expectedCount}`, {
      field: 'expectedCount',
      matched,
    });
  if (!dryRun && matched > MAX_BATCH_SIZE)
    throw validationFailed(`the filter matches ${matched} sagas; a batch acts on at most ${MAX_BATCH_SIZE}`, {
      field: 'filter',
      matched,
      max: MAX_BATCH_SIZE,
    });
  const rows = (await base
    .clone()
    .select('saga', 'instance_id')
    .orderBy('seq')
    .limit(MAX_BATCH_SIZE)) as Array<{
    saga: string;
    instance_id: string;
  }>;
  const ids = rows.map((r) => sagaId({ saga: r.saga, instanceId: r.instance_id }));
  const results: SagaBatchItem[] = [];
  if (!dryRun) {
    for (const id of ids) {
      results.push(await actOn(db, ACTIONS[action], id, request, options.managers ?? processManagers));
      options.onProgress?.(results.length, ids.length);
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return {
    action,
    dryRun,
    actor: request.actor,
    matched,
    ids,
    succeeded,
    failed: results.length - succeeded,
    results,
  };
}

async function actOn(
  db: Knex,
  act: (typeof ACTIONS)[BatchAction],
  id: string,
  request: OperatorRequest,
  managers: ProcessManagerRegistry,
): Promise<SagaBatchItem> {
  try {
    const outcome = await act(db, id, request, managers);
    return {
      id,
      ok: true,
      status: outcome.saga.status,
      code: null,
      message: null,
      commandIds: outcome.commandIds,
    };
  } catch (error) {
    // One saga's failure is its result; the batch goes on with the others.
    const code = (error as { code?: unknown }).code;
    return {
      id,
      ok: false,
      status: null,
      code: typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
      commandIds: [],
    };
  }
}
