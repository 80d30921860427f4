import { validationFailed } from '@orderflow/core';
import type { OrderCoupon, RecordedOrderLine, RejectedCoupon, Shipment } from '@orderflow/domain';
import type { Knex } from 'knex';
import { liveTables, type TableNames } from '../../runtime/postgres/projection.ts';
import { zeroByStatus, type OrderRow, type OrderStatus } from './row.ts';
import { ORDER_LINES_TABLE, ORDERS_TABLE } from './schema.ts';

interface DbOrder {
  order_id: string;
  customer_id: string;
  status: OrderStatus;
  cancellation_reason: string | null;
  rejected_coupon: RejectedCoupon | null;
  subtotal: string;
  discount: string;
  total: string;
  currency: string;
  coupons: OrderCoupon[];
  shipment: Shipment | null;
  delivered_at: Date | null;
  refunded_amount: string;
  shipping_country: string | null;
  created_at: Date;
  updated_at: Date;
  position: string;
}

const fromDb = (row: DbOrder, lines: readonly RecordedOrderLine[]): OrderRow => ({
  orderId: row.order_id,
  customerId: row.customer_id,
  status: row.status,
  cancellationReason: row.cancellation_reason,
  rejectedCoupon: row.rejected_coupon,
  subtotal: Number(row.subtotal),
  discount: Number(row.discount),
  total: Number(row.total),
  currency: row.currency,
  coupons: row.coupons,
  shippingCountry: row.shipping_country,
  lines,
  shipment: row.shipment,
  deliveredAt: row.delivered_at,
  refundedAmount: Number(row.refunded_amount),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  position: BigInt(row.position),
});

/** Rows of `ids` (missing ones absent), with their lines unless `withLines` is false. */
export async function loadOrderRows(
  db: Knex,
  ids: readonly string[],
  { withLines = true, tables = liveTables }: { withLines?: boolean; tables?: TableNames } = {},
): Promise<Map<string, OrderRow>> {
  const out = new Map<string, OrderRow>();
  if (ids.length === 0) return out;
  // `= ANY(array)`: one parameter and an index lookup whatever the number of ids.
  const rows = (await db.raw(`SELECT * FROM ?? WHERE order_id = ANY(?)`, [tables(ORDERS_TABLE), [...ids]]))
    .rows as DbOrder[];
  const lines = new Map<string, RecordedOrderLine[]>();
  if (withLines && rows.length > 0) {
    const lineRows = await db(tables(ORDER_LINES_TABLE))
      .whereIn(
        'order_id',
        rows.map((r) => r.order_id),
      )
      .orderBy(['order_id', 'line_no']);
    for (const l of lineRows as Array<{
      order_id: string;
      sku: string;
      quantity: number;
      unit_price: string;
      discount: string;
    }>) {
      const list = lines.get(l.order_id) ?? [];
      list.push({
        sku: l.sku,
        quantity: l.quantity,
        unitPrice: Number(l.unit_price),
        discount: Number(l.discount),
      });
      lines.set(l.order_id, list);
    }
  }
  for (const row of rows) out.set(row.order_id, fromDb(row, lines.get(row.order_id) ?? []));
  return out;
}

/** One order with its lines, or null. */
export async function getOrder(db: Knex, orderId: string): Promise<OrderRow | null> {
  return (await loadOrderRows(db, [orderId])).get(orderId) ?? null;
}

/** Filters and keyset page of {@link listOrders}; `first` is 0..100 and `after` a cursor. */
export interface ListOrdersInput {
  readonly customerId?: string | null;
  readonly status?: OrderStatus | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** A page of a connection (Relay cursor connections). */
export interface Page<T> {
  readonly totalCount: number;
  readonly edges: ReadonlyArray<{ cursor: string; node: T }>;
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const encodeCursor = (row: OrderRow): string =>
  Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.orderId])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      if (!Number.isNaN(Date.parse(value[0]))) return [value[0], value[1]];
    }
  } catch {
    // fall through
  }
  throw validationFailed('after is not a cursor of this list', { field: 'after' });
}

/** Validates a page size: an integer from 0 to 100 (default 20). */
export function pageSize(first: number | null | undefined): number {
  const n = first ?? 20;
  if (!Number.isInteger(n) || n < 0 || n > 100)
    throw validationFailed('first must be an integer from 0 to 100', { field: 'first' });
  return n;
}

/**
 * Orders, newest first (by createdAt, then id), optionally of one customer and/or status, as a
 * cursor connection.
 */
export async function listOrders(db: Knex, input: ListOrdersInput): Promise<Page<OrderRow>> {
  const first = pageSize(input.first);
  const base = db<DbOrder>(ORDERS_TABLE).modify((q) => {
    if (input.customerId) q.where('customer_id', input.customerId);
    if (input.status) q.where('status', input.status);
  });
  const [{ count }] = (await base.clone().count({ count: '*' })) as [{ count: string }];
  const page = base.clone().orderBy([
    { column: 'created_at', order: 'desc' },
    { column: 'order_id', order: 'desc' },
  ]);
  if (input.after) {
    const [createdAt, orderId] = decodeCursor(input.after);
    page.whereRaw('(created_at, order_id) < (?::timestamptz, ?)', [createdAt, orderId]);
  }
  const rows: DbOrder[] = first === 0 ? [] : await page.limit(first + 1);
  const ids = rows.slice(0, first).map((r) => r.order_id);
  const full = await loadOrderRows(db, ids);
  const nodes = ids.map((id) => full.get(id)!);
  return {
    totalCount: Number(count),
    edges: nodes.map((node) => ({ cursor: encodeCursor(node), node })),
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: nodes.length ? encodeCursor(nodes.at(-1)!) : null,
    },
  };
}

/** Number of orders per status. */
export async function countOrdersByStatus(db: Knex): Promise<Record<OrderStatus, number>> {
  const rows = (await db(ORDERS_TABLE).select('status').count({ count: '*' }).groupBy('status')) as Array<{
    status: OrderStatus;
    count: string;
  }>;
  const out = zeroByStatus();
  for (const r of rows) out[r.status] = Number(r.count);
  return out;
}
