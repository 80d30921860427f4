import type { Clock, CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import {
  dailySales,
  getOrder,
  getProduct,
  listOrders,
  listParkedEvents,
  listProducts,
  type DailySalesFilter,
  type OrderRow,
  type OrderStatus,
  type ProductRow,
} from '@orderflow/projections';
import type { Knex } from 'knex';
import { placeOrder, type PlaceOrderInput } from '../commands/place-order.ts';
import { cancelOrder, registerProduct, restock } from '../commands/other-commands.ts';
import { guarded } from './errors.ts';
import { awaitPosition, servingProjection, type ReadModels } from './freshness.ts';
import { orderStatusTopic, type PubSub } from './subscriptions.ts';

/** What resolvers need. */
export interface ResolverDeps {
  readonly db: Knex;
  readonly store: EventStore;
  readonly clock: Clock;
  /** The (cached) command handler shared with the process manager. */
  readonly run: CommandRunner;
  readonly readModels: ReadModels;
  /** Longest wait for a `minPosition`, ms. */
  readonly minPositionTimeoutMs: number;
}

type Fresh = { minPosition?: string | null };

const order = (row: OrderRow) => ({
  id: row.orderId,
  customerId: row.customerId,
  status: row.status,
  cancellationReason: row.cancellationReason,
  total: row.total,
  currency: row.currency,
  shippingCountry: row.shippingCountry,
  lines: row.lines,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  position: row.position.toString(),
});

const product = (row: ProductRow) => ({
  sku: row.sku,
  name: row.name,
  unitPrice: row.unitPrice,
  currency: row.currency,
  onHand: row.onHand,
  reserved: row.reserved,
  available: Math.max(0, row.onHand - row.reserved),
  updatedAt: row.updatedAt.toISOString(),
});

/** Query and Mutation resolvers over the command services and the read models. */
export function resolvers({ db, store, clock, run, readModels, minPositionTimeoutMs }: ResolverDeps) {
  const fresh = (projection: string, args: Fresh) =>
    awaitPosition(readModels, projection, args.minPosition, minPositionTimeoutMs);
  return {
    Query: {
      order: guarded(async (args: { id: string } & Fresh) => {
        await fresh('order-details', args);
        const row = await getOrder(db, args.id);
        return row && order(row);
      }),
      orders: guarded(
        async (
          args: { customerId?: string; status?: OrderStatus; first?: number; after?: string } & Fresh,
        ) => {
          await fresh('order-details', args);
          const page = await listOrders(db, args);
          return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: order(e.node) })) };
        },
      ),
      product: guarded(async (args: { sku: string } & Fresh) => {
        await fresh('stock-levels', args);
        const row = await getProduct(db, args.sku);
        return row && product(row);
      }),
      products: guarded(async (args: { first?: number; after?: string } & Fresh) => {
        await fresh('stock-levels', args);
        const page = await listProducts(db, args);
        return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: product(e.node) })) };
      }),
      dailySales: guarded(async (args: DailySalesFilter & Fresh) => {
        await fresh('daily-sales', args);
        return dailySales(db, args);
      }),
      orderStatus: guarded(async (args: { id: string } & Fresh) => {
        await fresh(servingProjection(readModels, 'order-status'), args);
        return readModels.queries.orderStatus(args.id);
      }),
      stockAvailability: guarded(async (args: { sku: string } & Fresh) => {
        await fresh(servingProjection(readModels, 'stock-availability'), args);
        return readModels.queries.stockAvailability(args.sku);
      }),
      topSellers: guarded(async (args: { first?: number | null } & Fresh) => {
        await fresh(servingProjection(readModels, 'top-sellers'), args);
        return readModels.queries.topSellers(args.first);
      }),
      projections: guarded(async () =>
        (await readModels.status()).map((s) => ({
          ...s,
          checkpoint: s.checkpoint.toString(),
          lagPositions: s.lagPositions.toString(),
        })),
      ),
      parkedEvents: guarded(async ({ projection }: { projection?: string | null }) =>
        (await listParkedEvents(db, projection ?? undefined)).map((p) => ({
          ...p,
          position: p.position.toString(),
          parkedAt: p.parkedAt.toISOString(),
        })),
      ),
    },
    Subscription: {
      orderStatusChanged: {
        subscribe: (_root: unknown, { orderId }: { orderId: string }, { pubsub }: { pubsub: PubSub }) =>
          pubsub.subscribe(orderStatusTopic(orderId)),
      },
    },
    Mutation: {
      registerProduct: guarded(
        async (args: {
          sku: string;
          name: string;
          unitPrice: number;
          currency: string;
          initialStock: number;
        }) => ({
          sku: args.sku,
          position: (await registerProduct(run, args)).toString(),
        }),
      ),
      restock: guarded(async ({ sku, quantity }: { sku: string; quantity: number }) => ({
        sku,
        position: (await restock(run, sku, quantity)).toString(),
      })),
      placeOrder: guarded(
        async ({ input, idempotencyKey }: { input: PlaceOrderInput; idempotencyKey: string }) => {
          const result = await placeOrder(store, clock, input, idempotencyKey);
          return { orderId: result.orderId, position: result.position.toString() };
        },
      ),
      cancelOrder: guarded(async ({ orderId }: { orderId: string }) => ({
        orderId,
        position: (await cancelOrder(run, clock, orderId))?.toString() ?? null,
      })),
    },
  };
}
