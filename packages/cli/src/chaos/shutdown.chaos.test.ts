import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createTestDatabase } from '@orderflow/testing';
import { Kafka, logLevel } from 'kafkajs';
import { test } from 'uvu';
import { startDedicatedBroker } from './dedicated-broker.ts';
import { firstPaymentAnswerAfter, startProviderProcess, type ProviderProcess } from './kafka-provider.ts';
import { runChaosCase, within } from './scenario.ts';

/** The members of consumer group `groupId` on `broker`, and the group's state. */
async function describeGroup(broker: string, groupId: string) {
  const admin = new Kafka({ brokers: [broker], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return { state: groups[0]!.state, members: groups[0]!.members.map((m) => m.memberId) };
  } finally {
    await admin.disconnect();
  }
}

test('SIGTERM to a loaded server: exit 0 within 5 s, no acknowledged order lost, its Kafka consumer left the group', async () => {
  const db = await createTestDatabase('chaos_sigterm');
  const kafka = await startDedicatedBroker();
  const prefix = `chaos-${randomBytes(4).toString('hex')}.`;
  let provider: ProviderProcess | null = null;
  let exit: { code: number | null; signal: string | null; ms: number } | null = null;
  let group: Awaited<ReturnType<typeof describeGroup>> | null = null;
  let linesAfterSignal: string[] = [];
  let consumedMs = Number.NaN;
  try {
    await within(200_000, 'SIGTERM case', () =>
      runChaosCase({
        name: 'SIGTERM and restart',
        databaseUrl: db.url,
        env: { PAYMENT_PROVIDER: 'kafka', KAFKA_BROKERS: kafka.broker, KAFKA_TOPIC_PREFIX: prefix },
        warmupMs: 5000,
        async beforeLoad() {
          provider = await startProviderProcess(kafka.broker, prefix);
          return () => provider!.stop();
        },
        async fault({ server }) {
          // Under load: requests in flight, sagas and relay mid-batch, the consumer fetching.
          const offset = statSync(server.logFile).size;
          exit = await server.terminate('SIGTERM');
          linesAfterSignal = readFileSync(server.logFile).subarray(offset).toString('utf8').split('\n');
          group = await describeGroup(kafka.broker, `${prefix}orderflow-payment-callbacks`);
          await server.restart();
          // A member that had not left would hold the new one's join until its session ends.
          consumedMs = await firstPaymentAnswerAfter(db.url, new Date());
        },
      }),
    );
    console.log(
      `chaos SIGTERM: exit ${exit!.code ?? exit!.signal} ${exit!.ms} ms after the signal; callback group ` +
        `${group!.state} with ${group!.members.length} members; the restarted server consumed a payment ` +
        `${(consumedMs / 1000).toFixed(1)} s after it was ready`,
    );
    assert.equal(exit!.code, 0, `exit code (signal ${exit!.signal})`);
    assert.ok(exit!.ms < 5000, `exited ${exit!.ms} ms after SIGTERM`);
    assert.deepEqual(group!.members, [], 'the callback consumer left its group');
    assert.ok(consumedMs <= 5000, `the restarted server consumed its first payment after ${consumedMs} ms`);
    // LOG_LEVEL=warn: a clean drain writes nothing; whatever it writes (kafkajs' warnings
    // included, through pino) is one JSON line, no error.
    const written = linesAfterSignal.filter((l) => l.trim() !== '');
    for (const line of written) {
      const entry = (() => {
        try {
          return JSON.parse(line) as { level?: number };
        } catch {
          return assert.fail(`not a JSON line after SIGTERM: ${line}`);
        }
      })();
      assert.ok((entry.level ?? 0) < 50, `an error logged while stopping: ${line}`);
    }
  } catch (error) {
    const tail = (provider as ProviderProcess | null)?.tail() ?? '';
    throw new Error(`${(error as Error).message}\npayment provider:\n${tail}`);
  } finally {
    await kafka.destroy();
    await db.drop();
  }
});

test.run();
