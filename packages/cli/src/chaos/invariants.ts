/**
 * What every chaos test asserts after its fault, read from the event store itself (schema
 * `eventstore`) of the test's database: acknowledged orders terminal, no duplicate effect,
 * stock never negative, each reservation released or committed once.
 */
import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Acknowledged } from './load.ts';

/**
 * Waits until every order of `orders` has an OrderConfirmed or OrderCancelled event, polling
 * every 250 ms (a failing query counts as "not yet": the database may be coming back).
 * @returns the time it took, ms.
 * @throws AssertionError naming how many are not terminal after `timeoutMs`.
 */
export async function waitUntilTerminal(
  databaseUrl: string,
  orders: readonly Acknowledged[],
  timeoutMs = 30_000,
): Promise<number> {
  const start = Date.now();
  const streams = orders.map((o) => `order-${o.orderId}`);
  let missing = streams.length;
  for (;;) {
    try {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(DISTINCT stream_name) AS n FROM eventstore.events
            WHERE type IN ('OrderConfirmed', 'OrderCancelled') AND stream_name = ANY($1)`,
          [streams],
        );
        missing = streams.length - Number(rows[0]!.n);
      } finally {
        await client.end();
      }
    } catch {
      // the database is not back yet
    }
    const elapsed = Date.now() - start;
    if (missing === 0) return elapsed;
    if (elapsed > timeoutMs)
      assert.fail(`${missing} of ${streams.length} acknowledged orders not terminal after ${timeoutMs} ms`);
    await sleep(250);
  }
}

/**
 * Asserts that the effects happened once: one OrderCreated per idempotency key and per
 * acknowledged order; one answer (PaymentConfirmed or PaymentFailed) per payment; per SKU, the available stock (added − reserved + released) never went
 * below zero in position order; per order and SKU at most one StockReserved, and each
 * reservation released or committed exactly once once its order is terminal (waits up to
 * `settleMs` for the last releases and commits).
 */
export async function assertEffectsOnce(
  databaseUrl: string,
  orders: readonly Acknowledged[],
  settleMs = 15_000,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const duplicates = await client.query(
      `SELECT metadata->>'idempotencyKey' AS key, count(*) AS n FROM eventstore.events
        WHERE type = 'OrderCreated' GROUP BY 1 HAVING count(*) > 1`,
    );
    assert.deepEqual(duplicates.rows, [], 'one OrderCreated per idempotency key');
    const created = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM eventstore.events WHERE type = 'OrderCreated' AND stream_name = ANY($1)`,
      [orders.map((o) => `order-${o.orderId}`)],
    );
    assert.equal(Number(created.rows[0]!.n), orders.length, 'every acknowledged order created once');

    const answered = await client.query(
      `SELECT stream_name, count(*) AS n FROM eventstore.events
        WHERE type IN ('PaymentConfirmed', 'PaymentFailed') GROUP BY 1 HAVING count(*) > 1`,
    );
    assert.deepEqual(answered.rows, [], 'a payment is confirmed or failed once');

    const { rows: stock } = await client.query<{ sku: string; type: string; quantity: number }>(
      `SELECT data->>'sku' AS sku, type, (data->>'quantity')::int AS quantity FROM eventstore.events
        WHERE type IN ('StockAdded', 'StockReserved', 'StockReleased') ORDER BY position`,
    );
    const available = new Map<string, number>();
    for (const { sku, type, quantity } of stock) {
      const change = type === 'StockReserved' ? -quantity : quantity;
      const next = (available.get(sku) ?? 0) + change;
      assert.ok(next >= 0, `stock of ${sku} went negative (${next})`);
      available.set(sku, next);
    }

    const deadline = Date.now() + settleMs;
    for (;;) {
      const { rows } = await client.query<{ order_id: string; sku: string; reserved: string; ended: string }>(
        `SELECT data->>'orderId' AS order_id, data->>'sku' AS sku,
                count(*) FILTER (WHERE type = 'StockReserved') AS reserved,
                count(*) FILTER (WHERE type IN ('StockReleased', 'StockCommitted')) AS ended
           FROM eventstore.events
          WHERE type IN ('StockReserved', 'StockReleased', 'StockCommitted')
          GROUP BY 1, 2`,
      );
      const wrong = rows.filter((r) => Number(r.reserved) > 1 || Number(r.ended) > Number(r.reserved));
      assert.deepEqual(wrong, [], 'a reservation is made once and released or committed at most once');
      const open = rows.filter((r) => Number(r.ended) < Number(r.reserved));
      if (open.length === 0) return;
      if (Date.now() > deadline)
        assert.fail(
          `${open.length} reservations neither released nor committed: ${JSON.stringify(open.slice(0, 3))}`,
        );
      await sleep(250);
    }
  } finally {
    await client.end();
  }
}
