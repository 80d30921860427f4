/**
 * `pnpm bench hostile [--repeat N] [--seconds N] [--rate N] [--order-rate N] [--budget N] [--keep]`:
 * the API against hostile clients (issues 13 and 16), on `orderflow serve` started as the README
 * does (`node --import tsx packages/cli/src/main.ts serve`, embedded Postgres in a fresh
 * ORDERFLOW_DATA_DIR, free PORT and EMBEDDED_PG_PORT, ORDERFLOW_ADMIN_KEY), with customer keys
 * from `orderflow keys create` and 100 registered products.
 *
 * (a) Query bombs: 5,000 aliases of `products(first: 100)` and 2,000 aliases of `sagaStats`,
 *     each with the admin key and a customer key, `--repeat` times (default 20): time until the
 *     refusal (target < 50 ms) and the server's RSS (VmRSS of /proc/<pid>/status) before and
 *     after (target ± 20 MB).
 * (b) Noisy neighbour: customer key A sends `--rate` queries a second (default 300, open loop)
 *     for `--seconds` (default 10) while customer key B places `--order-rate` orders a second
 *     (default 20); before that B places orders alone for as long. Reports A's 429s and B's
 *     placeOrder P99 loaded versus alone (target within 2×). The server runs with a query
 *     budget of `--budget` per key and second (RATE_LIMIT_WINDOW_MS=1000,
 *     RATE_LIMIT_QUERIES=budget; default 50), so A's excess is refused while B's orders go on.
 *
 * Prints a table and a last line of JSON with the same figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { nowMs, percentile, printTable, round } from './_stats.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const MAIN = join(ROOT, 'packages/cli/src/main.ts');

/** A port nothing listens on right now. */
const freePort = () =>
  new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/** VmRSS of process `pid`, MB. */
const rssMb = (pid: number) => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return round(Number(kb) / 1024);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `orderflow <args>` with `env` and returns its stdout. */
function orderflow(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0 ? done(out) : fail(new Error(`orderflow ${args.join(' ')}: ${err}`)),
    );
  });
}

/** One GraphQL call: status, body and duration (ms). */
async function call(
  base: string,
  authorization: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const start = nowMs();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: Array<{ extensions?: { code?: string } }>;
  };
  return { status: response.status, body, ms: nowMs() - start, code: body.errors?.[0]?.extensions?.code };
}

/** Calls `op` `rate` times a second for `seconds`, on schedule whatever the answers (open loop). */
async function openLoop<T>(rate: number, seconds: number, op: (i: number) => Promise<T>): Promise<T[]> {
  const start = nowMs();
  const pending: Array<Promise<T>> = [];
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - nowMs();
    if (wait > 0) await sleep(wait);
    pending.push(op(i));
  }
  return Promise.all(pending);
}

const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const PLACE = `mutation($input: PlaceOrderInput!, $key: String!) { placeOrder(input: $input, idempotencyKey: $key) { orderId } }`;
const REGISTER = `mutation($sku: String!) { registerProduct(sku: $sku, name: "Bench product", unitPrice: 250, currency: "GBP", initialStock: 1000000) { sku } }`;
const BROWSE = `{ products(first: 20) { edges { node { sku name available } } } }`;

export default async function hostileBench(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repeat: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '10' },
      rate: { type: 'string', default: '300' },
      'order-rate': { type: 'string', default: '20' },
      budget: { type: 'string', default: '50' },
      keep: { type: 'boolean', default: false },
    },
  });
  const repeat = Number(values.repeat);
  const seconds = Number(values.seconds);
  const rate = Number(values.rate);
  const orderRate = Number(values['order-rate']);
  const budget = Number(values.budget);

  const dataDir = mkdtempSync(join(tmpdir(), 'orderflow-hostile-'));
  // As root the embedded Postgres runs as its own system user, which must reach the directory.
  chmodSync(dataDir, 0o755);
  const [port, pgPort] = [await freePort(), await freePort()];
  const adminKey = `of_${randomBytes(32).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ORDERFLOW_DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_PG_PORT: String(pgPort),
    ORDERFLOW_ADMIN_KEY: adminKey,
    RATE_LIMIT_WINDOW_MS: '1000',
    RATE_LIMIT_QUERIES: String(budget),
    LOG_LEVEL: 'warn',
  };
  for (const name of ['DATABASE_URL', 'EVENTSTORE_URL', 'REDIS_URL', 'KAFKA_BROKERS']) delete env[name];
  const base = `http://127.0.0.1:${port}`;
  const admin = `Bearer ${adminKey}`;
  let server: ChildProcess | null = null;
  try {
    server = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    });
    const pid = server.pid!;
    for (let ready = false; !ready; await sleep(250)) {
      if (server.exitCode !== null) throw new Error(`orderflow serve exited with ${server.exitCode}`);
      ready = await fetch(`${base}/ready`).then(
        (r) => r.ok,
        () => false,
      );
    }
    const keyOf = async (customer: string) =>
      `Bearer ${(await orderflow(['keys', 'create', '--role', 'customer', '--customer', customer], env)).split('\n')[1]!.trim()}`;
    const [keyA, keyB] = [await keyOf('bench-a'), await keyOf('bench-b')];
    const skus = Array.from({ length: 100 }, (_, i) => `HOSTILE-${i}`);
    for (const sku of skus) await call(base, admin, REGISTER, { sku });

    // (a) query bombs
    const bombs = [
      {
        name: '5,000 × products(first: 100)',
        query: aliases(5000, 'products(first: 100) { edges { node { sku name onHand } } }'),
      },
      { name: '2,000 × sagaStats', query: aliases(2000, 'sagaStats { total byStatus { status count } }') },
    ];
    const refusals: Array<{
      name: string;
      key: string;
      p50: number;
      max: number;
      rssBeforeMb: number;
      rssAfterMb: number;
      codes: string[];
    }> = [];
    for (const bomb of bombs)
      for (const [keyName, key] of [
        ['admin', admin],
        ['customer', keyA],
      ] as const) {
        await call(base, key, bomb.query); // warm-up
        const rssBeforeMb = rssMb(pid);
        const samples: number[] = [];
        const codes = new Set<string>();
        for (let i = 0; i < repeat; i++) {
          const result = await call(base, key, bomb.query);
          samples.push(result.ms);
          codes.add(`${result.status} ${result.code}`);
        }
        refusals.push({
          name: bomb.name,
          key: keyName,
          p50: round(percentile(samples, 50)),
          max: round(Math.max(...samples)),
          rssBeforeMb,
          rssAfterMb: rssMb(pid),
          codes: [...codes],
        });
      }

    // (b) noisy neighbour
    let order = 0;
    const placeB = () =>
      call(base, keyB, PLACE, {
        input: {
          customerId: 'bench-b',
          lines: [{ sku: skus[order % skus.length], quantity: 1, unitPrice: 250 }],
        },
        key: `b-${order++}`,
      });
    const alone = await openLoop(orderRate, seconds, placeB);
    const [flood, loaded] = await Promise.all([
      openLoop(rate, seconds, () => call(base, keyA, BROWSE)),
      openLoop(orderRate, seconds, placeB),
    ]);
    const p99 = (results: Array<{ ms: number }>) =>
      round(
        percentile(
          results.map((r) => r.ms),
          99,
        ),
      );
    const failedB = [...alone, ...loaded].filter((r) => r.status !== 200 || r.code).length;
    const neighbour = {
      floodRequests: flood.length,
      flood200: flood.filter((r) => r.status === 200).length,
      flood429: flood.filter((r) => r.status === 429).length,
      floodOther: flood.filter((r) => r.status !== 200 && r.status !== 429).length,
      ordersAlone: alone.length,
      ordersLoaded: loaded.length,
      ordersFailed: failedB,
      placeOrderP99AloneMs: p99(alone),
      placeOrderP99LoadedMs: p99(loaded),
    };
    const ratio = round(neighbour.placeOrderP99LoadedMs / neighbour.placeOrderP99AloneMs, 2);

    printTable(
      ['measurement', 'key', 'value', 'target'],
      [
        ...refusals.flatMap((r) => [
          [`${r.name}: refusal p50 / max ms`, r.key, `${r.p50} / ${r.max}`, '< 50'],
          [`${r.name}: RSS before → after MB`, r.key, `${r.rssBeforeMb} → ${r.rssAfterMb}`, '± 20'],
          [`${r.name}: answers`, r.key, r.codes.join(', '), '4xx QUERY_TOO_COMPLEX'],
        ]),
        [
          `A: ${rate}/s for ${seconds} s (budget ${budget}/s): 200 / 429 / other`,
          'customer A',
          `${neighbour.flood200} / ${neighbour.flood429} / ${neighbour.floodOther}`,
          '429s, no 5xx',
        ],
        [
          `B: placeOrder P99 alone → with A (${orderRate}/s)`,
          'customer B',
          `${neighbour.placeOrderP99AloneMs} → ${neighbour.placeOrderP99LoadedMs} ms (× ${ratio})`,
          '≤ 2×',
        ],
        ['B: orders failed', 'customer B', `${failedB} of ${alone.length + loaded.length}`, '0'],
      ],
    );
    console.log(
      JSON.stringify({
        suite: 'hostile',
        repeat,
        seconds,
        rate,
        orderRate,
        budget,
        refusals,
        neighbour,
        p99Ratio: ratio,
      }),
    );
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGINT');
      await Promise.race([exited, sleep(15_000)]);
    }
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}
