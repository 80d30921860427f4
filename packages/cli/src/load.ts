/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { loadConfig } from '@orderflow/host';
import { createPostgresEventStore } from '@orderflow/eventstore-postgres';
import { fetchDirectory, locateDataset, loadOnlineRetail } from '@orderflow/fixtures';
import { checkConsistency } from '@orderflow/projections';
import { checkSagasSettled } from '@orderflow/sagas';
import knexFactory from 'knex';
import pg from 'pg';
import { readAdminKeyFile } from './admin-key.ts';
import { embeddedDatabaseUrl } from './embedded-url.ts';
import { toJson } from './json-output.ts';

/** Options of `orderflow load online-retail` as commander parses them. */
export interface LoadCommandOptions {
  limit: number;
  /** `--file`: the dataset (CSV, CSV.gz or the UCI .xlsx); default: see `locateDataset`. */
  file?: string;
  /** Absent: the default stock (`DEFAULT_STOCK_FACTOR`, a shop's); `--stock-factor F` for a drill. */
  stockFactor?: number;
  /** `--json`: progress to stderr, the summary as one JSON object on stdout. */
  json?: boolean;
  /** `--no-business-time`: place the orders now instead of at their invoice dates. */
  businessTime: boolean;
  concurrency: number;
  endpoint: string;
  sendInvalid: boolean;
  check: boolean;
  settleTimeout: number;
  /** `--coupon-campaign CAP`: the global code's cap. */
  couponCampaign?: number;
  /** An admin API key; default ORDERFLOW_ADMIN_KEY, else the development key in ORDERFLOW_DATA_DIR/admin-key. */
  apiKey?: string;
  /** `--ship-share`, `--deliver-share` (0..1), `--ship-delay-ms`, `--no-refunds`: the after-sale phase. */
  shipShare: number;
  deliverShare: number;
  shipDelayMs: number;
  refunds: boolean;
}

/**
 * `orderflow load online-retail`: replays the dataset against the running API, then compares the
 * read models with the event log in the database the server uses (DATABASE_URL, or the embedded
 * one) and checks that every saga completed or was compensated (none parked, none stuck past the
 * payment timeout). Exits non-zero when a check fails.
 *
 * @throws OrderflowError NOT_FOUND (exit 3) when there is no dataset file: `--file`, else
 *   ORDERFLOW_DATA_DIR/datasets/online-retail (`orderflow datasets fetch online-retail`), else
 *   `../shared/datasets/online-retail/online_retail.csv.gz`; the message lists them and how to get it.
 */
export async function loadCommand(options: LoadCommandOptions): Promise<void> {
  const config = loadConfig();
  const datasetPath = locateDataset({
    ...(options.file !== undefined && { file: options.file }),
    fetchDir: fetchDirectory(config.ORDERFLOW_DATA_DIR),
  });
  const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_PG_PORT);
  const apiKey = options.apiKey ?? config.ORDERFLOW_ADMIN_KEY ?? readAdminKeyFile(config.ORDERFLOW_DATA_DIR);
  if (!apiKey)
    throw new Error(
      `no API key: pass --api-key, set ORDERFLOW_ADMIN_KEY, or start the server once with \`pnpm start\` (it writes ${config.ORDERFLOW_DATA_DIR}/admin-key)`,
    );
  const summary = await loadOnlineRetail({
    endpoint: options.endpoint,
    apiKey,
    datasetPath,
    limit: options.limit,
    businessTime: options.businessTime,
    ...(options.stockFactor !== undefined && { stockFactor: options.stockFactor }),
    // With --json stdout holds the one JSON object; progress and the text summary go to stderr.
    ...(options.json && { log: (line: string) => console.error(line) }),
    concurrency: options.concurrency,
    sendInvalid: options.sendInvalid,
    settleTimeoutMs: options.settleTimeout * 1000,
    afterSale: {
      shipShare: options.shipShare,
      deliverShare: options.deliverShare,
      maxDelayMs: options.shipDelayMs,
      refunds: options.refunds,
    },
    ...(options.couponCampaign !== undefined && { couponCampaign: { cap: options.couponCampaign } }),
    ...(options.check && {
      check: async () => {
        const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
        const db = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 2 } });
        try {
          const consistency = await checkConsistency(db, createPostgresEventStore(pool));
          const sagas = await checkSagasSettled(db, { paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS });
          return { ok: consistency.ok && sagas.ok, lines: [...consistency.lines, ...sagas.lines] };
        } finally {
          await Promise.allSettled([pool.end(), db.destroy()]);
        }
      },
    }),
  });
  if (options.json) console.log(toJson(summary));
  if (summary.check?.ok === false) process.exitCode = 1;
}
