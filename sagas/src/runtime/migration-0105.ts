import type { Knex } from 'knex';
import { SAGA_INSTANCES, SAGA_SEARCH_KEYS, SAGA_STEPS } from './tables.ts';

/**
 * `0105_saga_search_keys`: the values an operator finds a saga by (order id, customer id, SKUs,
 * …; see `SagaOverview.searchKeys`), one row per value, written once when the instance starts.
 * A table of its own rather than an index on `saga_instances.state`: the state changes at every
 * update, and an index on it would cost every update its HOT path (migration 0104).
 *
 * Backfills the instances stored before: their keys from the state JSON (`orderId`,
 * `customerId`, `refundId`, `paymentId`, the lines' `sku`s), and `created_at` from the first
 * step of their log when it is an input event — the event's `recordedAt`, instead of the time
 * of the transaction that stored the instance (the runtime writes it so from now on).
 */
export const sagaSearchKeysMigration = {
  name: '0105_saga_search_keys',
  async up(knex: Knex) {
    await knex.schema.createTable(SAGA_SEARCH_KEYS, (t) => {
      t.text('key').notNullable();
      t.text('saga').notNullable();
      t.text('instance_id').notNullable();
      t.primary(['key', 'saga', 'instance_id']);
    });
    await knex.raw(
      `INSERT INTO ${SAGA_SEARCH_KEYS} (key, saga, instance_id)
       SELECT DISTINCT k.key, i.saga, i.instance_id FROM ${SAGA_INSTANCES} i,
         LATERAL (
           SELECT i.instance_id AS key
           UNION ALL SELECT i.state->>f FROM unnest(ARRAY['orderId', 'customerId', 'refundId', 'paymentId']) f
           UNION ALL SELECT l->>'sku' FROM jsonb_array_elements(
             CASE WHEN jsonb_typeof(i.state->'lines') = 'array' THEN i.state->'lines' ELSE '[]' END) l
         ) k
       WHERE k.key IS NOT NULL AND k.key <> ''
       ON CONFLICT DO NOTHING`,
    );
    // A log's first row is the input that started the instance: a lone `event` step, or a
    // group of steps whose first is that event.
    await knex.raw(
      `UPDATE ${SAGA_INSTANCES} i SET created_at = f.recorded_at
         FROM (
           SELECT DISTINCT ON (saga, instance_id) saga, instance_id,
             (CASE WHEN kind = 'event' THEN detail->>'recordedAt'
                   WHEN kind = 'steps' AND detail->0->>'kind' = 'event' THEN detail->0->'detail'->>'recordedAt'
              END)::timestamptz AS recorded_at
           FROM ${SAGA_STEPS} ORDER BY saga, instance_id, seq
         ) f
        WHERE f.saga = i.saga AND f.instance_id = i.instance_id AND f.recorded_at IS NOT NULL`,
    );
  },
  async down(knex: Knex) {
    await knex.schema.dropTable(SAGA_SEARCH_KEYS);
  },
};
