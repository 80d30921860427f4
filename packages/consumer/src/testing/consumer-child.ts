/**
 * A consumer in a process of its own, for the crash and take-over tests: runs a counting
 * processor (see `support.ts`) per name in PROCESSORS (comma-separated) against DATABASE_URL.
 * Prints `ready` once started and `state <processor> <to>` for each change of state.
 * CRASH_IN_BATCH=n kills the process with SIGKILL — no cleanup, like a power cut — inside the
 * n-th batch's transaction, after its effects were written and before the commit. BATCH_SIZE
 * sets the batch size (default 10). SIGTERM stops it cleanly.
 */
import { writeSync } from 'node:fs';
import { startConsumer } from '../consumer.ts';
import { connect, countingProcessor } from './support.ts';

const say = (line: string) => writeSync(1, `${line}\n`);
const names = (process.env.PROCESSORS ?? 'counter').split(',');
const crashIn = Number(process.env.CRASH_IN_BATCH ?? 0);
let batches = 0;

const connections = connect(process.env.DATABASE_URL!);
const consumer = await startConsumer({
  db: connections.knex,
  store: connections.store,
  batchSize: Number(process.env.BATCH_SIZE ?? 10),
  processors: names.map((name) =>
    countingProcessor(name, () => {
      if (++batches === crashIn) {
        say(`crash in batch ${batches}`);
        process.kill(process.pid, 'SIGKILL');
      }
    }),
  ),
  onStateChange: (change) => say(`state ${change.processor} ${change.to}`),
});
say('ready');
process.on('SIGTERM', () => {
  void consumer
    .stop()
    .then(() => connections.close())
    .then(() => process.exit(0));
});
