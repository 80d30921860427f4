import type { Knex } from 'knex';

/** Registered webhook endpoints. */
export const WEBHOOK_ENDPOINTS = 'webhook_endpoints';
/** The delivery log: one row per (endpoint, event), with its attempts and outcome. */
export const WEBHOOK_DELIVERIES = 'webhook_deliveries';

/**
 * `0402_webhooks`: `webhook_endpoints` (url, the event types it takes, its signing secret) and
 * `webhook_deliveries` (one row per endpoint and event: the body sent, `status` pending →
 * delivered | failed, `attempts`, the last HTTP status code and error, `next_attempt_at`,
 * `delivered_at`). The secret is stored as is: it must be read to sign (HMAC), unlike an API
 * key, which only needs its hash to be checked.
 */
export const webhooksMigration = {
  name: '0402_webhooks',
  async up(knex: Knex) {
    await knex.schema.createTable(WEBHOOK_ENDPOINTS, (t) => {
      t.uuid('id').primary();
      t.text('url').notNullable();
      t.specificType('event_types', 'text[]').notNullable();
      t.text('secret').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    });
    await knex.schema.createTable(WEBHOOK_DELIVERIES, (t) => {
      t.uuid('id').primary();
      t.uuid('endpoint_id').notNullable().references('id').inTable(WEBHOOK_ENDPOINTS).onDelete('CASCADE');
      t.uuid('event_id').notNullable();
      t.text('event_type').notNullable();
      t.decimal('position', 39, 0).notNullable();
      t.text('body').notNullable();
      t.text('status').notNullable().defaultTo('pending');
      t.integer('attempts').notNullable().defaultTo(0);
      t.integer('last_status_code');
      t.text('last_error');
      t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.timestamp('delivered_at', { useTz: true });
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
      t.unique(['endpoint_id', 'event_id']);
    });
    await knex.raw(
      `ALTER TABLE ?? ADD CONSTRAINT webhook_deliveries_status CHECK (status IN ('pending', 'delivered', 'failed'))`,
      [WEBHOOK_DELIVERIES],
    );
    // The delivery worker's one query: pending rows due first.
    await knex.raw(`CREATE INDEX webhook_deliveries_due ON ?? (next_attempt_at) WHERE status = 'pending'`, [
      WEBHOOK_DELIVERIES,
    ]);
  },
  async down(knex: Knex) {
    await knex.schema.dropTable(WEBHOOK_DELIVERIES);
    await knex.schema.dropTable(WEBHOOK_ENDPOINTS);
  },
};
