/**
 * `pnpm bench long-streams [--long N] [--commands N]`: what deciding a command costs on a short
 * (100-event) and a long (default 100,000-event) inventory stream — the hot-SKU case, where
 * every reservation is an event.
 *
 * For each length it measures ReserveStock latency
 * - uncached: `handleCommand`, which reads the whole stream for every command;
 * - cached, cold: the first command of `createCachedCommandHandler` (one full read);
 * - cached, cold from a snapshot: the same after a restart, with snapshots every 1000 events
 *   (the composition root's setting): the newest snapshot plus at most 999 events;
 * - cached, warm: the following commands (state kept by revision: decide + one append);
 * - cached, after a foreign write: another writer appends first, so the cached append fails
 *   on its expected revision and the handler reads only the missing tail.
 * The last line is JSON with the warm P50/P99 of both lengths and their ratio.
 */
import { parseArgs } from 'node:util';
import { createCachedCommandHandler, handleCommand, newId, type NewEvent } from '@orderflow/core';
import { inventoryDecider, inventoryStream, type ReserveStock } from '@orderflow/domain';
import type { EventStore } from '@orderflow/eventstore';
import {
  createPostgresEventStore,
  createPostgresSnapshotStore,
  ensureEventStoreSchema,
} from '@orderflow/eventstore-postgres';
import { createTestDatabase } from '@orderflow/testing';
import pg from 'pg';
import { nowMs, percentile, printTable, round } from './_stats.ts';

/** Writes an inventory stream of `length` events: registered, stocked, then reserve+commit pairs. */
async function seedStream(store: EventStore, sku: string, length: number): Promise<void> {
  const events: NewEvent[] = [
    { id: newId(), type: 'ProductRegistered', data: { sku, name: sku, unitPrice: 100, currency: 'GBP' } },
    { id: newId(), type: 'StockAdded', data: { sku, quantity: 1_000_000_000 } },
  ];
  for (let i = 0; events.length < length; i++) {
    const orderId = newId();
    events.push({ id: newId(), type: 'StockReserved', data: { sku, orderId, quantity: 1 } });
    if (events.length < length)
      events.push({ id: newId(), type: 'StockCommitted', data: { sku, orderId, quantity: 1 } });
  }
  for (let i = 0; i < events.length; i += 2000)
    await store.appendToStream(inventoryStream(sku), events.slice(i, i + 2000));
}

const reserve = (sku: string): ReserveStock => ({
  type: 'ReserveStock',
  data: { sku, orderId: newId(), quantity: 1 },
  metadata: { commandId: newId() },
});

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

interface Row {
  readonly length: number;
  readonly uncachedP50: number;
  readonly cold: number;
  readonly coldFromSnapshot: number;
  readonly warmP50: number;
  readonly warmP99: number;
  readonly foreignP50: number;
}

async function measure(store: EventStore, pool: pg.Pool, length: number, commands: number): Promise<Row> {
  const sku = `BENCH-${length}-${newId().slice(0, 8)}`;
  const stream = inventoryStream(sku);
  await seedStream(store, sku, length);
  const uncached: number[] = [];
  for (let i = 0; i < (length > 10_000 ? 5 : 50); i++)
    uncached.push(await timed(() => handleCommand(store, inventoryDecider, stream, reserve(sku))));
  const snapshots = { store: createPostgresSnapshotStore(pool) };
  const run = createCachedCommandHandler(store, { snapshots });
  const cold = await timed(() => run(inventoryDecider, stream, reserve(sku)));
  const warm: number[] = [];
  for (let i = 0; i < commands; i++)
    warm.push(await timed(() => run(inventoryDecider, stream, reserve(sku))));
  const foreign: number[] = [];
  for (let i = 0; i < 50; i++) {
    await handleCommand(store, inventoryDecider, stream, reserve(sku)); // another process's write
    foreign.push(await timed(() => run(inventoryDecider, stream, reserve(sku))));
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the last snapshot write finish
  const restarted = createCachedCommandHandler(store, { snapshots });
  const coldFromSnapshot = await timed(() => restarted(inventoryDecider, stream, reserve(sku)));
  return {
    length,
    coldFromSnapshot,
    uncachedP50: percentile(uncached, 50),
    cold,
    warmP50: percentile(warm, 50),
    warmP99: percentile(warm, 99),
    foreignP50: percentile(foreign, 50),
  };
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { long: { type: 'string', default: '100000' }, commands: { type: 'string', default: '500' } },
  });
  const long = Number(values.long);
  const commands = Number(values.commands);
  if (!Number.isSafeInteger(long) || long < 100) throw new RangeError('--long must be an integer ≥ 100');
  if (!Number.isSafeInteger(commands) || commands < 10)
    throw new RangeError('--commands must be an integer ≥ 10');

  const db = await createTestDatabase('bench_long');
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  await ensureEventStoreSchema(pool);
  const store = createPostgresEventStore(pool);
  try {
    const rows = [await measure(store, pool, 100, commands), await measure(store, pool, long, commands)];
    printTable(
      [
        'stream length',
        'uncached P50 ms',
        'cached cold ms',
        'cold from snapshot ms',
        'cached warm P50 ms',
        'cached warm P99 ms',
        'after foreign write P50 ms',
      ],
      rows.map((r) => [
        r.length,
        round(r.uncachedP50, 2),
        round(r.cold, 2),
        round(r.coldFromSnapshot, 2),
        round(r.warmP50, 2),
        round(r.warmP99, 2),
        round(r.foreignP50, 2),
      ]),
    );
    const [short, longRow] = rows as [Row, Row];
    console.log(
      JSON.stringify({
        short_events: short.length,
        long_events: longRow.length,
        short_warm_p50_ms: round(short.warmP50, 2),
        long_warm_p50_ms: round(longRow.warmP50, 2),
        short_warm_p99_ms: round(short.warmP99, 2),
        long_warm_p99_ms: round(longRow.warmP99, 2),
        warm_p50_ratio: round(longRow.warmP50 / short.warmP50, 2),
        long_cold_ms: round(longRow.cold, 1),
        long_cold_from_snapshot_ms: round(longRow.coldFromSnapshot, 1),
        long_uncached_p50_ms: round(longRow.uncachedP50, 1),
      }),
    );
  } finally {
    await store.close();
    await pool.end();
    await db.drop();
  }
}
