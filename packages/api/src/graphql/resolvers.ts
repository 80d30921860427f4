import type { Clock, CommandRunner } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import {
  getOrder,
  getProduct,
  listOrders,
  listProducts,
  type OrderRow,
  type OrderStatus,
  type ProductRow,
} from '@orderflow/projections';
import type { Knex } from 'knex';
import { placeOrder, type PlaceOrderInput } from '../commands/place-order.ts';
import { cancelOrder, registerProduct, restock } from '../commands/other-commands.ts';
import { guarded } from './errors.ts';

/** What resolvers need. */
export interface ResolverDeps {
  readonly db: Knex;
  readonly store: EventStore;
  readonly clock: Clock;
  /** The (cached) command handler shared with the process manager. */
  readonly run: CommandRunner;
}

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
export function resolvers({ db, store, clock, run }: ResolverDeps) {
  return {
    Query: {
      order: guarded(async ({ id }: { id: string }) => {
        const row = await getOrder(db, id);
        return row && order(row);
      }),
      orders: guarded(
        async (args: { customerId?: string; status?: OrderStatus; first?: number; after?: string }) => {
          const page = await listOrders(db, args);
          return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: order(e.node) })) };
        },
      ),
      product: guarded(async ({ sku }: { sku: string }) => {
        const row = await getProduct(db, sku);
        return row && product(row);
      }),
      products: guarded(async (args: { first?: number; after?: string }) => {
        const page = await listProducts(db, args);
        return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: product(e.node) })) };
      }),
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
