import type { Migration } from '../../runtime/postgres/projection.ts';

/** Orders placed, with their hour, country and what they add once confirmed. */
export const HOURLY_SALES_ORDERS_TABLE = 'hourly_sales_orders';
/** The report: per UTC hour, country and currency. */
export const HOURLY_SALES_TABLE = 'hourly_sales';
/** Cancelled orders per UTC hour, country, currency and reason. */
export const HOURLY_CANCELLATIONS_TABLE = 'hourly_sales_cancellations';

/**
 * `0013_hourly_sales`: the hourly-sales read model. Hours are text `YYYY-MM-DDTHH:00:00Z` (UTC,
 * fixed width: no driver time zone applies and text order is time order); amounts are minor units.
 */
export const hourlySalesMigration: Migration = {
  name: '0013_hourly_sales',
  async up(knex) {
    await knex.schema.createTable(HOURLY_SALES_ORDERS_TABLE, (t) => {
      t.text('order_id').primary();
      t.text('hour').notNullable();
      t.text('country').notNullable();
      t.text('currency').notNullable();
      t.bigInteger('units').notNullable();
      t.bigInteger('revenue').notNullable();
      t.bigInteger('discount').notNullable();
      t.text('status').notNullable();
    });
    await knex.schema.createTable(HOURLY_SALES_TABLE, (t) => {
      t.text('hour').notNullable();
      t.text('country').notNullable();
      t.text('currency').notNullable();
      t.bigInteger('placed').notNullable();
      t.bigInteger('confirmed').notNullable();
      t.bigInteger('units').notNullable();
      t.bigInteger('revenue').notNullable();
      t.bigInteger('discount').notNullable();
      t.bigInteger('cancelled').notNullable();
      // Minor units refunded on the hour's orders (counted by refund_count, migration 0016).
      t.bigInteger('refunds').notNullable().defaultTo(0);
      t.primary(['hour', 'country', 'currency']);
    });
    await knex.schema.createTable(HOURLY_CANCELLATIONS_TABLE, (t) => {
      t.text('hour').notNullable();
      t.text('country').notNullable();
      t.text('currency').notNullable();
      t.text('reason').notNullable();
      t.bigInteger('orders').notNullable();
      t.primary(['hour', 'country', 'currency', 'reason']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(HOURLY_CANCELLATIONS_TABLE);
    await knex.schema.dropTable(HOURLY_SALES_TABLE);
    await knex.schema.dropTable(HOURLY_SALES_ORDERS_TABLE);
  },
};

/**
 * `0016_hourly_sales_refunds`: each order's refunded amount so far (so a repeated OrderRefunded
 * counts once) and the hour's refund count; `refunds` (minor units) now sums them.
 */
export const hourlySalesRefundsMigration: Migration = {
  name: '0016_hourly_sales_refunds',
  async up(knex) {
    await knex.schema.alterTable(HOURLY_SALES_ORDERS_TABLE, (t) => {
      t.bigInteger('refunded').notNullable().defaultTo(0);
    });
    await knex.schema.alterTable(HOURLY_SALES_TABLE, (t) => {
      t.bigInteger('refund_count').notNullable().defaultTo(0);
    });
  },
  async down(knex) {
    await knex.schema.alterTable(HOURLY_SALES_TABLE, (t) => void t.dropColumn('refund_count'));
    await knex.schema.alterTable(HOURLY_SALES_ORDERS_TABLE, (t) => void t.dropColumn('refunded'));
  },
};
