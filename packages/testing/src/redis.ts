import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';

/** A private `redis-server` child process of one test. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: like a crash) and waits for it to exit. No-op when stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port — empty, as nothing is persisted — and waits until it answers. */
  restart(): Promise<void>;
}

/** The shared Redis of tests that need no private server: `TEST_REDIS_URL`, default 127.0.0.1:6379. */
export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True when something on `port` answers PING with +PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts `redis-server` (from PATH, or `REDIS_SERVER`) on a free port of 127.0.0.1 with no
 * persistence (`--save "" --appendonly no`), so a restart comes back empty, and waits until it
 * answers PING (up to 5 s). The process is killed when the test process exits.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const binary = process.env.REDIS_SERVER ?? 'redis-server';
  let child: ChildProcess | null = null;

  const start = async (): Promise<void> => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const proc = spawn(binary, [...args, '--dir', tmpdir()], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    live.add(proc);
    let stderr = '';
    proc.stderr?.on('data', (chunk) => void (stderr += String(chunk)));
    let exited = false;
    proc.once('exit', () => {
      exited = true;
      live.delete(proc);
    });
    const deadline = Date.now() + 5000;
    while (!(await pings(port))) {
      if (exited) throw new Error(`redis-server exited on start (port ${port}): ${stderr.trim()}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
