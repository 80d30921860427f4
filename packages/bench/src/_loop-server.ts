/**
 * The server under test of `pnpm bench loop`, started the way the README starts it
 * (`pnpm start` = `node --import tsx packages/cli/src/main.ts serve` from the repository root) as
 * a child process in its own process group, so a Ctrl-C of the bench reaches only the bench,
 * which then stops the server itself with SIGINT (the server's clean shutdown, which also
 * stops its embedded Postgres and lets `--cpu-prof` write its profile).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, mkdtempSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { embeddedDatabaseUrl } from '../../cli/src/embedded-url.ts';

/** The repository root (this file is packages/bench/src/_loop-server.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Variables of the caller's environment that would change what runs; only `--server-env` sets them. */
const TOPOLOGY_VARIABLES = [
  'DATABASE_URL',
  'EVENTSTORE_URL',
  'REDIS_URL',
  'KAFKA_BROKERS',
  'KAFKA_TOPIC_PREFIX',
];

/** A free TCP port on 127.0.0.1 (the OS picks an ephemeral one; it is free when this returns). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** The run's fresh database (`--database-url`); unset → the server starts its embedded Postgres. */
  readonly databaseUrl?: string;
  /** Extra variables (`--server-env K=V`), applied last. */
  readonly extraEnv: Readonly<Record<string, string>>;
  /** `--cpu-prof DIR`: run the server under `node --cpu-prof --cpu-prof-dir DIR`. */
  readonly cpuProfDir?: string;
  /** Longest wait for `/ready`, ms. */
  readonly startTimeoutMs: number;
}

/** A running server. */
export interface RunningServer {
  /** `http://127.0.0.1:<PORT>` */
  readonly origin: string;
  readonly pid: number;
  readonly adminKey: string;
  /** The database the server uses (embedded: its URL from packages/cli/src/embedded-url.ts). */
  readonly databaseUrl: string;
  /** ORDERFLOW_DATA_DIR, a fresh temporary directory; the server's stdout and stderr are in logFile. */
  readonly dataDir: string;
  readonly logFile: string;
  readonly env: Readonly<Record<string, string>>;
  /** True once the process has exited. */
  exited(): boolean;
  /** Lets the bench exit while the server runs on (`--keep`). */
  release(): void;
  /**
   * SIGINT, then waits up to `timeoutMs` for the exit; after that SIGKILL to the whole process
   * group (its embedded Postgres too). Resolves with how it ended.
   */
  stop(timeoutMs?: number): Promise<string>;
}

/** The last `lines` lines of a file, '' when unreadable. */
export const tail = (file: string, lines = 20): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
};

/** Profiles in `dir` (*.cpuprofile). */
export const cpuProfiles = (dir: string): string[] => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
};

/**
 * Starts `orderflow serve` with ORDERFLOW_DATA_DIR = a fresh temporary directory, fresh ports
 * for the API and the embedded Postgres, a random admin key, LOG_LEVEL=warn,
 * PAYMENT_LATENCY_MS=20, then `extraEnv`, and waits until GET /ready answers 200.
 * @throws Error (with the tail of the server's log) when it exits or is not ready in time.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if ('DATABASE_URL' in options.extraEnv) throw new Error('--server-env DATABASE_URL: use --database-url');
  const dataDir = mkdtempSync(join(tmpdir(), 'orderflow-bench-loop-'));
  // As root the embedded Postgres runs as the `postgres` user, which must reach <dataDir>/pg.
  chmodSync(dataDir, 0o755);
  // OTEL_* of the caller's shell would turn tracing on: only `--tracing` / `--server-env` do.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k, v]) => v !== undefined && !TOPOLOGY_VARIABLES.includes(k) && !k.startsWith('OTEL_'),
    ),
  ) as Record<string, string>;
  const env: Record<string, string> = {
    ...inherited,
    ORDERFLOW_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ORDERFLOW_ADMIN_KEY: `bench-loop-${randomBytes(18).toString('hex')}`,
    LOG_LEVEL: 'warn',
    PAYMENT_LATENCY_MS: '20',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.extraEnv,
  };
  // `serve` with DATABASE_URL refuses a schema that is not current (the embedded default migrates itself).
  if (options.databaseUrl) {
    const migrated = spawnSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', 'migrate'], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
    });
    if (migrated.status !== 0) throw new Error(`orderflow migrate failed: ${migrated.stderr}`);
  }
  const logFile = join(dataDir, 'server.log');
  const log = openSync(logFile, 'a');
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'packages/cli/src/main.ts', 'serve'],
    { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  let exitStatus: string | null = null;
  const exited = new Promise<string>((resolveExit) =>
    child.once('exit', (code, signal) =>
      resolveExit((exitStatus = signal ? `signal ${signal}` : `exit code ${code}`)),
    ),
  );
  const pid = child.pid!;
  const origin = `http://127.0.0.1:${env.PORT}`;
  const databaseUrl = env.DATABASE_URL ?? embeddedDatabaseUrl(Number(env.EMBEDDED_PG_PORT));

  const server: RunningServer = {
    origin,
    pid,
    adminKey: env.ORDERFLOW_ADMIN_KEY!,
    databaseUrl,
    dataDir,
    logFile,
    env,
    exited: () => exitStatus !== null,
    release: () => child.unref(),
    async stop(timeoutMs = 60_000) {
      if (exitStatus !== null) return exitStatus;
      process.kill(pid, 'SIGINT');
      const timer = sleep(timeoutMs).then(() => null);
      const status = await Promise.race([exited, timer]);
      if (status !== null) return status;
      process.kill(-pid, 'SIGKILL');
      return `killed after ${timeoutMs} ms (${await exited})`;
    },
  };

  const deadline = Date.now() + options.startTimeoutMs;
  for (;;) {
    if (exitStatus !== null)
      throw new Error(`the server stopped while starting (${exitStatus}); its log:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${origin}/ready`);
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop(10_000);
      throw new Error(
        `the server was not ready after ${options.startTimeoutMs} ms; its log:\n${tail(logFile)}`,
      );
    }
    await sleep(200);
  }
}

const LEVELS: Record<number, string> = { 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * A few lines about the server's log (pino JSON lines, anything else as plain text): lines per
 * level and the most frequent messages, for the report of what the server complained about.
 */
export function logSummary(file: string, top = 8): string {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `server log ${file}: unreadable`;
  }
  const levels = new Map<string, number>();
  const messages = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let level = 'plain';
    let message = line.slice(0, 160);
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
      level = LEVELS[entry.level ?? 0] ?? String(entry.level);
      message = `${level}: ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message.slice(0, 120)})` : ''}`;
    } catch {
      // a plain console line
    }
    levels.set(level, (levels.get(level) ?? 0) + 1);
    messages.set(message, (messages.get(message) ?? 0) + 1);
  }
  const counts = [...levels].map(([level, n]) => `${level} ${n}`).join(', ') || 'empty';
  const frequent = [...messages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([message, n]) => `  ${n} × ${message}`);
  return [`server log ${file}: ${counts}`, ...frequent].join('\n');
}
