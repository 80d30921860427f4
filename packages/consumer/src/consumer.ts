import { type Backoff, type Clock, type RecordedEvent, systemClock } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { watchCheckpoints, type CheckpointWatcher } from './checkpoint-watcher.ts';
import { readCheckpoints } from './checkpoints.ts';
import { DEFAULT_HANDLER_RETRY, type HandlerRetryPolicy } from './handler-retry.ts';
import { LockSession } from './lock-session.ts';
import { CheckpointNotifier } from './notifier.ts';
import { countParkedEvents } from './parked.ts';
import { checkpointInPostgres, type Processor } from './processor.ts';
import { ProcessorRunner } from './runner.ts';
import type { ProcessorStatus, StateChange } from './status.ts';
import { ProgressWaiters, anyTrue } from './waiters.ts';

/** Options of {@link startConsumer}. */
export interface ConsumerOptions {
  /** Postgres: `processor_checkpoints`, `processor_parked`, the advisory locks and Postgres processors' batches. */
  readonly db: Knex;
  readonly store: EventStore;
  readonly processors: readonly Processor[];
  /** Most events per batch of a processor that sets none. Default 500. */
  readonly batchSize?: number;
  /** Backoff of the retries that never end (outages, unreadable events): 100 ms doubling to 5 s by default. */
  readonly retry?: Partial<Backoff>;
  /** Retries of a failing handler before its event is parked. Default 3 tries, 50 ms base. */
  readonly handlerRetry?: Partial<HandlerRetryPolicy>;
  /** How often a standby tries the lock, and the lock connection is checked, ms. Default 1000. */
  readonly lockRetryMs?: number;
  /** How often the head is sampled, parked counts read and external processors checked, ms. Default 1000. */
  readonly checkIntervalMs?: number;
  /** Each change of a processor's state, once (not per retry). */
  readonly onStateChange?: (change: StateChange) => void;
  /** Each event parked. */
  readonly onParked?: (processor: string, event: RecordedEvent, error: unknown) => void;
  /** Failures of hooks that do not affect the batch (`afterCommit`, `onLeadership`). */
  readonly onError?: (processor: string, error: unknown) => void;
  readonly clock?: Clock;
  /** In [0, 1), for the backoff's jitter. Default Math.random. */
  readonly random?: () => number;
}

/** Running processors. */
export interface Consumer {
  /** Each processor's health, from memory (no I/O): state, checkpoint, lag, events/s, parked, last error. */
  status(): ProcessorStatus[];
  /**
   * Resolves true once every processor (or the named one) has processed `$all` up to
   * `position`, false after `timeoutMs` (default 5000). A processor this process applies is
   * waited for in memory; one another process holds (standby here), on its stored checkpoint.
   */
  waitFor(position: bigint, timeoutMs?: number, processor?: string): Promise<boolean>;
  /** Ends the backoff waits of retrying processors now (e.g. a client reconnected). */
  retryNow(): void;
  /** Stops every processor after its batch in progress, releases the locks. */
  stop(): Promise<void>;
}

/**
 * Runs `processors` on `$all`, each on its own catch-up subscription from its checkpoint (see
 * {@link ProcessorRunner}), one process at a time per processor: a processor is applied only
 * while this consumer holds its Postgres advisory lock (`pg_try_advisory_lock` on one session
 * connection for all of them); other processes stand by and take over within seconds when the
 * holder dies. Every second (`checkIntervalMs`) it samples the head of `$all` for the lag,
 * reads the parked counts, runs the external processors' health checks and reads the
 * checkpoints that standby processors' holders store. Resolves once each processor has tried
 * its lock and checkpoint once; never rejects for an outage (the processors retry).
 * @throws TypeError when two processors share a name.
 */
export async function startConsumer(options: ConsumerOptions): Promise<Consumer> {
  const { db, store, processors } = options;
  const names = processors.map((p) => p.name);
  if (new Set(names).size !== names.length) throw new TypeError(`processor names must be unique: ${names}`);
  const clock = options.clock ?? systemClock;
  const lockRetryMs = options.lockRetryMs ?? 1000;
  const locks = new LockSession(db, lockRetryMs);
  const notifier = new CheckpointNotifier(db);
  const waiters = new ProgressWaiters();
  const settings = {
    batchSize: options.batchSize ?? 500,
    retry: { baseDelayMs: 100, maxDelayMs: 5000, ...options.retry },
    handlerRetry: { ...DEFAULT_HANDLER_RETRY, ...options.handlerRetry },
    lockRetryMs,
    clock,
    random: options.random ?? Math.random,
  };
  const onError = options.onError ?? (() => undefined);
  const runners = processors.map(
    (processor) =>
      new ProcessorRunner({
        db,
        store,
        processor,
        locks,
        notifier,
        settings,
        report: (change) => options.onStateChange?.(change),
        onParked: (event, error) => options.onParked?.(processor.name, event, error),
        onError: (error) => onError(processor.name, error),
        progressed: () => waiters.notify(),
      }),
  );
  const byName = new Map(runners.map((r) => [r.name, r]));
  const unsubscribe = locks.onLost((lost) => lost.forEach((name) => byName.get(name)?.lockLost()));
  const inPostgres = runners.filter((_, i) => checkpointInPostgres(processors[i]!));
  let watcher: CheckpointWatcher | null = null;

  let head = 0n;
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      head = await store.headPosition().catch(() => head);
      const parkings = runners.map((r) => r.progress.parkings);
      const counts = await countParkedEvents(db, names).catch(() => null);
      runners.forEach((r, i) => {
        if (counts && r.progress.parkings === parkings[i]) r.progress.parked = counts.get(r.name) ?? 0;
      });
      const standby = inPostgres.filter((r) => !r.isLeading);
      if (standby.length > 0) {
        const stored = await readCheckpoints(
          db,
          standby.map((r) => r.name),
        ).catch(() => null);
        for (const r of standby) if (stored?.has(r.name)) r.observed(stored.get(r.name)!);
      }
      await Promise.all(runners.map((r) => r.check()));
      waiters.notify();
    } finally {
      ticking = false;
    }
  };
  const timer = setInterval(() => void tick(), options.checkIntervalMs ?? 1000);
  timer.unref();
  await Promise.all(runners.map((r) => r.started));
  await tick();

  const waitForOne = (runner: ProcessorRunner, position: bigint, deadline: number): Promise<boolean> => {
    const inMemory = waiters.until(() => runner.progress.scanned >= position, deadline);
    if (runner.isLeading || !inPostgres.includes(runner)) return inMemory;
    watcher ??= watchCheckpoints(
      db,
      inPostgres.map((r) => r.name),
    );
    return anyTrue([inMemory, watcher.waitFor(position, deadline - Date.now(), runner.name)]);
  };

  return {
    status: () => runners.map((r) => r.progress.status(head)),
    async waitFor(position, timeoutMs = 5000, processor) {
      const deadline = Date.now() + timeoutMs;
      const selected = runners.filter((r) => !processor || r.name === processor);
      const reached = await Promise.all(selected.map((r) => waitForOne(r, position, deadline)));
      return reached.every(Boolean);
    },
    retryNow: () => runners.forEach((r) => r.retryNow()),
    async stop() {
      clearInterval(timer);
      unsubscribe();
      await Promise.all(runners.map((r) => r.stop()));
      notifier.close();
      waiters.notify();
      await watcher?.close();
      await locks.close();
    },
  };
}
