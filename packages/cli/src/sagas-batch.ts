import { runSagaBatch, type BatchAction, type SagaBatchResult, type SagaStatus } from '@orderflow/sagas';
import type { Knex } from 'knex';
import { toJson } from './json-output.ts';
import { cliActor, type Print } from './sagas.ts';

/** The filter options of `orderflow sagas retry|compensate|abort` as commander parses them. */
export interface SagaBatchOptions {
  /** Any case: `parked` or `PARKED`. */
  readonly status?: string;
  readonly type?: string;
  readonly search?: string;
  /** `--older-than`: seconds with no change (parsed by `parseDurationSeconds`). */
  readonly olderThan?: number;
  readonly dryRun?: boolean;
  readonly reason?: string;
  /** `--json`: the whole {@link SagaBatchResult} as one JSON document. */
  readonly json?: boolean;
}

/** True when any filter option is given (the command then acts on a filter, not an id). */
export const hasBatchFilter = (o: SagaBatchOptions): boolean =>
  o.status !== undefined || o.type !== undefined || o.search !== undefined || o.olderThan !== undefined;

/**
 * `orderflow sagas retry|compensate|abort --status S [--older-than D] [--type T] [--search S]
 * [--dry-run] [--reason R] [--json]`: `runSagaBatch` as `actor` (default `cli:$USER`). Prints
 * the count, then one line per saga: its id and new status, or its error code and message (a
 * dry run: the ids it would act on).
 * @returns the result; the caller exits 1 when a saga failed.
 * @throws OrderflowError VALIDATION_FAILED (no filter, a bad one, more than 1000 matches, an
 *   abort without a reason): nothing done.
 */
export async function sagaBatchCommand(
  db: Knex,
  action: BatchAction,
  options: SagaBatchOptions,
  print: Print,
  actor = cliActor(),
): Promise<SagaBatchResult> {
  const result = await runSagaBatch(
    db,
    {
      action,
      filter: {
        status: (options.status?.toLowerCase() as SagaStatus | undefined) ?? null,
        type: options.type ?? null,
        search: options.search ?? null,
        idleForSeconds: options.olderThan ?? null,
      },
      dryRun: options.dryRun,
    },
    { actor, reason: options.reason ?? null },
  );
  if (options.json) {
    print(toJson(result));
    return result;
  }
  if (result.dryRun) {
    print(`dry run: ${action} would act on ${result.matched} saga(s)`);
    result.ids.forEach((id) => print(id));
    return result;
  }
  print(
    `${action}: ${result.matched} saga(s), ${result.succeeded} done, ${result.failed} failed (by ${actor})`,
  );
  for (const r of result.results) print(r.ok ? `${r.id}  ${r.status}` : `${r.id}  ${r.code}: ${r.message}`);
  return result;
}
