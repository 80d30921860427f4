/**
 * What the event store says about a step's orders: `eventstore.events` rows of the streams
 * `order-<id>` (see packages/eventstore-postgres/src/schema.ts), read directly with `pg` from
 * the server's database. `recorded_at` is `clock_timestamp()` of the appending transaction.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { OrderLoop } from './_loop-summary.ts';

const TERMINAL = ['OrderConfirmed', 'OrderCancelled'];
/** Streams per query (a `= ANY($1)` array), so one query never carries 30,000 names. */
const CHUNK = 5000;

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Of `orderIds`, those whose stream has an OrderConfirmed or OrderCancelled event now. */
async function terminalOf(db: pg.Pool, orderIds: readonly string[]): Promise<Set<string>> {
  const done = new Set<string>();
  for (const chunk of chunks(orderIds)) {
    const { rows } = await db.query<{ stream_name: string }>(
      `SELECT DISTINCT stream_name FROM eventstore.events WHERE stream_name = ANY($1) AND type = ANY($2)`,
      [chunk.map((id) => `order-${id}`), TERMINAL],
    );
    for (const row of rows) done.add(row.stream_name.slice('order-'.length));
  }
  return done;
}

/**
 * Waits until every order of `orderIds` has a terminal event, polling every 500 ms (only the
 * orders still open), until `deadline` (epoch ms) or `signal` aborts.
 * @returns the orders still open at the end (empty when all settled).
 */
export async function waitTerminal(
  db: pg.Pool,
  orderIds: readonly string[],
  deadline: number,
  signal?: AbortSignal,
  onProgress?: (open: number) => void,
): Promise<string[]> {
  let open = [...orderIds];
  let lastReport = Date.now();
  for (;;) {
    const done = await terminalOf(db, open);
    open = open.filter((id) => !done.has(id));
    if (open.length === 0 || Date.now() >= deadline || signal?.aborted) return open;
    if (Date.now() - lastReport >= 5000) {
      onProgress?.(open.length);
      lastReport = Date.now();
    }
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
  }
}

/**
 * The loop of each order in `orderIds`: recorded_at (epoch ms, µs precision) of its
 * OrderCreated and of its first terminal event, with that event's type.
 */
export async function orderLoops(db: pg.Pool, orderIds: readonly string[]): Promise<OrderLoop[]> {
  const loops: OrderLoop[] = [];
  for (const chunk of chunks(orderIds)) {
    const { rows } = await db.query<{
      stream_name: string;
      created_at: string | null;
      terminal_at: string | null;
      terminal_type: OrderLoop['terminalType'];
    }>(
      `SELECT stream_name,
              (extract(epoch FROM min(recorded_at) FILTER (WHERE type = 'OrderCreated')) * 1000)::float8 AS created_at,
              (extract(epoch FROM min(recorded_at) FILTER (WHERE type = ANY($2))) * 1000)::float8 AS terminal_at,
              (array_agg(type ORDER BY revision) FILTER (WHERE type = ANY($2)))[1] AS terminal_type
         FROM eventstore.events
        WHERE stream_name = ANY($1)
        GROUP BY stream_name`,
      [chunk.map((id) => `order-${id}`), TERMINAL],
    );
    const byStream = new Map(rows.map((r) => [r.stream_name, r]));
    for (const orderId of chunk) {
      const row = byStream.get(`order-${orderId}`);
      loops.push({
        orderId,
        createdAt: row?.created_at == null ? null : Number(row.created_at),
        terminalAt: row?.terminal_at == null ? null : Number(row.terminal_at),
        terminalType: row?.terminal_type ?? null,
      });
    }
  }
  return loops;
}
