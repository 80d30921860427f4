/**
 * A Kafka broker of one chaos test, never the shared one on 9092: `infra/kafka/start.sh` with
 * a free KAFKA_PORT (and the controller port after it) and a temporary KAFKA_DATA_DIR. About
 * 5–7 s to start on the 2-core machine once the jars are in infra/kafka/lib (the first start
 * fetches them from Maven Central).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, REPO_ROOT } from './server-process.ts';

const run = promisify(execFile);

/** A dedicated broker. */
export interface DedicatedBroker {
  /** `127.0.0.1:<port>` */
  readonly broker: string;
  /** Clean stop (SIGTERM, infra/kafka/stop.sh). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
}

/** True when nothing listens on 127.0.0.1:`port`. */
const isFree = (port: number) =>
  new Promise<boolean>((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });

/** A port p with p and p + 1 free (the client and the controller listener). */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await isFree(port + 1))) return port;
  }
}

/** Starts a dedicated single-node KRaft broker (see the module comment). */
export async function startDedicatedBroker(): Promise<DedicatedBroker> {
  const port = await freePortPair();
  const dataDir = mkdtempSync(join(tmpdir(), 'orderflow-chaos-kafka-'));
  const env = { ...process.env, KAFKA_PORT: String(port), KAFKA_DATA_DIR: dataDir };
  const script = (name: 'start.sh' | 'stop.sh') =>
    run('bash', [join(REPO_ROOT, 'infra/kafka', name)], { env, timeout: 180_000 }).then(() => undefined);
  await script('start.sh');
  return {
    broker: `127.0.0.1:${port}`,
    stop: () => script('stop.sh'),
    start: () => script('start.sh'),
    async destroy() {
      await script('stop.sh').catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
