/**
 * The raw Postgres ceiling of `pnpm bench loop`: how many orders/s the same Postgres server
 * takes when an order is nothing but its eight events inserted (OrderCreated, 2 × StockReserved,
 * PaymentRequested, PaymentConfirmed, OrderConfirmed, 2 × StockCommitted) into a table shaped
 * like `eventstore.events` (same columns, keys and index, see
 * packages/eventstore-postgres/src/schema.ts), with plain `pg`, no reads and no checks —
 * (a) one INSERT and commit per event, (b) `batch` orders' events in one multi-row INSERT.
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createScratchDatabase } from './_loop-database.ts';

/** One row to insert (data and metadata as JSON text). */
export interface CeilingEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

/**
 * The eight events of one confirmed two-line order, with payloads shaped like the domain's.
 * Stock events go to the SKU's shared `inventory-<sku>` stream; `inventoryRevision()` hands out
 * revisions unique per stream, so the ceiling never waits on a revision conflict.
 */
export function ceilingOrderEvents(n: number, inventoryRevision: () => number): CeilingEvent[] {
  const orderId = randomUUID();
  const at = new Date().toISOString();
  const skus = [
    `LOOP-${String(1 + (n % 50)).padStart(3, '0')}`,
    `LOOP-${String(1 + ((n + 17) % 50)).padStart(3, '0')}`,
  ];
  const lines = skus.map((sku, i) => ({ sku, quantity: 1 + ((n + i) % 3), unitPrice: 150 + 25 * i }));
  const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  // Metadata as the server writes it: correlation = the order, causation = the command.
  const event = (stream: string, revision: number, type: string, data: object, extra = {}): CeilingEvent => ({
    id: randomUUID(),
    stream,
    revision,
    type,
    data: JSON.stringify(data),
    metadata: JSON.stringify({
      causationId: randomUUID(),
      correlationId: orderId,
      schemaVersion: 1,
      ...extra,
    }),
  });
  const payment = { paymentId: orderId, orderId, amount: total, currency: 'GBP' };
  return [
    event(
      `order-${orderId}`,
      0,
      'OrderCreated',
      {
        orderId,
        customerId: `loop-customer-${n % 1000}`,
        lines,
        total,
        currency: 'GBP',
        placedAt: at,
        shippingCountry: 'United Kingdom',
      },
      {
        schemaVersion: 2,
        idempotencyKey: `loop-ceiling-${n}`,
        requestFingerprint: createHash('sha256').update(orderId).digest('hex'),
      },
    ),
    ...lines.map((l) =>
      event(`inventory-${l.sku}`, inventoryRevision(), 'StockReserved', {
        sku: l.sku,
        orderId,
        quantity: l.quantity,
      }),
    ),
    event(`payment-${orderId}`, 0, 'PaymentRequested', { ...payment, requestedAt: at }),
    event(`payment-${orderId}`, 1, 'PaymentConfirmed', {
      ...payment,
      providerRef: `sim-${orderId.slice(0, 8)}`,
      confirmedAt: at,
    }),
    event(`order-${orderId}`, 1, 'OrderConfirmed', { orderId, confirmedAt: at }),
    ...lines.map((l) =>
      event(`inventory-${l.sku}`, inventoryRevision(), 'StockCommitted', {
        sku: l.sku,
        orderId,
        quantity: l.quantity,
      }),
    ),
  ];
}

const CREATE_TABLE = `
  DROP TABLE IF EXISTS events;
  CREATE TABLE events (
    position bigint PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    stream_name text NOT NULL,
    revision bigint NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (stream_name, revision)
  );
  CREATE INDEX events_type_position ON events (type, position);`;
// Positions as the real store makes them: (transaction id << 20) + index in the append.
const INSERT_ONE = `INSERT INTO events (position, event_id, stream_name, revision, type, data, metadata)
  VALUES (pg_current_xact_id()::text::bigint << 20, $1, $2, $3, $4, $5, $6)`;
const INSERT_MANY = `INSERT INTO events (position, event_id, stream_name, revision, type, data, metadata)
  SELECT (pg_current_xact_id()::text::bigint << 20) + u.ord - 1, u.id, u.stream, u.revision, u.type, u.data, u.metadata
    FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::text[], $5::jsonb[], $6::jsonb[])
         WITH ORDINALITY AS u(id, stream, revision, type, data, metadata, ord)`;

/** Options of {@link runCeiling}. */
export interface CeilingOptions {
  /** Concurrent connections, each inserting in a closed loop. */
  readonly clients: number;
  /** Seconds each mode runs. */
  readonly seconds: number;
  /** Orders per transaction in the batched mode. */
  readonly batchOrders: number;
}

/** One mode's figures: orders, events and commits completed within the run, and their rates (/s). */
export interface CeilingResult {
  readonly mode: 'unbatched' | 'batched';
  readonly orders: number;
  readonly events: number;
  readonly commits: number;
  readonly seconds: number;
  readonly ordersPerSecond: number;
  readonly commitsPerSecond: number;
}

async function runMode(
  pool: pg.Pool,
  mode: CeilingResult['mode'],
  options: CeilingOptions,
  signal?: AbortSignal,
): Promise<CeilingResult> {
  await pool.query(CREATE_TABLE);
  let orders = 0;
  let commits = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async (_, worker) => {
      let revision = 0;
      const inventoryRevision = () => worker + options.clients * revision++;
      const client = await pool.connect();
      try {
        for (let n = worker; performance.now() < end && !signal?.aborted; n += options.clients) {
          if (mode === 'unbatched') {
            for (const e of ceilingOrderEvents(n, inventoryRevision))
              await client.query(INSERT_ONE, [e.id, e.stream, e.revision, e.type, e.data, e.metadata]);
            orders++;
            commits += 8;
          } else {
            const events = Array.from({ length: options.batchOrders }, (_, i) =>
              ceilingOrderEvents(n * options.batchOrders + i, inventoryRevision),
            ).flat();
            const column = <K extends keyof CeilingEvent>(key: K) => events.map((e) => e[key]);
            await client.query(INSERT_MANY, [
              column('id'),
              column('stream'),
              column('revision'),
              column('type'),
              column('data'),
              column('metadata'),
            ]);
            orders += options.batchOrders;
            commits++;
          }
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    mode,
    orders,
    events: orders * 8,
    commits,
    seconds,
    ordersPerSecond: orders / seconds,
    commitsPerSecond: commits / seconds,
  };
}

/**
 * Runs both modes in a scratch database created on the server of `maintenanceUrl` (dropped
 * afterwards). Orders are counted when their last insert committed; the time includes the last
 * round that ran past the end.
 */
export async function runCeiling(
  maintenanceUrl: string,
  options: CeilingOptions,
  signal?: AbortSignal,
): Promise<CeilingResult[]> {
  const db = await createScratchDatabase(maintenanceUrl, 'loop_ceiling');
  const pool = new pg.Pool({ connectionString: db.url, max: options.clients });
  try {
    const results: CeilingResult[] = [];
    for (const mode of ['unbatched', 'batched'] as const)
      results.push(await runMode(pool, mode, options, signal));
    return results;
  } finally {
    await pool.end();
    await db.drop();
  }
}
