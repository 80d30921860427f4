import { validationFailed } from '@orderflow/core';
import { runSagaBatch, SAGA_STATUSES, type BatchAction, type SagaStatus } from '@orderflow/sagas';
import type { Knex } from 'knex';
import { requireAdmin } from '../auth/principal.ts';
import { guarded } from './errors.ts';

/** The `sagasBatch` arguments as GraphQL passes them. */
interface SagasBatchArgs {
  action: string;
  filter: {
    status?: string | null;
    type?: string | null;
    search?: string | null;
    olderThanSeconds?: number | null;
    stuckForSeconds?: number | null;
    minAgeSeconds?: number | null;
    maxAgeSeconds?: number | null;
    ids?: string[] | null;
  };
  dryRun?: boolean | null;
  reason?: string | null;
  expectedCount?: number | null;
}

const ACTIONS: Record<string, BatchAction> = { RETRY: 'retry', COMPENSATE: 'compensate', ABORT: 'abort' };

/** A GraphQL `SagaStatus` as the runtime names it. @throws VALIDATION_FAILED for an unknown one. */
export function fromGraphQLStatus(s: string | null | undefined): SagaStatus | null {
  if (s == null) return null;
  const status = s.toLowerCase() as SagaStatus;
  if (!SAGA_STATUSES.includes(status))
    throw validationFailed(`unknown saga status ${s}`, { field: 'status' });
  return status;
}

/**
 * The `sagasBatch` mutation (admin key): `runSagaBatch` as the key's actor
 * (`graphql:<label>`), then a wake of the process manager so queued commands go out at once.
 */
export function sagasBatchResolver(db: Knex, wake?: () => void) {
  return guarded(async (args: SagasBatchArgs, { principal }) => {
    const admin = requireAdmin(principal);
    const action = ACTIONS[args.action];
    if (!action) throw validationFailed(`unknown action ${args.action}`, { field: 'action' });
    const { olderThanSeconds, ...filter } = args.filter;
    const result = await runSagaBatch(
      db,
      {
        action,
        filter: { ...filter, idleForSeconds: olderThanSeconds, status: fromGraphQLStatus(filter.status) },
        dryRun: args.dryRun,
        expectedCount: args.expectedCount,
      },
      { actor: admin.actor, reason: args.reason },
    );
    if (result.succeeded > 0) wake?.();
    return {
      ...result,
      action: args.action,
      results: result.results.map((r) => ({ ...r, status: r.status?.toUpperCase() ?? null })),
    };
  });
}
