/**
 * The server under a chaos test, started the way the README starts it: `node --import tsx
 * packages/cli/src/main.ts serve` from the repository root, with the test's own DATABASE_URL, a
 * free PORT and a random admin key. Its output goes to a log file whose tail is shown when
 * it fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/cli/src/chaos/server-process.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const MAIN = join(REPO_ROOT, 'packages/cli/src/main.ts');

/** Variables of the caller's environment that would change the topology; only `env` sets them. */
const TOPOLOGY = ['DATABASE_URL', 'EVENTSTORE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'KAFKA_TOPIC_PREFIX'];

/** A TCP port of 127.0.0.1 that is free when this resolves. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/** A running `orderflow serve`. */
export interface ServerProcess {
  /** `http://127.0.0.1:<PORT>` */
  readonly origin: string;
  /** `Bearer <admin key>` */
  readonly admin: string;
  /** The environment it runs with (DATABASE_URL, PORT, …), for `orderflow` operator commands. */
  readonly env: Readonly<Record<string, string>>;
  readonly logFile: string;
  /** ORDERFLOW_DATA_DIR: a fresh directory (the embedded Postgres keeps its data in `pg/`). */
  readonly dataDir: string;
  pid(): number;
  /** True while the process runs (not killed, not crashed). */
  alive(): boolean;
  /** SIGKILL, then waits for the exit. */
  kill9(): Promise<void>;
  /** Starts it again (same port, database and key) and waits for /ready. */
  restart(): Promise<void>;
  /** SIGINT (clean shutdown), SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`, default 30 s).
   * @returns the exit code (null when a signal ended it), that signal, and ms from the signal to the exit.
   */
  terminate(
    signal: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** The last `lines` lines of its log. */
  tail(lines?: number): string;
}

/**
 * Starts `orderflow serve` with `env` (DATABASE_URL at least) on top of the caller's environment
 * without its topology variables, LOG_LEVEL=warn, PAYMENT_LATENCY_MS=5, rate limits off,
 * READY_GRACE_MS=1000; runs `orderflow migrate` first when DATABASE_URL is set (serve refuses a
 * database whose schema is not current); and waits until GET /ready answers 200 (up to `readyTimeoutMs`, default 60 s).
 * @throws Error with the tail of its log when it exits or is not ready in time.
 */
export async function startServerProcess(
  env: Record<string, string>,
  { readyTimeoutMs = 60_000 } = {},
): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'orderflow-chaos-'));
  // As root the embedded Postgres runs as the `postgres` user, which must reach <dataDir>/pg.
  chmodSync(dataDir, 0o755);
  const logFile = join(dataDir, 'server.log');
  const port = await freePort();
  const adminKey = `chaos-${randomBytes(18).toString('hex')}`;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && !TOPOLOGY.includes(k)),
  ) as Record<string, string>;
  const fullEnv: Record<string, string> = {
    ...inherited,
    NODE_ENV: 'development',
    ORDERFLOW_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ORDERFLOW_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'warn',
    PAYMENT_LATENCY_MS: '5',
    PAYMENT_APPROVAL_RATE: '0.9',
    RATE_LIMIT: 'false',
    // A role not running for a second makes /ready 503 (the default grace is 10 s).
    READY_GRACE_MS: '1000',
    ...env,
  };
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const tail = (lines = 30) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const start = async () => {
    const out = openSync(logFile, 'a');
    const proc = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
      cwd: REPO_ROOT,
      env: fullEnv,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    child = proc;
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`orderflow serve exited (${proc.exitCode ?? proc.signalCode}):\n${tail()}`);
      const status = await fetch(`${origin}/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(`orderflow serve not ready in ${readyTimeoutMs} ms:\n${tail()}`);
      await sleep(200);
    }
  };
  const signal = async (name: NodeJS.Signals, timeoutMs: number) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((done) => proc.once('exit', () => done()));
    proc.kill(name);
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  };

  // With DATABASE_URL, serve refuses a database whose schema is not current.
  if (fullEnv.DATABASE_URL) {
    const migrated = await runOrderflow(['migrate'], fullEnv);
    if (migrated.code !== 0) throw new Error(`orderflow migrate failed:\n${migrated.output}`);
  }
  await start();
  return {
    origin,
    admin: `Bearer ${adminKey}`,
    env: fullEnv,
    logFile,
    dataDir,
    pid: () => child?.pid ?? -1,
    alive: () => child !== null && child.exitCode === null && child.signalCode === null,
    kill9: () => signal('SIGKILL', 0),
    restart: start,
    stop: (timeoutMs = 10_000) => signal('SIGINT', timeoutMs),
    async terminate(name, timeoutMs = 30_000) {
      const proc = child!;
      const sent = Date.now();
      await signal(name, timeoutMs);
      return { code: proc.exitCode, signal: proc.signalCode, ms: Date.now() - sent };
    },
    tail,
  };
}

/** Runs `orderflow <args>` with the server's environment; resolves with its exit code and output. */
export function runOrderflow(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, env });
    let output = '';
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    proc.on('exit', (code) => done({ code: code ?? -1, output }));
  });
}
