/**
 * A process-manager process for the crash tests (`crash.int.test.ts`): runs OrderFulfillment
 * against DATABASE_URL (Postgres event store + saga tables) and kills itself with SIGKILL — no
 * cleanup, like a power cut — at the point `CRASH` names:
 *   CRASH=before:<Type>[/<reason>]:<n>  right before the n-th send of that command type
 *                                       (the command is in the outbox, not sent);
 *   CRASH=after:<Type>[/<reason>]:<n>   right after the n-th send succeeded (the effect is
 *                                       in the event store, its done mark not written).
 * PAYMENT_TIMEOUT_MS sets the payment timeout. Prints `ready`, and `crash <point>` just before
 * dying. SIGTERM stops it cleanly.
 */
import { writeSync } from 'node:fs';
import { createCachedCommandHandler } from '@orderflow/core';
import { domainSchemaRegistry } from '@orderflow/domain';
import { createPostgresEventStore } from '@orderflow/eventstore-postgres';
import knexFactory from 'knex';
import pg from 'pg';
import { createOrderFulfillment } from '../order-fulfillment/index.ts';
import { fulfillmentSender } from '../order-fulfillment/send.ts';
import type { SagaCommand } from '../runtime/process-manager.ts';
import { startProcessManager } from '../runtime/processor.ts';

const say = (line: string) => writeSync(1, `${line}\n`);
const url = process.env.DATABASE_URL!;
const [when, what, count] = (process.env.CRASH ?? '::').split(':');
const [crashType, crashReason] = (what ?? '').split('/');
let seen = 0;

const matches = (c: SagaCommand) => c.type === crashType && (!crashReason || c.data.reason === crashReason);
const crash = () => {
  say(`crash ${process.env.CRASH}`);
  process.kill(process.pid, 'SIGKILL');
};

const pool = new pg.Pool({ connectionString: url, max: 6 });
const db = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 6 } });
const store = createPostgresEventStore(pool, { schemas: domainSchemaRegistry, pollIntervalMs: 100 });
const send = fulfillmentSender(createCachedCommandHandler(store));
const pm = await startProcessManager(
  db,
  store,
  createOrderFulfillment({ paymentTimeoutMs: Number(process.env.PAYMENT_TIMEOUT_MS ?? 900_000) }),
  async (command) => {
    const hit = matches(command) && ++seen === Number(count);
    if (hit && when === 'before') crash();
    await send(command);
    if (hit && when === 'after') crash();
  },
  {
    batchSize: Number(process.env.BATCH_SIZE ?? 50),
    concurrency: 4,
    timerIntervalMs: 100,
    sweepIntervalMs: 200,
    retry: { attempts: 6, baseDelayMs: 10, maxDelayMs: 200 },
    onStateChange: (change) => change.to === 'retrying' && say(`retrying ${String(change.error)}`),
  },
);
say('ready');
process.on('SIGTERM', () => {
  void pm
    .stop()
    .then(() => store.close())
    .then(() => Promise.allSettled([pool.end(), db.destroy()]))
    .then(() => process.exit(0));
});
