import { OrderflowError, validationFailed, type Clock, type CommandRunner } from '@orderflow/core';
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
  type ReadModelQuery,
} from '@orderflow/projections';
import type { Knex } from 'knex';
import type { PriceLookup } from '../commands/catalog.ts';
import type { CouponLookup } from '../commands/coupons.ts';
import { placeOrder, type PlaceOrderInput } from '../commands/place-order.ts';
import {
  cancelOrder,
  changePrice,
  markDelivered,
  registerProduct,
  restock,
  shipOrder,
} from '../commands/other-commands.ts';
import { canSeeOrder, type OrderOwner } from '../auth/order-owner.ts';
import { requireAdmin, requireAuthenticated, requireCustomerAccess } from '../auth/principal.ts';
import { guarded, toGraphQLError } from './errors.ts';
import { moneyScalar } from './money.ts';
import { filterIterator } from './filter-iterator.ts';
import { awaitPosition, servingProjection, type ReadModels } from './freshness.ts';
import { orderStatusTopic, type SubscriptionContext } from './subscriptions.ts';

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
  /** Who placed an order (customers may only see and cancel their own). */
  readonly orderOwner: OrderOwner;
  /** The catalog's current prices, which placeOrder charges. */
  readonly prices: PriceLookup;
  /** The coupons placeOrder's codes are checked against and priced with. */
  readonly coupons: CouponLookup;
  /** Wraps the commands that do not go through `run` (placeOrder), e.g. to count and time them. */
  readonly measureCommand?: CommandMeter;
  /**
   * `run` without its own measuring, for placeOrder, which `measureCommand` measures as a whole
   * (refusals before the command included); the same cache as `run`. Default `run`.
   */
  readonly unmeasuredRun?: CommandRunner;
  /**
   * Low-stock threshold (units) of a product registered without `lowStockThreshold` (config
   * STOCK_ALERT_DEFAULT_THRESHOLD); 0: none. Recorded as the product's StockThresholdSet.
   */
  readonly defaultStockThreshold?: number;
}

/**
 * Runs `work`, the handling of one command of `type` (e.g. `PlaceOrder`), and resolves or rejects
 * as it does; the host's implementation counts it by result code and times it.
 */
export type CommandMeter = <T>(type: string, work: () => Promise<T>) => Promise<T>;

const unmeasured: CommandMeter = (_type, work) => work();

type Fresh = { minPosition?: string | null };

const order = (row: OrderRow) => ({
  id: row.orderId,
  customerId: row.customerId,
  status: row.status,
  cancellationReason: row.cancellationReason,
  rejectedCoupon: row.rejectedCoupon,
  subtotal: row.subtotal,
  discount: row.discount,
  total: row.total,
  currency: row.currency,
  coupons: row.coupons,
  shipment: row.shipment,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
  refundedAmount: row.refundedAmount,
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

/**
 * Query, Mutation and Subscription resolvers over the command services and the read models.
 * Every field needs an API key (UNAUTHENTICATED otherwise). Customers may place, cancel and see
 * their own orders only (another customer's order reads as null; acting on it is FORBIDDEN) and
 * read the catalog; registerProduct, restock, dailySales, projections and parkedEvents need an
 * admin (FORBIDDEN).
 */
export function resolvers({
  db,
  store,
  clock,
  run,
  readModels,
  minPositionTimeoutMs,
  orderOwner,
  prices,
  measureCommand = unmeasured,
  unmeasuredRun = run,
  coupons,
  defaultStockThreshold = 0,
}: ResolverDeps) {
  /** Waits for the read model that answers `query` to pass `args.minPosition`. */
  const fresh = (query: ReadModelQuery, args: Fresh) =>
    awaitPosition(readModels, servingProjection(readModels, query), args.minPosition, minPositionTimeoutMs);
  return {
    Money: moneyScalar,
    Query: {
      order: guarded(async (args: { id: string } & Fresh, { principal }) => {
        const p = requireAuthenticated(principal);
        await fresh('order', args);
        const row = await getOrder(db, args.id);
        return row && (p.role === 'admin' || row.customerId === p.customerId) ? order(row) : null;
      }),
      orders: guarded(
        async (
          args: { customerId?: string; status?: OrderStatus; first?: number; after?: string } & Fresh,
          { principal },
        ) => {
          const p = requireAuthenticated(principal);
          if (p.role === 'customer' && args.customerId != null) requireCustomerAccess(p, args.customerId);
          const customerId = p.role === 'customer' ? p.customerId : args.customerId;
          await fresh('orders', args);
          const page = await listOrders(db, { ...args, customerId });
          return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: order(e.node) })) };
        },
      ),
      product: guarded(async (args: { sku: string } & Fresh, { principal }) => {
        requireAuthenticated(principal);
        await fresh('product', args);
        const row = await getProduct(db, args.sku);
        return row && product(row);
      }),
      products: guarded(async (args: { first?: number; after?: string } & Fresh, { principal }) => {
        requireAuthenticated(principal);
        await fresh('products', args);
        const page = await listProducts(db, args);
        return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: product(e.node) })) };
      }),
      dailySales: guarded(async (args: DailySalesFilter & Fresh, { principal }) => {
        requireAdmin(principal);
        await fresh('dailySales', args);
        return dailySales(db, args);
      }),
      orderStatus: guarded(async (args: { id: string } & Fresh, { principal }) => {
        if (!(await canSeeOrder(orderOwner, principal, args.id))) return null;
        await fresh('orderStatus', args);
        return readModels.queries.orderStatus(args.id);
      }),
      stockAvailability: guarded(async (args: { sku: string } & Fresh, { principal }) => {
        requireAuthenticated(principal);
        await fresh('stockAvailability', args);
        return readModels.queries.stockAvailability(args.sku);
      }),
      topSellers: guarded(async (args: { first?: number | null } & Fresh, { principal }) => {
        requireAuthenticated(principal);
        await fresh('topSellers', args);
        return readModels.queries.topSellers(args.first);
      }),
      projections: guarded(async (_args: unknown, { principal }) => {
        requireAdmin(principal);
        return (await readModels.status()).map((s) => ({
          ...s,
          since: s.since.toISOString(),
          checkpoint: s.checkpoint.toString(),
          scanned: s.scanned.toString(),
          lagPositions: s.lagPositions.toString(),
        }));
      }),
      parkedEvents: guarded(async ({ projection }: { projection?: string | null }, { principal }) => {
        requireAdmin(principal);
        return (await listParkedEvents(db, projection ?? undefined)).map((p) => ({
          ...p,
          projection: p.processor,
          position: p.position.toString(),
          parkedAt: p.parkedAt.toISOString(),
        }));
      }),
    },
    Subscription: {
      orderStatusChanged: {
        subscribe: async (_root: unknown, { orderId }: { orderId: string }, ctx: SubscriptionContext) => {
          let customerId: string | null = null;
          try {
            const p = requireAuthenticated(ctx.principal ?? null);
            if (p.role === 'customer') {
              // An order not placed yet may be followed (clients subscribe before placing, so
              // they miss nothing); each change is delivered only once the order is theirs.
              const owner = await orderOwner(orderId);
              if (owner !== null && owner !== p.customerId)
                throw new OrderflowError('FORBIDDEN', 'a customer key can only follow its own orders');
              customerId = p.customerId;
            }
          } catch (error) {
            throw toGraphQLError(error, ctx.app.log);
          }
          const source = await ctx.pubsub.subscribe(orderStatusTopic(orderId));
          if (customerId === null) return source;
          return filterIterator(
            (source as AsyncIterable<unknown>)[Symbol.asyncIterator](),
            async () => (await orderOwner(orderId)) === customerId,
            (payload) => payload,
          );
        },
      },
    },
    Mutation: {
      registerProduct: guarded(
        async (
          {
            price,
            unitPrice,
            ...args
          }: {
            sku: string;
            name: string;
            price?: number | null;
            unitPrice?: number | null;
            currency: string;
            initialStock: number;
            lowStockThreshold?: number | null;
          },
          { principal },
        ) => {
          requireAdmin(principal);
          if ((price == null) === (unitPrice == null))
            throw validationFailed('give the price as exactly one of price (Money) and unitPrice (Int)', {
              field: 'price',
            });
          const { lowStockThreshold, ...rest } = args;
          const input = {
            ...rest,
            unitPrice: (price ?? unitPrice)!,
            lowStockThreshold: lowStockThreshold ?? defaultStockThreshold,
          };
          return { sku: args.sku, position: (await registerProduct(run, input)).toString() };
        },
      ),
      changePrice: guarded(async ({ sku, unitPrice }: { sku: string; unitPrice: number }, { principal }) => {
        requireAdmin(principal);
        const result = await changePrice(run, sku, unitPrice);
        return { sku, unitPrice: result.unitPrice, position: result.position?.toString() ?? null };
      }),
      restock: guarded(async ({ sku, quantity }: { sku: string; quantity: number }, { principal }) => {
        requireAdmin(principal);
        return { sku, position: (await restock(run, sku, quantity)).toString() };
      }),
      placeOrder: guarded(
        async (
          { input, idempotencyKey }: { input: PlaceOrderInput; idempotencyKey: string },
          { principal },
        ) => {
          requireCustomerAccess(principal, input?.customerId);
          // A business time other than now is an import of past orders: a customer cannot backdate.
          if (input?.placedAt != null) requireAdmin(principal);
          const result = await measureCommand('PlaceOrder', () =>
            placeOrder({ store, run: unmeasuredRun, clock, prices, coupons }, input, idempotencyKey),
          );
          return { orderId: result.orderId, position: result.position.toString() };
        },
      ),
      shipOrder: guarded(
        async (input: { orderId: string; carrier: string; trackingNumber: string }, { principal }) => {
          requireAdmin(principal);
          return {
            orderId: input.orderId,
            position: (await shipOrder(run, clock, input))?.toString() ?? null,
          };
        },
      ),
      markDelivered: guarded(async ({ orderId }: { orderId: string }, { principal }) => {
        requireAdmin(principal);
        return { orderId, position: (await markDelivered(run, clock, orderId))?.toString() ?? null };
      }),
      cancelOrder: guarded(async ({ orderId }: { orderId: string }, { principal }) => {
        if (!(await canSeeOrder(orderOwner, principal, orderId)))
          throw new OrderflowError('FORBIDDEN', 'a customer key can only cancel its own orders');
        return { orderId, position: (await cancelOrder(run, clock, orderId))?.toString() ?? null };
      }),
    },
  };
}
