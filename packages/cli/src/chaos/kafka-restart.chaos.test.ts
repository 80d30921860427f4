import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase } from '@orderflow/testing';
import { test } from 'uvu';
import { startDedicatedBroker } from './dedicated-broker.ts';
import { firstPaymentAnswerAfter, startProviderProcess, type ProviderProcess } from './kafka-provider.ts';
import { assertNotReadyDuring, runChaosCase, within } from './scenario.ts';

/** How long the broker stays away: past kafkajs' default connection retries (~5 s) and any session of 6 s. */
const OUTAGE_MS = 25_000;

test('the Kafka broker stopped for 25 s under load (PAYMENT_PROVIDER=kafka): payments resume within 5 s of its return, nothing lost', async () => {
  const db = await createTestDatabase('chaos_kafka');
  // A dedicated broker on its own ports and data, never the shared one on 9092.
  const kafka = await startDedicatedBroker();
  const prefix = `chaos-${randomBytes(4).toString('hex')}.`;
  let provider: ProviderProcess | null = null;
  let resumedMs = Number.NaN;
  try {
    await within(240_000, 'Kafka outage case', () =>
      runChaosCase({
        name: 'Kafka broker stopped for 25 s',
        databaseUrl: db.url,
        env: { PAYMENT_PROVIDER: 'kafka', KAFKA_BROKERS: kafka.broker, KAFKA_TOPIC_PREFIX: prefix },
        warmupMs: 5000,
        async beforeLoad() {
          // The payment provider on the other side of Kafka, once the server has made the topics.
          provider = await startProviderProcess(kafka.broker, prefix);
          return () => provider!.stop();
        },
        async fault() {
          await kafka.stop();
          await sleep(OUTAGE_MS);
          await kafka.start();
          const back = new Date();
          // The relay sends the requests of the outage, the provider answers them, and the
          // callback consumer (its group membership kept through the outage) applies the answers.
          resumedMs = await firstPaymentAnswerAfter(db.url, back);
        },
        // The callback consumer hears nothing from the brokers for 3 s: the relay role is
        // `retrying` and, past READY_GRACE_MS (1 s), /ready answers 503 ("Known gap" closed).
        readiness: assertNotReadyDuring,
      }),
    );
    console.log(
      `chaos Kafka broker stopped for 25 s: payments resumed ${(resumedMs / 1000).toFixed(1)} s after its return`,
    );
    assert.ok(resumedMs <= 5000, `payments resumed ${resumedMs} ms after the broker's return (at most 5000)`);
  } catch (error) {
    const tail = (provider as ProviderProcess | null)?.tail() ?? '';
    throw new Error(`${(error as Error).message}\npayment provider:\n${tail}`);
  } finally {
    await kafka.destroy();
    await db.drop();
  }
});

test.run();
