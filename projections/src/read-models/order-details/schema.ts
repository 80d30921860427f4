import type { Migration } from '../../runtime/postgres/projection.ts';

export const ORDERS_TABLE = 'orders';
export const ORDER_LINES_TABLE = 'order_lines';

export const orderDetailsMigration: Migration = {
  name: '0002_order_details',
  async up(knex) {
    await knex.schema.createTable(ORDERS_TABLE, (t) => {
      t.text('order_id').primary();
      t.text('customer_id').notNullable();
      t.text('status').notNullable();
      t.text('cancellation_reason');
      t.bigInteger('total').notNullable();
      t.text('currency').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable();
      t.bigInteger('position').notNullable();
      t.index(['customer_id', 'created_at', 'order_id']);
      t.index(['status', 'created_at', 'order_id']);
      t.index(['created_at', 'order_id']);
    });
    await knex.schema.createTable(ORDER_LINES_TABLE, (t) => {
      t.text('order_id').notNullable().references('order_id').inTable(ORDERS_TABLE).onDelete('CASCADE');
      t.integer('line_no').notNullable();
      t.text('sku').notNullable();
      t.integer('quantity').notNullable();
      t.bigInteger('unit_price').notNullable();
      t.primary(['order_id', 'line_no']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(ORDER_LINES_TABLE);
    await knex.schema.dropTable(ORDERS_TABLE);
  },
};

/** OrderCreated v2 added the shipping country; orders of release 0.1 keep null. */
export const orderShippingCountryMigration: Migration = {
  name: '0004_order_shipping_country',
  up: (knex) => knex.schema.alterTable(ORDERS_TABLE, (t) => void t.text('shipping_country')),
  down: (knex) => knex.schema.alterTable(ORDERS_TABLE, (t) => void t.dropColumn('shipping_country')),
};

/**
 * `0008_order_lines_without_fk`: drops the foreign key order_lines → orders. The projection
 * writes an order and its lines in one transaction, so the key never caught anything, while it
 * cost two lookups of `orders` per order placed; and a rebuilt model (shadow tables) never had
 * it, so the live and the rebuilt schema now agree.
 */
export const orderLinesWithoutForeignKeyMigration: Migration = {
  name: '0008_order_lines_without_fk',
  up: (knex) => knex.schema.alterTable(ORDER_LINES_TABLE, (t) => void t.dropForeign(['order_id'])),
  down: (knex) =>
    knex.schema.alterTable(
      ORDER_LINES_TABLE,
      (t) => void t.foreign('order_id').references('order_id').inTable(ORDERS_TABLE).onDelete('CASCADE'),
    ),
};

/**
 * `0009_order_coupons`: what coupons did to an order — subtotal, discount and the codes applied
 * on `orders`, the discount on each line, and the refused coupon of a COUPON_REJECTED order.
 * Orders placed before coupons read as subtotal = total, no discount: the same values a rebuild
 * from their upcast events gives.
 */
export const orderCouponsMigration: Migration = {
  name: '0009_order_coupons',
  async up(knex) {
    await knex.schema.alterTable(ORDERS_TABLE, (t) => {
      t.bigInteger('subtotal');
      t.bigInteger('discount').notNullable().defaultTo(0);
      t.jsonb('coupons').notNullable().defaultTo('[]');
      t.jsonb('rejected_coupon');
    });
    await knex.raw('UPDATE ?? SET subtotal = total', [ORDERS_TABLE]);
    await knex.raw('ALTER TABLE ?? ALTER COLUMN subtotal SET NOT NULL', [ORDERS_TABLE]);
    await knex.schema.alterTable(
      ORDER_LINES_TABLE,
      (t) => void t.bigInteger('discount').notNullable().defaultTo(0),
    );
  },
  async down(knex) {
    await knex.schema.alterTable(ORDERS_TABLE, (t) => {
      t.dropColumns('subtotal', 'discount', 'coupons', 'rejected_coupon');
    });
    await knex.schema.alterTable(ORDER_LINES_TABLE, (t) => void t.dropColumn('discount'));
  },
};

/** `0011_order_shipment`: carrier, tracking number and time of a SHIPPED order; when it was DELIVERED. */
export const orderShipmentMigration: Migration = {
  name: '0011_order_shipment',
  up: (knex) =>
    knex.schema.alterTable(ORDERS_TABLE, (t) => {
      t.jsonb('shipment');
      t.timestamp('delivered_at', { useTz: true });
    }),
  down: (knex) => knex.schema.alterTable(ORDERS_TABLE, (t) => void t.dropColumns('shipment', 'delivered_at')),
};

/** `0015_order_refunds`: minor units refunded so far on an order (0 without refunds). */
export const orderRefundsMigration: Migration = {
  name: '0015_order_refunds',
  up: (knex) =>
    knex.schema.alterTable(ORDERS_TABLE, (t) => {
      t.bigInteger('refunded_amount').notNullable().defaultTo(0);
    }),
  down: (knex) => knex.schema.alterTable(ORDERS_TABLE, (t) => void t.dropColumn('refunded_amount')),
};
