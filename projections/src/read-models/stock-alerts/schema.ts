import type { Migration } from '../../runtime/postgres/projection.ts';

export const STOCK_ALERTS_TABLE = 'stock_alerts';

/** `0012_stock_alerts`: each SKU's low-stock threshold and whether its alert is raised now. */
export const stockAlertsMigration: Migration = {
  name: '0012_stock_alerts',
  async up(knex) {
    await knex.schema.createTable(STOCK_ALERTS_TABLE, (t) => {
      t.text('sku').primary();
      t.integer('threshold').notNullable();
      t.boolean('low').notNullable();
      t.bigInteger('available').notNullable();
      t.timestamp('changed_at', { useTz: true }).notNullable();
      t.decimal('position', 39, 0).notNullable();
    });
    await knex.raw('CREATE INDEX stock_alerts_low ON ?? (sku) WHERE low', [STOCK_ALERTS_TABLE]);
  },
  down: (knex) => knex.schema.dropTable(STOCK_ALERTS_TABLE),
};
