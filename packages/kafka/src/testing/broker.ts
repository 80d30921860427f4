import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseBrokers } from '../client.ts';

const run = promisify(execFile);
const scripts = resolve(fileURLToPath(import.meta.url), '../../../../../infra/kafka');

/** The brokers tests use: `KAFKA_BROKERS` (comma-separated), default `127.0.0.1:9092`. */
export const testBrokers = (): string[] => parseBrokers(process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');

/** The port of the local broker infra/kafka manages, or null when the tests use another one. */
function localPort(): string | null {
  const [first] = testBrokers();
  const match = /^(127\.0\.0\.1|localhost):(\d+)$/.exec(first ?? '');
  return match ? match[2]! : null;
}

async function script(name: 'start.sh' | 'stop.sh', port: string): Promise<void> {
  await run('bash', [resolve(scripts, name)], {
    env: { ...process.env, KAFKA_PORT: port },
    timeout: 180_000,
  });
}

/**
 * Makes sure the local test broker runs (infra/kafka/start.sh: a no-op when it answers; the
 * first run on a machine fetches the jars, ~30 s). Does nothing when KAFKA_BROKERS names a
 * broker that is not on 127.0.0.1.
 */
export async function ensureBroker(): Promise<void> {
  const port = localPort();
  if (port) await script('start.sh', port);
}

/**
 * Stops the local broker cleanly and starts it again (about 10 s), for tests of what survives a
 * broker restart. `whileDown` runs after the stop, before the start.
 * @throws Error when the tests do not use the local broker.
 */
export async function restartBroker(whileDown?: () => Promise<void>): Promise<void> {
  const port = localPort();
  if (!port)
    throw new Error('restartBroker needs the local broker of infra/kafka (KAFKA_BROKERS on 127.0.0.1)');
  await script('stop.sh', port);
  await whileDown?.();
  await script('start.sh', port);
}
