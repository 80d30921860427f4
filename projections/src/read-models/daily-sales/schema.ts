import type { Migration } from '../../runtime/postgres/projection.ts';

/** Orders placed, with what they would add to the report once confirmed. */
export const SALES_ORDERS_TABLE = 'sales_orders';
/** The report: orders, units and revenue per day, country and currency. */
export const DAILY_SALES_TABLE = 'daily_sales';

export const dailySalesMigration: Migration = {
  name: '0007_daily_sales',
  async up(knex) {
    await knex.schema.createTable(SALES_ORDERS_TABLE, (t) => {
      t.text('order_id').primary();
      t.text('day').notNullable(); // YYYY-MM-DD (UTC): text, so no driver time zone applies
      t.text('country').notNullable();
      t.text('currency').notNullable();
      t.bigInteger('units').notNullable();
      t.bigInteger('revenue').notNullable();
      t.boolean('confirmed').notNullable().defaultTo(false);
    });
    await knex.schema.createTable(DAILY_SALES_TABLE, (t) => {
      t.text('day').notNullable(); // YYYY-MM-DD (UTC): text, so no driver time zone applies
      t.text('country').notNullable();
      t.text('currency').notNullable();
      t.bigInteger('orders').notNullable();
      t.bigInteger('units').notNullable();
      t.bigInteger('revenue').notNullable();
      t.primary(['day', 'country', 'currency']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(DAILY_SALES_TABLE);
    await knex.schema.dropTable(SALES_ORDERS_TABLE);
  },
};
