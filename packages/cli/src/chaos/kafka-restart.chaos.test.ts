import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, eventually } from '@orderflow/testing';
import { test } from 'uvu';
import { startDedicatedBroker } from './dedicated-broker.ts';
import { runChaosCase, within } from './scenario.ts';
import { REPO_ROOT } from './server-process.ts';

test('the Kafka broker restarted under load with the relay and the callback consumer running: every order settles', async () => {
  const db = await createTestDatabase('chaos_kafka');
  // A dedicated broker on its own ports and data, never the shared one on 9092.
  const kafka = await startDedicatedBroker();
  let providerOutput = '';
  const prefix = `chaos-${randomBytes(4).toString('hex')}.`;
  try {
    await within(200_000, 'Kafka restart case', () =>
      runChaosCase({
        name: 'Kafka broker restarted',
        databaseUrl: db.url,
        env: { KAFKA_BROKERS: kafka.broker, KAFKA_TOPIC_PREFIX: prefix },
        warmupMs: 5000,
        async beforeLoad() {
          // The payment provider on the other side of Kafka, as the README starts it, once the
          // server has created the topics.
          const provider = spawn(
            process.execPath,
            [
              '--import',
              'tsx',
              join(REPO_ROOT, 'packages/payment-simulator/src/kafka-provider.ts'),
              '--brokers',
              kafka.broker,
              '--topic-prefix',
              prefix,
              '--latency-ms',
              '5',
            ],
            { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
          );
          provider.stdout.on('data', (d) => (providerOutput = (providerOutput + String(d)).slice(-20_000)));
          provider.stderr.on('data', (d) => (providerOutput = (providerOutput + String(d)).slice(-20_000)));

          await eventually('the payment provider ready', () => providerOutput.includes('simulator: ready'), {
            timeoutMs: 30_000,
          });
          return async () => void provider.kill('SIGTERM');
        },
        async fault() {
          await kafka.stop();
          await kafka.start();
        },
        // Not asserted: /ready stays 200 through a ~5 s broker restart, as the relay's send waits
        // in kafkajs' own retries (up to ~30 s) and its processor never leaves `running`.
      }),
    );
  } catch (error) {
    const lines = providerOutput.split('\n').filter((l) => !l.includes('kafkajs'));
    throw new Error(`${(error as Error).message}\npayment provider:\n${lines.slice(-30).join('\n')}`);
  } finally {
    await kafka.destroy();
    await db.drop();
  }
});

test.run();
