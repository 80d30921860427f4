import type { Migration } from '../../runtime/postgres/projection.ts';

/** Orders placed: hour, placing time and lines, until confirmed. */
export const FULFILMENT_ORDERS_TABLE = 'fulfilment_orders';
/** Per UTC hour: orders confirmed, payments requested and failed. */
export const HOURLY_FULFILMENT_TABLE = 'hourly_fulfilment';
/** Per UTC hour: the created → confirmed histogram (see `histogram.ts`). */
export const HOURLY_FULFILMENT_TIMES_TABLE = 'hourly_fulfilment_times';
/** Per UTC hour: the confirmed → shipped histogram. */
export const HOURLY_SHIPPING_TIMES_TABLE = 'hourly_shipping_times';
/** Per UTC hour and SKU: units and orders confirmed. */
export const HOURLY_SKU_SALES_TABLE = 'hourly_sku_sales';

/**
 * `0014_hourly_fulfilment`: the hourly-fulfilment read model. Hours are text
 * `YYYY-MM-DDTHH:00:00Z` (UTC) of the order's `placedAt`.
 */
export const hourlyFulfilmentMigration: Migration = {
  name: '0014_hourly_fulfilment',
  async up(knex) {
    await knex.schema.createTable(FULFILMENT_ORDERS_TABLE, (t) => {
      t.text('order_id').primary();
      t.text('hour').notNullable();
      t.text('placed_at').notNullable(); // ISO-8601 as the event has it
      t.jsonb('lines').notNullable(); // [{ sku, quantity }]
      t.boolean('confirmed').notNullable().defaultTo(false);
    });
    await knex.schema.createTable(HOURLY_FULFILMENT_TABLE, (t) => {
      t.text('hour').primary();
      t.bigInteger('confirmed').notNullable();
      t.bigInteger('payments_requested').notNullable();
      t.bigInteger('payments_failed').notNullable();
    });
    await knex.schema.createTable(HOURLY_FULFILMENT_TIMES_TABLE, (t) => {
      t.text('hour').notNullable();
      t.integer('bucket').notNullable();
      t.bigInteger('orders').notNullable();
      t.primary(['hour', 'bucket']);
    });
    await knex.schema.createTable(HOURLY_SKU_SALES_TABLE, (t) => {
      t.text('hour').notNullable();
      t.text('sku').notNullable();
      t.bigInteger('units').notNullable();
      t.bigInteger('orders').notNullable();
      t.primary(['hour', 'sku']);
    });
  },
  async down(knex) {
    for (const table of [
      HOURLY_SKU_SALES_TABLE,
      HOURLY_FULFILMENT_TIMES_TABLE,
      HOURLY_FULFILMENT_TABLE,
      FULFILMENT_ORDERS_TABLE,
    ])
      await knex.schema.dropTable(table);
  },
};

/**
 * `0017_hourly_shipping`: each order's confirmation time and whether it shipped, the hour's
 * shipped count, and the confirmed → shipped histogram. Orders confirmed before it have no
 * confirmation time: `orderflow replay hourly-fulfilment` (the projection is at version 2) fills it.
 */
export const hourlyShippingMigration: Migration = {
  name: '0017_hourly_shipping',
  async up(knex) {
    await knex.schema.alterTable(FULFILMENT_ORDERS_TABLE, (t) => {
      t.text('confirmed_at');
      t.boolean('shipped').notNullable().defaultTo(false);
    });
    await knex.schema.alterTable(HOURLY_FULFILMENT_TABLE, (t) => {
      t.bigInteger('shipped').notNullable().defaultTo(0);
    });
    await knex.schema.createTable(HOURLY_SHIPPING_TIMES_TABLE, (t) => {
      t.text('hour').notNullable();
      t.integer('bucket').notNullable();
      t.bigInteger('orders').notNullable();
      t.primary(['hour', 'bucket']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(HOURLY_SHIPPING_TIMES_TABLE);
    await knex.schema.alterTable(HOURLY_FULFILMENT_TABLE, (t) => void t.dropColumn('shipped'));
    await knex.schema.alterTable(
      FULFILMENT_ORDERS_TABLE,
      (t) => void t.dropColumns('confirmed_at', 'shipped'),
    );
  },
};
