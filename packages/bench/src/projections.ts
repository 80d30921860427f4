/**
 * `pnpm bench projections [--orders N] [--subscribers N]`: how fast read models rebuild from the
 * event log, and how fresh the live order status is.
 *
 * 1. Loads a log of `orders` orders × 3 order-details events (OrderCreated, PaymentRequested,
 *    OrderConfirmed or OrderCancelled; default 340,000 orders = 1,020,000 events), appended in
 *    1,000-event appends (the projection keys on the order id in the data, not on the stream).
 * 2. Rebuilds the order-details read model blue-green (`rebuildProjection`, 5,000-event
 *    batches) and reports events/s.
 * 3. Freshness: runs Orderflow, subscribes `subscribers` real WebSocket clients to
 *    `orderStatusChanged` of orders placed through GraphQL, and measures, for every status
 *    change, the time from the event's recording (`at`, the store's clock) to its delivery to
 *    the client.
 * 2b. Rebuilds the Redis order-status read model over the same log (a fresh key prefix on the
 *    Redis of TEST_REDIS_URL, deleted afterwards) and reports events/s.
 * The last line is JSON with the figures.
 */
import { parseArgs } from 'node:util';
import { startOrderflow } from '@orderflow/host';
import { consumerMigrations } from '@orderflow/consumer';
import { deterministicId, newId, type NewEvent } from '@orderflow/core';
import { createPostgresEventStore, ensureEventStoreSchema } from '@orderflow/eventstore-postgres';
import {
  createRedisClient,
  orderDetailsProjection,
  orderStatusProjection,
  projectionMigrations,
  rebuildProjection,
  rebuildRedisProjection,
  redisReady,
  runMigrations,
} from '@orderflow/projections';
import { createTestDatabase, testRedisUrl } from '@orderflow/testing';
import knexFactory from 'knex';
import pg from 'pg';
import WebSocket from 'ws';
import { nowMs, percentile, round } from './_stats.ts';

/** The three order-details events of order `i`. */
function orderEvents(i: number): NewEvent[] {
  const orderId = newId();
  const quantity = 1 + (i % 4);
  const at = new Date(Date.UTC(2011, 0, 1 + (i % 300), 9)).toISOString();
  const confirmed = i % 5 !== 0;
  return [
    {
      id: newId(),
      type: 'OrderCreated',
      data: {
        orderId,
        customerId: `c-${i % 4000}`,
        lines: [{ sku: `SKU-${i % 3000}`, quantity, unitPrice: 199, discount: 0 }],
        subtotal: quantity * 199,
        discount: 0,
        coupons: [],
        total: quantity * 199,
        priceSource: 'catalog',
        currency: 'GBP',
        placedAt: at,
        receivedAt: at,
        shippingCountry: 'United Kingdom',
      },
    },
    {
      id: newId(),
      type: 'PaymentRequested',
      data: { paymentId: orderId, orderId, amount: quantity * 199, currency: 'GBP', requestedAt: at },
    },
    confirmed
      ? { id: newId(), type: 'OrderConfirmed', data: { orderId, confirmedAt: at } }
      : {
          id: newId(),
          type: 'OrderCancelled',
          data: { orderId, reason: 'PAYMENT_FAILED', cancelledAt: at, coupon: null },
        },
  ];
}

async function rebuildBenchmark(orders: number) {
  const db = await createTestDatabase('bench_proj');
  const pool = new pg.Pool({ connectionString: db.url, max: 8 });
  const knex = knexFactory({ client: 'pg', connection: db.url, pool: { min: 0, max: 4 } });
  try {
    await ensureEventStoreSchema(pool);
    await runMigrations(knex, [...projectionMigrations, ...consumerMigrations]);
    const store = createPostgresEventStore(pool);
    const loadStarted = nowMs();
    const perAppend = 333; // orders per append: 999 events
    const appends = Math.ceil(orders / perAppend);
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let a = next++; a < appends; a = next++) {
          const events: NewEvent[] = [];
          for (let i = a * perAppend; i < Math.min(orders, (a + 1) * perAppend); i++)
            events.push(...orderEvents(i));
          await store.appendToStream(`bench-${a}`, events);
        }
      }),
    );
    const events = orders * 3;
    console.error(`loaded ${events} events in ${round((nowMs() - loadStarted) / 1000, 1)} s`);
    const started = nowMs();
    const result = await rebuildProjection(knex, store, orderDetailsProjection);
    const seconds = (nowMs() - started) / 1000;
    const redis = createRedisClient(testRedisUrl());
    const keyPrefix = `bench-${newId().slice(0, 8)}`;
    try {
      await redisReady(redis);
      const redisStarted = nowMs();
      const redisResult = await rebuildRedisProjection(redis, store, orderStatusProjection, {
        keyPrefix,
        db: knex,
        batchSize: 5000,
      });
      const redisSeconds = (nowMs() - redisStarted) / 1000;
      return {
        events: result.events,
        seconds,
        eventsPerSecond: result.events / seconds,
        redisEvents: redisResult.events,
        redisSeconds,
        redisEventsPerSecond: redisResult.events / redisSeconds,
      };
    } finally {
      for (
        let keys = await redis.keys(`{of:${keyPrefix}:*`);
        keys.length;
        keys = await redis.keys(`{of:${keyPrefix}:*`)
      )
        for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
      await redis.quit();
      await store.close();
    }
  } finally {
    await knex.destroy();
    await pool.end();
    await db.drop();
  }
}

/** The admin key the freshness benchmark's server runs with (every GraphQL call needs a key). */
const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const BENCH_AUTH = `Bearer ${BENCH_ADMIN_KEY}`;

/** Opens a graphql-transport-ws subscription and calls `onData` for each payload. */
function wsSubscribe(url: string, query: string, variables: object, onData: (data: unknown) => void) {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: BENCH_AUTH } })),
    );
    socket.on('message', (raw) => {
      const m = JSON.parse(raw.toString()) as { type: string; payload?: { data?: unknown } };
      if (m.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        resolve();
      } else if (m.type === 'next') onData(m.payload?.data);
    });
  });
  return { ready, close: () => socket.close() };
}

async function freshnessBenchmark(subscribers: number) {
  const db = await createTestDatabase('bench_fresh');
  const orderflow = await startOrderflow({
    databaseUrl: db.url,
    adminKey: BENCH_ADMIN_KEY,
    paymentSimulator: { approvalRate: 1, latencyMs: 20 },
  });
  try {
    const address = await orderflow.app.listen({ port: 0, host: '127.0.0.1' });
    const gql = async (query: string, variables: object) => {
      const response = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: BENCH_AUTH },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };
    await gql(
      `mutation { registerProduct(sku: "MUG", name: "Mug", price: 250, currency: "GBP", initialStock: 1000000) { sku } }`,
      {},
    );
    const latencies: number[] = [];
    const sockets = [];
    for (let i = 0; i < subscribers; i++) {
      const orderId = deterministicId('order', 'bench', `k-${i}`);
      const socket = wsSubscribe(
        `${address.replace('http', 'ws')}/graphql`,
        `subscription($id: ID!) { orderStatusChanged(orderId: $id) { status at } }`,
        { id: orderId },
        (data) =>
          latencies.push(
            Date.now() - Date.parse((data as { orderStatusChanged: { at: string } }).orderStatusChanged.at),
          ),
      );
      await socket.ready;
      sockets.push(socket);
    }
    await Promise.all(
      Array.from({ length: subscribers }, (_, i) =>
        gql(
          `mutation($k: String!) { placeOrder(input: { customerId: "bench", lines: [{ sku: "MUG", quantity: 1, unitPrice: 250 }] }, idempotencyKey: $k) { orderId } }`,
          { k: `k-${i}` },
        ),
      ),
    );
    const deadline = Date.now() + 30_000;
    while (latencies.length < subscribers * 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    sockets.forEach((s) => s.close());
    return {
      changes: latencies.length,
      expected: subscribers * 3,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await orderflow.stop();
    await db.drop();
  }
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      orders: { type: 'string', default: '340000' },
      subscribers: { type: 'string', default: '200' },
    },
  });
  const orders = Number(values.orders);
  const subscribers = Number(values.subscribers);
  if (!Number.isSafeInteger(orders) || orders < 1)
    throw new RangeError('--orders must be a positive integer');
  if (!Number.isSafeInteger(subscribers) || subscribers < 1)
    throw new RangeError('--subscribers must be a positive integer');

  const rebuild = await rebuildBenchmark(orders);
  console.log(
    `order-details rebuild (Postgres, blue-green): ${rebuild.events} events in ${round(rebuild.seconds, 1)} s = ${round(rebuild.eventsPerSecond, 0)} events/s`,
  );
  console.log(
    `order-status rebuild (Redis, new generation): ${rebuild.redisEvents} events in ${round(rebuild.redisSeconds, 1)} s = ${round(rebuild.redisEventsPerSecond, 0)} events/s`,
  );
  const fresh = await freshnessBenchmark(subscribers);
  console.log(
    `orderStatusChanged over WebSocket: ${fresh.changes}/${fresh.expected} status changes, recording → delivery P50 ${fresh.p50} ms, P99 ${fresh.p99} ms`,
  );
  console.log(
    JSON.stringify({
      order_details_rebuild_events: rebuild.events,
      order_details_rebuild_eps: round(rebuild.eventsPerSecond, 0),
      redis_order_status_rebuild_events: rebuild.redisEvents,
      redis_order_status_rebuild_eps: round(rebuild.redisEventsPerSecond, 0),
      status_changes_delivered: fresh.changes,
      status_change_p50_ms: fresh.p50,
      status_change_p99_ms: fresh.p99,
    }),
  );
}
