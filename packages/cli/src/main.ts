#!/usr/bin/env node
/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
/**
 * The `orderflow` command (run as `pnpm orderflow …`).
 *   orderflow serve [--role R[,R…]]… [--api-workers N]
 *                                       the roles api, projector, saga, relay, simulator, webhooks (default all)
 *   orderflow migrate                   create or update the database schema
 *   orderflow datasets fetch online-retail [--to DIR]
 *                                       download the UCI Online Retail archive
 *   orderflow load online-retail [--file PATH] [...]  replay the Online Retail dataset against the API
 *   orderflow replay (--projection NAME | --all) [--from POSITION]
 *                                       rebuild read models blue-green from the event log
 *   orderflow status [--url URL] [--json]  the roles of a running process (its /ready)
 *   orderflow projections status|verify [NAME]|parked [NAME]|retry-parked NAME [--event ID]
 *                      |skip-parked NAME --event ID --reason TEXT
 *   orderflow keys create --role R [--customer ID] [--label T]|list|revoke ID
 *                                       API keys (admin or customer)
 *   orderflow reports export --from ISO --to ISO [--report sales|fulfilment] [--format csv]
 *                                       an hourly report as CSV on stdout
 *   orderflow sagas list|show ID|retry ID|compensate ID|abort ID
 *                                       inspect sagas and act on stuck ones (actor cli:$USER)
 *   orderflow sagas retry|compensate|abort --status S [--older-than 10m] [--type T] [--search S]
 *                      [--dry-run] [--reason R] [--json]   the same for each saga of a filter
 *   orderflow webhooks register --url U [--events T,…] [--secret S]|list|remove ID
 *                      |replay (--from POSITION [--endpoint ID] | --delivery ID)|deliveries [--status S]
 *                                       signed webhooks of low-stock alerts and their delivery log
 *   orderflow --version
 * Exit codes: 0 ok, 1 failure or differences found, 2 usage, 3 not found or refused (exit-codes.ts).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { Knex } from 'knex';
import { createRequire } from 'node:module';
import { exitCodeOf } from './exit-codes.ts';
import { int } from './option-values.ts';
import { addSagaCommands } from './sagas-commands.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const fraction = (value: string) => {
  const n = Number(value);
  if (!(n > 0 && n <= 100)) throw new InvalidArgumentError('must be a number > 0');
  return n;
};
const share = (value: string) => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a number within 0..1');
  return n;
};

const program = new Command('orderflow')
  .description('Event-sourced CQRS backend for e-commerce orders')
  .version(version, '-V, --version', 'print the version')
  .showHelpAfterError()
  // Thrown instead of exiting, so that every way out goes through exitCodeOf (usage errors: 2).
  // Set before the subcommands are added: they copy it.
  .exitOverride();

const collect = (value: string, previous: string[]) => [...previous, value];
program
  .command('serve')
  .description(
    'run the roles: api (GraphQL), projector (read models), saga (process manager), relay (Kafka), simulator (payments), webhooks (alerts to endpoints); default all in this process',
  )
  .option(
    '--role <roles>',
    'roles of this process, comma-separated or repeated: api, projector, saga, relay, simulator, webhooks',
    collect,
    [],
  )
  .option('--api-workers <n>', 'API processes on one port (node:cluster)', int('--api-workers', 1), 1)
  .action(async (options: { role: string[]; apiWorkers: number }) => {
    // Before serve.ts loads fastify, pg, ioredis and kafkajs: the instrumentations hook require.
    await (await import('@orderflow/host/tracing')).startTracing();
    await (await import('./serve.ts')).serve(options);
  });

program
  .command('migrate')
  .description('create or update the event store and read-model schema in DATABASE_URL')
  .action(async () => (await import('./migrate.ts')).migrateCommand());

const load = program.command('load').description('load sample data into a running server');
load
  .command('online-retail')
  .description(
    'replay the UCI Online Retail invoices as GraphQL mutations, then check read models against the event log',
  )
  .option('--limit <invoices>', 'invoices to replay, in date order', int('--limit', 1), 5000)
  .option(
    '--file <path>',
    'the dataset: CSV, CSV.gz or the UCI .xlsx (default: the fetch folder, then ../shared/datasets)',
  )
  .option(
    '--stock-factor <f>',
    'initial stock as a multiple of the units ordered; default 1.2 (≥ 95 % of orders not refused for stock), < 1 for a scarcity drill',
    fraction,
  )
  .option('--json', 'print the summary as one JSON object (progress goes to stderr)')
  .option('--no-business-time', 'place the orders now instead of at their invoice dates')
  .option(
    '--coupon-campaign <cap>',
    'run a coupon campaign: a single-use welcome code per customer and RETAIL10 (10 % off) capped at <cap> orders',
    int('--coupon-campaign', 1),
  )
  .option('--concurrency <n>', 'mutations in flight', int('--concurrency', 1), 16)
  .option('--endpoint <url>', 'GraphQL endpoint', `http://127.0.0.1:${process.env.PORT ?? 4000}/graphql`)
  .option('--send-invalid', 'also send invoices with invalid rows, to see the API reject them', false)
  .option('--api-key <key>', 'admin API key (default ORDERFLOW_ADMIN_KEY, else ORDERFLOW_DATA_DIR/admin-key)')
  .option('--no-check', 'skip the read model vs event log check')
  .option(
    '--settle-timeout <seconds>',
    'longest wait for open orders to settle',
    int('--settle-timeout', 1),
    120,
  )
  .option('--ship-share <f>', 'share of the confirmed orders shipped after the replay (0..1)', share, 0.5)
  .option('--deliver-share <f>', 'share of the shipped orders then delivered (0..1)', share, 0.8)
  .option(
    '--ship-delay-ms <ms>',
    'longest simulated wait before each shipment and delivery',
    int('--ship-delay-ms', 0),
    200,
  )
  .option(
    '--no-refunds',
    "cancel the dataset's cancellations as before, instead of refunding confirmed orders",
  )
  .action(async (options) => (await import('./load.ts')).loadCommand(options));

program
  .command('datasets')
  .description('sample data to load')
  .command('fetch')
  .description('download a dataset')
  .command('online-retail')
  .description(
    'download the UCI Online Retail archive (CC BY 4.0) and unzip its .xlsx for `load online-retail`',
  )
  .option('--to <dir>', 'where to put it (default ORDERFLOW_DATA_DIR/datasets/online-retail)')
  .option('--url <url>', 'another address of the archive (a mirror)')
  .option('--sha256 <hex>', "the archive's sha256 to insist on")
  .option('--json', 'print the outcome as JSON')
  .action(async (options) => (await import('./datasets.ts')).fetchDatasetCommand(options));

program
  .command('replay')
  .description('rebuild read models from the event log into shadow tables, then swap them in atomically')
  .option('--projection <name>', 'the projection to rebuild')
  .option('--all', 'rebuild every projection')
  .option(
    '--from <position>',
    'start the shadow empty after this position instead of resuming / starting at 0',
  )
  .action(async (options) => (await import('./projections.ts')).replayCommand(options));

program
  .command('status')
  .description("a running process' roles and processors as its /ready reports them; exit 1 when not ready")
  .option('--url <url>', 'the process (API or probes port)', `http://127.0.0.1:${process.env.PORT ?? 4000}`)
  .option('--json', 'print JSON')
  .action(async (options) => (await import('./status.ts')).statusCommand(options));

const projectionsCommand = program.command('projections').description('inspect and check the read models');
projectionsCommand
  .command('status')
  .description('checkpoint, lag, events/s and parked events per projection')
  .option('--json', 'print JSON')
  .option(
    '--sample-ms <ms>',
    'how long to watch the checkpoints to measure events/s',
    int('--sample-ms', 100),
    1000,
  )
  .action(async (options) => (await import('./projections.ts')).statusCommand(options));
projectionsCommand
  .command('verify [name]')
  .description('rebuild into a scratch copy and compare with the live model; exit 1 on differences')
  .option('--json', 'print JSON: per projection, its position and differences')
  .action(async (name: string | undefined, options: { json?: boolean }) =>
    (await import('./projections.ts')).verifyCommand(name, options),
  );
projectionsCommand
  .command('parked [name]')
  .description('list the events projections parked after their handler kept failing')
  .action(async (name?: string) => (await import('./projections.ts')).parkedCommand(name));
projectionsCommand
  .command('retry-parked <name>')
  .description('apply the parked events of a projection again (all, or one with --event)')
  .option('--event <id>', 'only this parked event')
  .action(async (name: string, options) =>
    (await import('./projections.ts')).retryParkedCommand(name, options),
  );
projectionsCommand
  .command('skip-parked <name>')
  .description('skip a parked event for good (never applied); recorded with cli:$USER and the reason')
  .requiredOption('--event <id>', 'the parked event')
  .requiredOption('--reason <text>', 'why, for the record')
  .action(async (name: string, options: { event: string; reason: string }) =>
    (await import('./projections.ts')).skipParkedCommand(name, options),
  );

const keysCommand = program.command('keys').description('API keys: issue, list and revoke');
const keys = () => import('./keys.ts');
const withConnection = async (work: (db: Knex) => Promise<unknown>) =>
  (await import('./connect.ts')).withConnection(({ db }) => work(db));
keysCommand
  .command('create')
  .description('issue an API key (printed once)')
  .requiredOption('--role <role>', 'admin or customer')
  .option('--customer <id>', 'the customer a customer key acts for')
  .option('--label <text>', 'who the key is for (shown as the actor in saga step logs)')
  .action(async (options: { role: string; customer?: string; label?: string }) => {
    const { createKeyCommand } = await keys();
    await withConnection((db) => createKeyCommand(db, options));
  });
keysCommand
  .command('list')
  .description('every key: id, role, customer, created, revoked, label')
  .option('--json', 'print JSON')
  .action(async (options: { json?: boolean }) => {
    const { listKeysCommand } = await keys();
    await withConnection((db) => listKeysCommand(db, undefined, options));
  });
keysCommand
  .command('revoke <id>')
  .description('revoke a key (servers refuse it within 30 s)')
  .action(async (id: string) => {
    const { revokeKeyCommand } = await keys();
    await withConnection((db) => revokeKeyCommand(db, id));
  });

program
  .command('reports')
  .description('the hourly reports')
  .command('export')
  .description('write an hourly report as CSV to stdout: hours from --from (inclusive) to --to (exclusive)')
  .requiredOption('--from <iso>', 'first hour, ISO-8601 on a whole UTC hour, e.g. 2025-01-31T00:00Z')
  .requiredOption('--to <iso>', 'end hour (exclusive), ISO-8601 on a whole UTC hour')
  .option('--report <name>', 'sales (per hour and country) or fulfilment (per hour)', 'sales')
  .option('--format <format>', 'csv', 'csv')
  .action(async (options: { from: string; to: string; report: string; format: string }) => {
    const { exportReportCommand } = await import('./reports.ts');
    await withConnection((db) => exportReportCommand(db, options));
  });

addSagaCommands(program, withConnection);

const webhooksCommand = program
  .command('webhooks')
  .description('signed webhooks of low-stock alerts: endpoints, replays and the delivery log');
const webhooks = () => import('./webhooks.ts');
webhooksCommand
  .command('register')
  .description('register an endpoint (its secret is printed once); it gets the alerts recorded from now on')
  .requiredOption('--url <url>', 'http(s) URL the alerts are POSTed to')
  .option('--events <types>', 'comma-separated: LowStockAlertRaised, LowStockAlertCleared (default both)')
  .option('--secret <secret>', 'signing secret, 24..200 characters (default generated)')
  .action(async (options: { url: string; events?: string; secret?: string }) => {
    const { registerWebhookCommand } = await webhooks();
    await withConnection((db) => registerWebhookCommand(db, options));
  });
webhooksCommand
  .command('list')
  .description('every endpoint: id, created, event types, url')
  .action(async () => {
    const { listWebhooksCommand } = await webhooks();
    await withConnection((db) => listWebhooksCommand(db));
  });
webhooksCommand
  .command('remove <id>')
  .description('remove an endpoint and its delivery log')
  .action(async (id: string) => {
    const { removeWebhookCommand } = await webhooks();
    await withConnection((db) => removeWebhookCommand(db, id));
  });
webhooksCommand
  .command('replay')
  .description('send alerts again (same idempotency keys): every alert after a position, or one delivery')
  .option('--from <position>', 'alerts recorded after this $all position')
  .option('--endpoint <id>', 'with --from: only to this endpoint')
  .option('--delivery <id>', 'one delivery of the log')
  .action(async (options: { from?: string; delivery?: string; endpoint?: string }) => {
    const { replayWebhooksCommand } = await webhooks();
    await (
      await import('./connect.ts')
    ).withConnection(({ db, store }) => replayWebhooksCommand(db, store, options));
  });
webhooksCommand
  .command('deliveries')
  .description(
    'the delivery log, newest first: status, attempts, last HTTP status, next attempt or delivery time',
  )
  .option('--status <status>', 'pending, delivered or failed')
  .option('--endpoint <id>', 'one endpoint')
  .option('--limit <n>', 'most rows', int('--limit', 1), 50)
  .action(async (options: { status?: string; endpoint?: string; limit: number }) => {
    const { deliveriesCommand } = await webhooks();
    await withConnection((db) => deliveriesCommand(db, options));
  });

program.parseAsync().catch((error: unknown) => {
  // commander has printed its own errors (and the help) already.
  if (!(error instanceof CommanderError)) console.error(error instanceof Error ? error.message : error);
  process.exit(exitCodeOf(error));
});
