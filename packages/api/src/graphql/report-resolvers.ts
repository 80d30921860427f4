import { hourlyFulfilment, hourlySales, type HourlySalesRow } from '@orderflow/projections';
import type { Knex } from 'knex';
import { requireAdmin } from '../auth/principal.ts';
import { guarded } from './errors.ts';
import { awaitPosition, servingProjection, type ReadModels } from './freshness.ts';

type Fresh = { minPosition?: string | null };
type Range = { from: string; to: string };

const salesRow = (row: HourlySalesRow) => ({
  ...row,
  cancellations: Object.entries(row.cancellations)
    .map(([reason, orders]) => ({ reason, orders }))
    .sort((a, b) => b.orders - a.orders || a.reason.localeCompare(b.reason)),
});

/**
 * Resolvers of the reports schema: `hourlySales` and `hourlyFulfilment` (the hourly-sales and
 * hourly-fulfilment read models). Admin only (FORBIDDEN); bad bounds are VALIDATION_FAILED.
 */
export function reportResolvers(deps: { db: Knex; readModels: ReadModels; minPositionTimeoutMs: number }) {
  const { db, readModels, minPositionTimeoutMs } = deps;
  const fresh = (query: 'hourlySales' | 'hourlyFulfilment', args: Fresh) =>
    awaitPosition(readModels, servingProjection(readModels, query), args.minPosition, minPositionTimeoutMs);
  return {
    Query: {
      hourlySales: guarded(async (args: Range & { country?: string | null } & Fresh, { principal }) => {
        requireAdmin(principal);
        await fresh('hourlySales', args);
        return (await hourlySales(db, args)).map(salesRow);
      }),
      hourlyFulfilment: guarded(async (args: Range & Fresh, { principal }) => {
        requireAdmin(principal);
        await fresh('hourlyFulfilment', args);
        return hourlyFulfilment(db, args);
      }),
    },
  };
}
