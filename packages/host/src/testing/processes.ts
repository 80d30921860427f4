import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where `packages/cli/src/main.ts` is run from). */
export const REPO_ROOT = resolve(fileURLToPath(import.meta.url), '../../../../..');

/** A free TCP port on 127.0.0.1 (the OS picks it; free when this resolves, not reserved). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A spawned `orderflow` command. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Its stdout and stderr so far (for failure messages). */
  output(): string;
  /** Everything it wrote on stdout so far. */
  stdout(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns the real CLI, `node --import tsx packages/cli/src/main.ts <args>`, from the repository
 * root with `env` over this process' environment (minus KAFKA_BROKERS, REDIS_URL and
 * EVENTSTORE_URL, so tests choose their backends).
 */
export function spawnCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const base = { ...process.env };
  for (const name of ['KAFKA_BROKERS', 'REDIS_URL', 'EVENTSTORE_URL', 'DATABASE_URL', 'PORT'])
    delete base[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...base, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return {
    child,
    output: () => output,
    stdout: () => stdout,
    exited,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** GET `http://127.0.0.1:<port><path>` as JSON with its status; null when nothing answers. */
export async function getJson(port: number, path: string): Promise<{ status: number; body: any } | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, body: await response.json() };
  } catch {
    return null;
  }
}

/** The state `/ready` of the process on `port` reports for `role`, or undefined. */
export async function roleState(port: number, role: string): Promise<string | undefined> {
  const ready = await getJson(port, '/ready');
  return (ready?.body?.roles as Array<{ role: string; state: string }> | undefined)?.find(
    (r) => r.role === role,
  )?.state;
}
