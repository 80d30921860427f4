/** The command line of `pnpm bench loop`, parsed with commander. */
import { Command, InvalidArgumentError } from 'commander';

/** Every option of the loop benchmark, parsed and checked (times in seconds unless named _ms). */
export interface LoopOptions {
  /** Offered rates of the steps, orders/s, in order. */
  readonly rates: number[];
  readonly duration: number;
  readonly settleTimeout: number;
  readonly connections: number;
  readonly requestTimeout: number;
  readonly skus: number;
  readonly customers: number;
  readonly seed: number;
  /** False with `--no-unit-price`: lines go without unitPrice. */
  readonly unitPrice: boolean;
  /** `--coupons`: every order carries the coupon LOOP10 (10 % off, unlimited). */
  readonly coupons: boolean;
  readonly pushEvery: number;
  readonly pushMax: number;
  readonly statsWait: number;
  /** Seconds of the idle baseline before the first step (0: none). */
  readonly idle: number;
  readonly databaseUrl?: string;
  readonly serverEnv: Record<string, string>;
  readonly cpuProf?: string;
  readonly keep: boolean;
  readonly ceiling: boolean;
  readonly ceilingClients: number;
  readonly ceilingSeconds: number;
  readonly ceilingBatch: number;
  readonly findMax: boolean;
  readonly findMaxSteps: number;
  readonly startTimeout: number;
  /**
   * `--tracing`: the server traces every order (OpenTelemetry, all sampled) and exports over
   * OTLP/HTTP to a sink in the bench (`_loop-otlp-sink.ts`). Off, no OTEL_* variable reaches it.
   */
  readonly tracing: boolean;
}

const positive = (name: string, integer: boolean) => (value: string) => {
  const n = Number(value);
  if (!(n > 0) || (integer && !Number.isInteger(n)))
    throw new InvalidArgumentError(`${name} must be a positive ${integer ? 'integer' : 'number'}`);
  return n;
};

const nonNegative = (name: string) => (value: string) => {
  const n = Number(value);
  if (!(n >= 0)) throw new InvalidArgumentError(`${name} must be a number >= 0`);
  return n;
};

/** Parses `--rates 100,300,1000`: positive numbers (orders/s), comma-separated. */
export function parseRates(value: string): number[] {
  const rates = value.split(',').map((r) => Number(r.trim()));
  if (rates.length === 0 || rates.some((r) => !(r > 0 && Number.isFinite(r))))
    throw new InvalidArgumentError('--rates must be positive numbers separated by commas, e.g. 100,300,1000');
  return rates;
}

/** Adds one `K=V` of `--server-env` to the variables collected so far. */
export function collectEnv(value: string, previous: Record<string, string>): Record<string, string> {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
  if (!match) throw new InvalidArgumentError(`--server-env takes K=V, got "${value}"`);
  return { ...previous, [match[1]!]: match[2]! };
}

/**
 * Parses the arguments after `pnpm bench loop`; on a bad option commander prints the error with
 * the help and exits with code 1.
 */
export function parseLoopOptions(args: readonly string[]): LoopOptions {
  const program = new Command('pnpm bench loop')
    .description(
      'the whole order loop (create → reserve → pay → confirm) under open-loop load, measured from outside',
    )
    .option('--rates <list>', 'offered rates of the steps, orders/s', parseRates, [100, 300, 1000])
    .option('--duration <s>', 'seconds of load per step', positive('--duration', false), 30)
    .option(
      '--settle-timeout <s>',
      "longest wait for a step's orders to end",
      positive('--settle-timeout', false),
      60,
    )
    .option('--connections <n>', 'HTTP connections of the client pool', positive('--connections', true), 256)
    .option(
      '--request-timeout <s>',
      'longest wait for one response',
      positive('--request-timeout', false),
      30,
    )
    .option('--skus <n>', 'products in the catalog', positive('--skus', true), 50)
    .option('--customers <n>', 'distinct customers', positive('--customers', true), 1000)
    .option('--seed <n>', 'seed of the order generator', positive('--seed', true), 1)
    .option('--no-unit-price', 'send order lines without unitPrice')
    .option(
      '--coupons',
      'every order carries the coupon LOOP10 (10 % off, unlimited, reserved and redeemed)',
      false,
    )
    .option(
      '--push-every <n>',
      'follow every n-th placed order over WebSocket',
      positive('--push-every', true),
      20,
    )
    .option('--push-max <n>', 'most orders followed per step', positive('--push-max', true), 200)
    .option(
      '--stats-wait <s>',
      "wait before reading Postgres' counters after a step",
      positive('--stats-wait', false),
      2,
    )
    .option(
      '--idle <s>',
      'seconds of idle baseline before the first step (0: none)',
      nonNegative('--idle'),
      5,
    )
    .option('--database-url <url>', 'use this Postgres (a fresh database on it) instead of the embedded one')
    .option('--server-env <K=V>', 'extra environment of the server (repeatable)', collectEnv, {})
    .option(
      '--cpu-prof <dir>',
      'run the server with node --cpu-prof --cpu-prof-dir <dir> (relative to the repository root)',
    )
    .option('--keep', 'leave the server running at the end and print how to reach it', false)
    .option('--no-ceiling', 'skip the raw Postgres ceiling')
    .option(
      '--ceiling-clients <n>',
      'concurrent clients of the ceiling',
      positive('--ceiling-clients', true),
      16,
    )
    .option('--ceiling-seconds <s>', 'seconds of each ceiling mode', positive('--ceiling-seconds', false), 10)
    .option(
      '--ceiling-batch <n>',
      'orders per transaction, batched ceiling',
      positive('--ceiling-batch', true),
      100,
    )
    .option('--find-max', 'after the steps, probe more rates to bracket the highest sustained rate', false)
    .option('--find-max-steps <n>', 'most extra steps of --find-max', positive('--find-max-steps', true), 4)
    .option(
      '--tracing',
      'server with OpenTelemetry tracing on: every span exported over OTLP/HTTP to a sink in the bench',
      false,
    )
    .option(
      '--start-timeout <s>',
      'longest wait for the server to be ready',
      positive('--start-timeout', false),
      120,
    )
    .showHelpAfterError();
  program.parse([...args], { from: 'user' });
  return program.opts<LoopOptions>();
}
