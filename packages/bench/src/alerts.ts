/**
 * `pnpm bench alerts [--rates 100,300,1000] [--duration 20] [--alert-skus 10] [--alert-every 10]
 * [--threshold 20] [--margin 10] [--settle 5] [--brokers host:port] [--database-url URL]`:
 * the delay of low-stock alerts from the reservation's event time to each delivery — the
 * `stockAlerts` subscription, the Kafka topic inventory.alerts and a signed webhook — under
 * open-loop order load.
 *
 * 1. Starts `orderflow serve` (every role; `_loop-server.ts`) with KAFKA_BROKERS (default
 *    $KAFKA_BROKERS or 127.0.0.1:9092) and a fresh topic prefix, so payments go through Kafka,
 *    and the Kafka payment-provider simulator beside it; registers a webhook endpoint (a
 *    node:http receiver in this process that verifies each signature).
 * 2. Registers 50 background SKUs with 10,000,000 units and `--alert-skus` alert SKUs with
 *    threshold + margin units and that threshold. Each raised alert heard on the subscription is
 *    answered by a restock back to threshold + margin (which clears it), so alert SKUs keep
 *    crossing while the load runs.
 * 3. Per rate: one-unit orders for `--duration` s, every `--alert-every`-th of an alert SKU;
 *    waits `--settle` s; then, for every LowStockAlertRaised of the step, receipt time (the
 *    bench's clock) − the event's recorded_at (the database's; the same clock on one machine):
 *    P50/P99/max per channel, and the alerts a channel never delivered.
 * Progress goes to stderr; stdout gets the table and one JSON line last.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createKafkaClient, createTopicNames } from '@orderflow/kafka';
import { registerEndpoint } from '@orderflow/webhooks';
import knexFactory from 'knex';
import pg from 'pg';
import { consumeAlerts, receiveWebhooks, subscribeAlerts, type Arrivals } from './_alerts-listeners.ts';
import { runAlertStep, type AlertStep } from './_alerts-step.ts';
import { createScratchDatabase, type ScratchDatabase } from './_loop-database.ts';
import { graphqlClient } from './_loop-graphql.ts';
import { progress } from './_loop-log.ts';
import { INITIAL_STOCK } from './_loop-orders.ts';
import { logSummary, REPO_ROOT, startServer, type RunningServer } from './_loop-server.ts';
import { printTable } from './_stats.ts';

const REGISTER = /* GraphQL */ `
  mutation ($sku: String!, $stock: Int!, $threshold: Int) {
    registerProduct(
      sku: $sku
      name: "Bench product"
      unitPrice: 250
      currency: "GBP"
      initialStock: $stock
      lowStockThreshold: $threshold
    ) {
      sku
    }
  }
`;
const RESTOCK = /* GraphQL */ `
  mutation ($sku: String!, $q: Int!) {
    restock(sku: $sku, quantity: $q) {
      sku
    }
  }
`;

function parse(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      rates: { type: 'string', default: '100,300,1000' },
      duration: { type: 'string', default: '20' },
      'alert-skus': { type: 'string', default: '10' },
      'alert-every': { type: 'string', default: '10' },
      threshold: { type: 'string', default: '20' },
      margin: { type: 'string', default: '10' },
      settle: { type: 'string', default: '5' },
      brokers: { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const positive = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer`);
    return n;
  };
  const rates = String(values.rates)
    .split(',')
    .map((r) => Number(r));
  if (rates.some((r) => !(r > 0))) throw new RangeError('--rates must be positive numbers, comma-separated');
  return {
    rates,
    duration: positive('duration'),
    alertSkus: positive('alert-skus'),
    alertEvery: positive('alert-every'),
    threshold: positive('threshold'),
    margin: positive('margin'),
    settle: positive('settle'),
    brokers: (values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    databaseUrl: values['database-url'],
  };
}

/** Starts the Kafka payment-provider simulator and waits for its "ready" line. */
async function startProvider(brokers: string[], prefix: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/payment-simulator/src/kafka-provider.ts',
      '--brokers',
      brokers.join(','),
      '--topic-prefix',
      prefix,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('payment provider simulator: not ready in 60 s')),
      60_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`payment provider simulator exited (${code})`)));
  });
  return child;
}

const cell = (c: AlertStep['kafka']) =>
  `${c.p50} / ${c.p99} / ${c.max}${c.missing ? ` (${c.missing} missing)` : ''}`;

/** The suite (see the module comment). */
export default async function main(args: string[]): Promise<void> {
  const options = parse(args);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const prefix = `bench-alerts-${randomBytes(3).toString('hex')}.`;
  const arrivals: Arrivals = {
    subscription: new Map(),
    kafka: new Map(),
    kafkaCopies: 0,
    webhook: new Map(),
    webhookCopies: 0,
    badSignatures: 0,
  };
  let runDb: ScratchDatabase | undefined;
  let server: RunningServer | undefined;
  let provider: ChildProcess | undefined;
  const closers: Array<() => Promise<unknown> | unknown> = [];
  try {
    if (options.databaseUrl) runDb = await createScratchDatabase(options.databaseUrl, 'orderflow_alerts');
    progress('starting the server with Kafka…');
    server = await startServer({
      databaseUrl: runDb?.url,
      extraEnv: {
        KAFKA_BROKERS: options.brokers.join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        PAYMENT_PROVIDER: 'kafka',
      },
      startTimeoutMs: 120_000,
    });
    provider = await startProvider(options.brokers, prefix);
    const receiver = await receiveWebhooks(arrivals);
    closers.push(() => receiver.close());
    const knex = knexFactory({ client: 'pg', connection: server.databaseUrl, pool: { min: 0, max: 1 } });
    receiver.secret = (await registerEndpoint(knex, { url: receiver.url })).secret;
    await knex.destroy();
    const client = graphqlClient(server.origin, server.adminKey, 256, 30_000);
    closers.push(() => client.close());
    const backgroundSkus = Array.from({ length: 50 }, (_, i) => `BG-${String(i + 1).padStart(3, '0')}`);
    const alertSkus = Array.from(
      { length: options.alertSkus },
      (_, i) => `ALERT-${String(i + 1).padStart(3, '0')}`,
    );
    const full = options.threshold + options.margin;
    for (const sku of backgroundSkus) await client.request(REGISTER, { sku, stock: INITIAL_STOCK });
    for (const sku of alertSkus)
      await client.request(REGISTER, { sku, stock: full, threshold: options.threshold });
    const socket = await subscribeAlerts(
      `${server.origin.replace('http', 'ws')}/graphql`,
      server.adminKey,
      arrivals,
      (a) => {
        if (a.low && a.sku.startsWith('ALERT-')) void client.request(RESTOCK, { sku: a.sku, q: full });
      },
    );
    closers.push(() => socket.close());
    const consumer = await consumeAlerts(options.brokers, `${prefix}inventory.alerts`, arrivals);
    closers.push(() => consumer.disconnect());
    const db = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
    closers.push(() => db.end());
    const steps: AlertStep[] = [];
    const ctx = {
      client,
      db,
      arrivals,
      backgroundSkus,
      alertSkus,
      alertEvery: options.alertEvery,
      durationSeconds: options.duration,
      settleSeconds: options.settle,
      runId: randomBytes(3).toString('hex'),
      signal: controller.signal,
    };
    for (const rate of options.rates) {
      progress(`${rate} orders/s for ${options.duration} s…`);
      steps.push(await runAlertStep(ctx, steps.length, rate));
      if (controller.signal.aborted) throw new Error('interrupted');
    }
    console.log('delay from the reservation (alert recorded_at) to receipt, ms: P50 / P99 / max');
    printTable(
      ['orders/s', 'placed', 'raised', 'cleared', 'subscription', 'kafka', 'webhook'],
      steps.map((s) => [
        s.rate,
        s.placed,
        s.raised,
        s.cleared,
        cell(s.subscription),
        cell(s.kafka),
        cell(s.webhook),
      ]),
    );
    console.error(logSummary(server.logFile));
    console.log(
      JSON.stringify({
        suite: 'alerts',
        database: runDb ? 'database-url' : 'embedded',
        duration_s: options.duration,
        alert_every: options.alertEvery,
        alert_skus: options.alertSkus,
        kafka_copies: arrivals.kafkaCopies,
        webhook_requests: arrivals.webhookCopies,
        bad_signatures: arrivals.badSignatures,
        steps,
      }),
    );
  } finally {
    for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    provider?.kill('SIGINT');
    if (server) {
      progress(`stopping the server: ${await server.stop()}`);
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    await runDb?.drop();
    await deleteTopics(options.brokers, prefix).catch((err: unknown) =>
      progress(`topics ${prefix}* left: ${String(err)}`),
    );
  }
}

/** Deletes the run's topics from the (shared) broker. */
async function deleteTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = createKafkaClient({ brokers, clientId: 'bench-alerts' }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: Object.values(createTopicNames(prefix)) });
  } finally {
    await admin.disconnect();
  }
}
