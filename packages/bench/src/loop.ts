/**
 * `pnpm bench loop [options]` (`--help` lists them): the whole order loop — placeOrder →
 * OrderCreated → stock reserved → payment → OrderConfirmed / OrderCancelled — measured from
 * outside the server, under open-loop load, with what each order costs.
 *
 * 1. Starts `orderflow serve` as `pnpm start` does, as a child process on a fresh temporary
 *    ORDERFLOW_DATA_DIR (its own fresh embedded Postgres; or `--database-url`: a fresh database
 *    on that server, dropped afterwards), free ports, a random admin key, LOG_LEVEL=warn and
 *    PAYMENT_LATENCY_MS=20 (`--server-env K=V` adds or overrides), and waits for /ready. Tracing
 *    is off (no OTEL_* variable reaches the server) unless `--tracing`: then every span is
 *    exported over OTLP/HTTP to a sink in the bench (`_loop-otlp-sink.ts`; its CPU counts as
 *    the bench's), and the JSON line says how many exports and bytes it received.
 * 2. Registers `--skus` products (50) with 10,000,000 units each, GBP.
 * 3. Per rate step (`--rates`, default 100,300,1000 orders/s, `--duration` 30 s each): sends
 *    placeOrder at t0 + i/rate over an undici pool of `--connections` (256) without waiting for
 *    responses, timing each from its scheduled send; follows every `--push-every`-th placed
 *    order (at most `--push-max` per step) over one graphql-transport-ws socket; waits (at most
 *    until duration + `--settle-timeout` after the first send) until every placed order has an
 *    OrderConfirmed or OrderCancelled; then reads from the event store (recorded_at) the loop
 *    time of each order and the sustained rate (see `summariseLoops` in `_loop-summary.ts`),
 *    and the step's cost: CPU ms of the server process and its non-Postgres children, of the
 *    Postgres cluster (postmaster + every backend + reaped backends; the postmaster is the
 *    /proc parent of the bench's own backend, so with `--database-url` it is that whole
 *    cluster, other databases' work included) and of the bench, from /proc/<pid>/stat; and
 *    pg_stat_database (the run's database) / pg_stat_wal (cluster-wide) deltas, all divided by
 *    the placed orders.
 * 4. The highest sustained rate: the highest step that sustained ≥ 95 % of its offered rate
 *    with a loop P99 ≤ 1 s (`--find-max` probes more rates to bracket it).
 * 5. The raw Postgres ceiling on the same server (`_loop-ceiling.ts`; `--no-ceiling` skips it).
 * Progress goes to stderr; stdout gets a table per step, the summary, and one JSON line last.
 * Clocks: the loop and push figures compare the bench's clock with the database's; they are
 * the same clock on one machine (a remote `--database-url` would skew them).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { runCeiling, type CeilingResult } from './_loop-ceiling.ts';
import { createScratchDatabase, type ScratchDatabase } from './_loop-database.ts';
import { DEFINE_COUPON, graphqlClient, REGISTER_PRODUCT } from './_loop-graphql.ts';
import { parseLoopOptions, type LoopOptions } from './_loop-options.ts';
import { startOtlpSink, tracingEnv, type OtlpSink } from './_loop-otlp-sink.ts';
import { INITIAL_STOCK, LOOP_COUPON, loopCatalog, orderGenerator } from './_loop-orders.ts';
import { pgSettings, postmasterPid } from './_loop-pgstats.ts';
import { progress } from './_loop-log.ts';
import { clockTicksPerSecond, descendants, readProcess, readProcesses } from './_loop-proc.ts';
import { openPushSampler } from './_loop-push.ts';
import { idleJson, jsonLine, printIdle, printStep, printSummary } from './_loop-report.ts';
import { cpuProfiles, logSummary, startServer, tail, type RunningServer } from './_loop-server.ts';
import { measureIdle, runStep, type IdleCost, type StepContext, type StepResult } from './_loop-step.ts';
import { highestSustainedRate, nextProbeRate } from './_loop-summary.ts';

const verdictInput = (s: StepResult) => ({
  rate: s.rate,
  sustainedRate: s.loop.sustainedRate,
  loopP99: s.loop.p99,
});

/** Registers the catalog through GraphQL with the admin key. @throws Error naming the failure. */
async function seed(server: RunningServer, options: LoopOptions): Promise<void> {
  const client = graphqlClient(server.origin, server.adminKey, 8, 30_000);
  try {
    for (const product of loopCatalog(options.skus)) {
      const outcome = await client.request(REGISTER_PRODUCT, {
        ...product,
        currency: 'GBP',
        initialStock: INITIAL_STOCK,
      });
      if (!outcome.ok) throw new Error(`registerProduct ${product.sku}: ${outcome.code}`);
    }
    if (options.coupons) {
      const outcome = await client.request(DEFINE_COUPON, { input: LOOP_COUPON });
      if (!outcome.ok) throw new Error(`defineCoupon ${LOOP_COUPON.code}: ${outcome.code}`);
    }
  } finally {
    await client.close();
  }
}

/** Seeds, runs every step (and --find-max's), then the ceiling; returns the results. */
async function measure(
  server: RunningServer,
  options: LoopOptions,
  maintenanceUrl: string,
  signal: AbortSignal,
) {
  await seed(server, options);
  const db = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
  // The server's Postgres goes away when the server stops; an idle client's error must not end the bench.
  db.on('error', (error) => progress(`bench database connection lost: ${error.message}`));
  const client = graphqlClient(
    server.origin,
    server.adminKey,
    options.connections,
    options.requestTimeout * 1000,
  );
  const push = await openPushSampler(`${server.origin.replace('http', 'ws')}/graphql`, server.adminKey);
  const steps: StepResult[] = [];
  let ceiling: CeilingResult[] = [];
  let settings: Record<string, string> = {};
  let postmaster: number | null = null;
  let idle: IdleCost | null = null;
  try {
    settings = await pgSettings(db);
    postmaster = await postmasterPid(db, readProcess);
    const procs = readProcesses();
    const serverGroup = descendants(procs, server.pid, postmaster ?? undefined);
    const cluster =
      postmaster === null
        ? 'not on this machine (no CPU figure)'
        : `postmaster ${postmaster} + ${descendants(procs, postmaster).length - 1} processes`;
    progress(
      `postgres ${settings.server_version} (fsync ${settings.fsync}, synchronous_commit ${settings.synchronous_commit}); ` +
        `CPU groups: server ${serverGroup.map((p) => `${p.comm}(${p.pid})`).join(' ')}; postgres ${cluster}`,
    );
    const ctx: StepContext = {
      client,
      db,
      push,
      nextOrder: orderGenerator({
        catalog: loopCatalog(options.skus),
        customers: options.customers,
        seed: options.seed,
        unitPrice: options.unitPrice,
        coupons: options.coupons,
      }),
      runId: randomBytes(3).toString('hex'),
      cpuRoots: { server: server.pid, postmaster, bench: process.pid },
      ticksPerSecond: clockTicksPerSecond(),
      durationSeconds: options.duration,
      settleTimeoutSeconds: options.settleTimeout,
      statsWaitSeconds: options.statsWait,
      pushEvery: options.pushEvery,
      pushMax: options.pushMax,
      signal,
    };
    if (options.idle > 0) {
      progress(`idle baseline: ${options.idle} s with no load…`);
      idle = await measureIdle(ctx, options.idle);
      printIdle(idle);
    }
    const runOne = async (rate: number) => {
      progress(`step ${steps.length + 1}: ${rate} orders/s for ${options.duration} s…`);
      const step = await runStep(ctx, steps.length, rate);
      if (signal.aborted) throw new Error('interrupted');
      if (server.exited())
        throw new Error(`the server exited during the step; its log:\n${tail(server.logFile)}`);
      steps.push(step);
      printStep(step);
    };
    for (const rate of options.rates) await runOne(rate);
    for (let extra = 0; options.findMax && extra < options.findMaxSteps; extra++) {
      const next = nextProbeRate(steps.map(verdictInput));
      if (next === null) break;
      await runOne(next);
    }
  } finally {
    push.close();
    await client.close();
    await db.end();
  }
  if (options.ceiling) {
    progress(
      `raw Postgres ceiling: ${options.ceilingClients} clients, ${options.ceilingSeconds} s per mode…`,
    );
    ceiling = await runCeiling(
      maintenanceUrl,
      { clients: options.ceilingClients, seconds: options.ceilingSeconds, batchOrders: options.ceilingBatch },
      signal,
    );
    if (signal.aborted) throw new Error('interrupted');
  }
  return { steps, ceiling, settings, postmaster, idle };
}

/** The suite (see the module comment). */
export default async function main(args: string[]): Promise<void> {
  const options = parseLoopOptions(args);
  const controller = new AbortController();
  let server: RunningServer | undefined;
  let kept = false;
  const onSignal = () => {
    if (controller.signal.aborted) {
      console.error('second interrupt: killing the server');
      if (server && !server.exited()) process.kill(-server.pid, 'SIGKILL');
      process.exit(130);
    }
    console.error('interrupted: stopping the load, then the server (Ctrl-C again to kill it)…');
    controller.abort();
  };
  // Last resort if the bench dies: the server is in its own process group and would live on.
  const onExit = () => {
    try {
      if (server && !server.exited() && !kept) process.kill(server.pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  let runDb: ScratchDatabase | undefined;
  let sink: OtlpSink | undefined;
  try {
    if (options.databaseUrl) runDb = await createScratchDatabase(options.databaseUrl, 'orderflow_loop');
    const cpuProfDir = options.cpuProf ? resolve(options.cpuProf) : undefined;
    progress(`starting the server${runDb ? ` on database ${runDb.name}` : ' (embedded Postgres)'}…`);
    if (options.tracing) {
      sink = await startOtlpSink();
      progress(`tracing on: the server exports every span over OTLP/HTTP to ${sink.endpoint}`);
    }
    server = await startServer({
      databaseUrl: runDb?.url,
      extraEnv: { ...(sink ? tracingEnv(sink.endpoint) : {}), ...options.serverEnv },
      cpuProfDir,
      startTimeoutMs: options.startTimeout * 1000,
    });
    progress(`server ${server.origin} (pid ${server.pid}), data in ${server.dataDir}`);
    const maintenanceUrl = options.databaseUrl ?? new URL('/postgres', server.databaseUrl).toString();
    const result = await measure(server, options, maintenanceUrl, controller.signal);
    const highest = highestSustainedRate(result.steps.map(verdictInput));
    printSummary(result.steps, result.ceiling, highest);
    console.error(logSummary(server.logFile));
    const line = jsonLine(result.steps, result.ceiling, highest, {
      idle: result.idle && idleJson(result.idle),
      postgres: result.settings,
      database: runDb ? 'database-url' : 'embedded',
      duration_s: options.duration,
      payment_latency_ms: Number(server.env.PAYMENT_LATENCY_MS),
      unit_price_sent: options.unitPrice,
      coupons: options.coupons,
      tracing: sink ? { exporter: 'otlp-http', ...sink.stats() } : 'off',
    });
    if (sink) {
      const { requests, bytes } = sink.stats();
      progress(`tracing: ${requests} OTLP exports, ${(bytes / 1e6).toFixed(1)} MB received by the sink`);
    }
    if (options.keep) {
      kept = true;
      server.release();
      console.error(
        `--keep: the server runs on: GraphQL ${server.origin}/graphql, admin key ${server.adminKey}, ` +
          `DATABASE_URL ${server.databaseUrl}, pid ${server.pid} (stop it with: kill -INT ${server.pid}), log ${server.logFile}`,
      );
    }
    console.log(line);
  } catch (error) {
    if (server) console.error(logSummary(server.logFile));
    if (!controller.signal.aborted) throw error;
    progress('interrupted: no figures');
    process.exitCode = 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (server && !kept) {
      progress(`stopping the server: ${await server.stop()}`);
      if (options.cpuProf)
        console.error(
          `CPU profiles in ${resolve(options.cpuProf)}: ${cpuProfiles(resolve(options.cpuProf)).join(', ') || 'none written'}`,
        );
      rmSync(server.dataDir, { recursive: true, force: true });
    }
    if (runDb && !kept) await runDb.drop();
    await sink?.close();
  }
}
