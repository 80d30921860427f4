/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { OrderflowError } from '@orderflow/core';
import {
  abortSaga,
  compensateSaga,
  formatSagaTimeline,
  getSaga,
  listSagas,
  retrySaga,
  type OperatorOutcome,
  type SagaStatus,
  type SagaSummary,
} from '@orderflow/sagas';
import type { Knex } from 'knex';
import { colourStatus, humanDuration, renderTable, styleFor } from './human-output.ts';
import { toJson } from './json-output.ts';

/** Where a command's output lines go (console.log by default; tests collect them). */
export type Print = (line: string) => void;

/** Options of `orderflow sagas list` as commander parses them. */
export interface SagasListOptions {
  readonly status?: string;
  readonly type?: string;
  /** A saga, order or customer id or a SKU (exact). */
  readonly search?: string;
  /** Seconds an open saga has not changed. */
  readonly stuckFor?: number;
  /** Most sagas printed. */
  readonly limit: number;
  /** `--json`: one JSON document `{ sagas, total }` instead of lines. */
  readonly json?: boolean;
}

/** The actor recorded in the step log for operator actions from this terminal: `cli:$USER`. */
export const cliActor = (env: NodeJS.ProcessEnv = process.env): string =>
  `cli:${env.USER || env.LOGNAME || 'unknown'}`;

/**
 * `orderflow sagas list`: sagas newest first (paged through `listSagas`, up to `limit`) as a
 * table (id, status, idle time since the last change, error), then how many matched.
 * @throws OrderflowError VALIDATION_FAILED for an unknown status or a bad number.
 */
export async function listSagasCommand(
  db: Knex,
  options: SagasListOptions,
  print: Print = console.log,
): Promise<void> {
  const found: SagaSummary[] = [];
  let after: string | null = null;
  let total = 0;
  while (found.length < options.limit) {
    const page = await listSagas(db, {
      status: (options.status as SagaStatus | undefined) ?? null,
      type: options.type ?? null,
      search: options.search ?? null,
      stuckForSeconds: options.stuckFor ?? null,
      first: Math.min(500, options.limit - found.length),
      after,
    });
    total = page.totalCount;
    found.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  if (options.json) return print(toJson({ sagas: found, total }));
  const style = styleFor(print);
  const now = Date.now();
  if (found.length > 0)
    renderTable(
      ['id', 'status', 'idle', 'error'],
      found.map((s) => [
        s.id,
        colourStatus(s.status, style),
        humanDuration(now - s.updatedAt.getTime()),
        s.error ?? '',
      ]),
      style,
    ).forEach((line) => print(line));
  print(`${found.length} of ${total} saga(s)`);
}

/**
 * `orderflow sagas show ID`: the saga's status, error, state, commands, timers and step log as
 * a timeline (`--json`: the saga as one JSON document). `id` is `<saga>:<instanceId>` or the
 * instance (order) id.
 * @throws OrderflowError NOT_FOUND when there is no such saga, VALIDATION_FAILED for a bad id.
 */
export async function showSagaCommand(
  db: Knex,
  id: string,
  print: Print = console.log,
  options: { json?: boolean } = {},
): Promise<void> {
  const saga = await getSaga(db, id);
  if (!saga) throw new OrderflowError('NOT_FOUND', `saga ${id} does not exist`, { id });
  if (options.json) return print(toJson(saga));
  formatSagaTimeline(saga).forEach((line) => print(line));
}

const ACTIONS = { retry: retrySaga, compensate: compensateSaga, abort: abortSaga } as const;

/** An operator action of `orderflow sagas`. */
export type SagaAction = keyof typeof ACTIONS;

/**
 * `orderflow sagas retry|compensate|abort ID [--reason TEXT]`: runs the action as `actor`
 * (default `cli:$USER`) and prints the saga's new status and the commands queued; the running
 * server's process manager sends them within its sweep interval.
 * @throws OrderflowError NOT_FOUND, INVALID_STATE, VALIDATION_FAILED (see the actions).
 */
export async function sagaActionCommand(
  db: Knex,
  action: SagaAction,
  id: string,
  options: { reason?: string },
  print: Print = console.log,
  actor = cliActor(),
): Promise<OperatorOutcome> {
  const outcome = await ACTIONS[action](db, id, { actor, reason: options.reason ?? null });
  print(`${action}: ${outcome.saga.id} is ${outcome.saga.status} (by ${actor})`);
  if (outcome.commandIds.length > 0)
    print(`queued ${outcome.commandIds.length} command(s): ${outcome.commandIds.join(', ')}`);
  return outcome;
}
