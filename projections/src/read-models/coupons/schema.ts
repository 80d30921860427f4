import type { Migration } from '../../runtime/postgres/projection.ts';

export const COUPONS_TABLE = 'coupons';
export const COUPON_DAYS_TABLE = 'coupon_days';

/**
 * `0010_coupons`: the coupons read model — one row per code with its definition and use counts,
 * and one row per code and UTC day with that day's reservations, redemptions, releases and
 * refusals.
 */
export const couponsMigration: Migration = {
  name: '0010_coupons',
  async up(knex) {
    await knex.schema.createTable(COUPONS_TABLE, (t) => {
      t.text('code').primary();
      t.text('kind').notNullable();
      t.bigInteger('value').notNullable();
      t.text('currency');
      t.jsonb('definition').notNullable();
      t.text('status').notNullable();
      t.integer('reserved').notNullable();
      t.integer('redeemed').notNullable();
      t.integer('released').notNullable();
      t.integer('refused').notNullable();
      t.jsonb('refusals').notNullable();
      t.timestamp('defined_at', { useTz: true });
      t.timestamp('updated_at', { useTz: true }).notNullable();
      // numeric: an EventStoreDB position is 128 bits (see migration numeric-positions).
      t.decimal('position', 39, 0).notNullable();
    });
    await knex.schema.createTable(COUPON_DAYS_TABLE, (t) => {
      t.text('code').notNullable();
      t.date('day').notNullable();
      t.integer('reserved').notNullable();
      t.integer('redeemed').notNullable();
      t.integer('released').notNullable();
      t.integer('refused').notNullable();
      t.primary(['code', 'day']);
    });
  },
  async down(knex) {
    await knex.schema.dropTable(COUPON_DAYS_TABLE);
    await knex.schema.dropTable(COUPONS_TABLE);
  },
};
