/**
 * The Kafka side of a chaos case with PAYMENT_PROVIDER=kafka: the payment provider simulator
 * process (as the README starts it) and what the event store says of payments.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '@orderflow/testing';
import pg from 'pg';
import { REPO_ROOT } from './server-process.ts';

/** A running provider simulator. */
export interface ProviderProcess {
  /** Its last output lines, kafkajs' own left out. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

/**
 * Starts `packages/payment-simulator/src/kafka-provider.ts` on `broker` with `prefix` (5 ms
 * latency) and waits until it joined its group ("simulator: ready", up to 30 s): start it once
 * the server has created the topics.
 */
export async function startProviderProcess(broker: string, prefix: string): Promise<ProviderProcess> {
  const provider = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'packages/payment-simulator/src/kafka-provider.ts'),
      ...['--brokers', broker, '--topic-prefix', prefix, '--latency-ms', '5'],
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (d: unknown) => (output = (output + String(d)).slice(-20_000));
  provider.stdout.on('data', keep);
  provider.stderr.on('data', keep);
  await eventually('the payment provider ready', () => output.includes('simulator: ready'), {
    timeoutMs: 30_000,
  });
  return {
    tail: (lines = 30) =>
      output
        .split('\n')
        .filter((l) => !l.includes('kafkajs'))
        .slice(-lines)
        .join('\n'),
    async stop() {
      if (provider.exitCode !== null) return;
      const exited = new Promise((done) => provider.once('exit', done));
      provider.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Waits for the first payment answer (PaymentConfirmed or PaymentFailed) recorded after `since`
 * in the event store of `databaseUrl`, polling every 100 ms for up to `timeoutMs`.
 * @returns ms from `since` to that event's `recorded_at`.
 * @throws Error when none came in time.
 */
export async function firstPaymentAnswerAfter(
  databaseUrl: string,
  since: Date,
  timeoutMs = 60_000,
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ at: Date }>(
        `SELECT min(recorded_at) AS at FROM eventstore.events
          WHERE type IN ('PaymentConfirmed', 'PaymentFailed') AND recorded_at > $1`,
        [since],
      );
      if (rows[0]?.at) return rows[0].at.getTime() - since.getTime();
      if (Date.now() > deadline)
        throw new Error(`no payment answered within ${timeoutMs} ms of ${since.toISOString()}`);
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}
