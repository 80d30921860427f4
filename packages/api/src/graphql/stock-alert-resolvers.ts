import type { CommandRunner } from '@orderflow/core';
import { inventoryDecider, inventoryStream } from '@orderflow/domain';
import { listLowStock } from '@orderflow/projections';
import type { Knex } from 'knex';
import { requireAdmin } from '../auth/principal.ts';
import { guarded, toGraphQLError } from './errors.ts';
import { awaitPosition, servingProjection, type ReadModels } from './freshness.ts';
import { STOCK_ALERTS_TOPIC, type SubscriptionContext } from './subscriptions.ts';

/**
 * Resolvers of the low-stock alerts: `lowStock` (the stock-alerts read model), the
 * `setStockThreshold` mutation and the `stockAlerts` subscription. All admin only (FORBIDDEN).
 */
export function stockAlertResolvers(deps: {
  db: Knex;
  run: CommandRunner;
  readModels: ReadModels;
  minPositionTimeoutMs: number;
}) {
  const { db, run, readModels, minPositionTimeoutMs } = deps;
  return {
    Query: {
      lowStock: guarded(async (args: { first?: number; minPosition?: string | null }, { principal }) => {
        requireAdmin(principal);
        await awaitPosition(
          readModels,
          servingProjection(readModels, 'lowStock'),
          args.minPosition,
          minPositionTimeoutMs,
        );
        return (await listLowStock(db, args.first ?? 100)).map((r) => ({
          ...r,
          position: r.position.toString(),
          at: r.changedAt.toISOString(),
        }));
      }),
    },
    Mutation: {
      setStockThreshold: guarded(
        async ({ sku, threshold }: { sku: string; threshold: number }, { principal }) => {
          requireAdmin(principal);
          const result = await run(inventoryDecider, inventoryStream(sku), {
            type: 'SetStockThreshold',
            data: { sku, threshold },
          });
          return { sku, threshold, position: result.position?.toString() ?? null };
        },
      ),
    },
    Subscription: {
      stockAlerts: {
        subscribe: async (_root: unknown, _args: unknown, ctx: SubscriptionContext) => {
          try {
            requireAdmin(ctx.principal ?? null);
          } catch (error) {
            throw toGraphQLError(error, ctx.app.log);
          }
          return ctx.pubsub.subscribe(STOCK_ALERTS_TOPIC);
        },
      },
    },
  };
}
