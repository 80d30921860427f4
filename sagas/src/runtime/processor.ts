import type { RecordedEvent } from '@orderflow/core';
import type { EventStore, Subscription } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { CommandDispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { OutboxCommand } from './outbox.ts';
import { eventInput, type CommandSender, type ProcessManager } from './process-manager.ts';
import { SAGA_CHECKPOINTS } from './tables.ts';
import { startTimerPoller, type TimerPollerOptions } from './timer-poller.ts';
import { SagaUnitOfWork } from './unit-of-work.ts';

/** Options of {@link startProcessManager}. */
export interface ProcessManagerOptions extends DispatcherOptions, TimerPollerOptions {
  /** Events per batch (one transaction). Default 500. */
  readonly batchSize?: number;
  /** Pause reading while this many commands wait to be sent. Default 2000. */
  readonly maxBacklog?: number;
  /** Called when the subscription stops on an error (the process manager then stands still). */
  readonly onStopped?: (error: unknown) => void;
}

/** A running process manager. */
export interface RunningProcessManager {
  readonly name: string;
  /** Position of `$all` the manager has processed (including filtered-out events). */
  readonly position: bigint;
  readonly dispatcher: CommandDispatcher<unknown>;
  /** Fires the timers due now, without waiting for the next poll; resolves with how many fired. */
  fireDueTimers(): Promise<number>;
  /** Sends due pending commands now (e.g. right after an operator action in this process). */
  wake(): void;
  stop(): Promise<void>;
}

/** Postgres errors after which a batch transaction is simply tried again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * Runs a process manager: a catch-up subscription on `$all`, a command dispatcher and a timer
 * poller. For each batch of events, one transaction locks the checkpoint, loads the instances
 * involved (FOR UPDATE), applies the events, and stores the new states, the commands (outbox),
 * the step log, the timers and the checkpoint — atomically (see {@link SagaUnitOfWork}). Only
 * after the commit are the commands sent. Command ids are uuidv5(saga, instance, input id,
 * index), so a batch redelivered after a crash produces the same commands, which the outbox and
 * the aggregates' idempotency then ignore.
 */
export async function startProcessManager<State>(
  db: Knex,
  store: EventStore,
  pm: ProcessManager<State>,
  send: CommandSender,
  options: ProcessManagerOptions = {},
): Promise<RunningProcessManager> {
  const dispatcher = new CommandDispatcher(db, pm, send, options);
  await dispatcher.start();
  await db(SAGA_CHECKPOINTS).insert({ name: pm.name, position: 0 }).onConflict('name').ignore();
  const row = await db(SAGA_CHECKPOINTS).where({ name: pm.name }).first<{ position: string }>('position');
  const maxBacklog = options.maxBacklog ?? 2000;
  const timers = startTimerPoller(db, pm, (commands) => dispatcher.enqueue(commands), options);

  const subscription: Subscription = store.subscribeToAll({
    after: BigInt(row.position),
    batchSize: options.batchSize ?? 500,
    filter: { eventTypes: pm.eventTypes },
    onEvents: async (events) => {
      await dispatcher.waitForBacklogBelow(maxBacklog);
      dispatcher.enqueue(await processBatchWithRetry(db, pm, events));
    },
    onError: (error) =>
      (options.onStopped ?? ((e) => console.error(`process manager ${pm.name} stopped:`, e)))(error),
  });

  return {
    name: pm.name,
    get position() {
      return subscription.position;
    },
    dispatcher: dispatcher as CommandDispatcher<unknown>,
    fireDueTimers: () => timers.poll(),
    wake: () => dispatcher.wake(),
    async stop() {
      await subscription.stop();
      await timers.stop();
      await dispatcher.stop();
    },
  };
}

async function processBatchWithRetry<State>(
  db: Knex,
  pm: ProcessManager<State>,
  events: readonly RecordedEvent[],
): Promise<OutboxCommand[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction((trx) => processBatch(trx, pm, events));
    } catch (error) {
      const sqlState = (error as { code?: unknown }).code;
      if (attempt >= 5 || typeof sqlState !== 'string' || !RETRYABLE_SQLSTATES.has(sqlState)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

/** Applies one batch in `trx`; returns the commands to send once it has committed. */
export async function processBatch<State>(
  trx: Knex.Transaction,
  pm: ProcessManager<State>,
  events: readonly RecordedEvent[],
): Promise<OutboxCommand[]> {
  const checkpoint = BigInt(
    (await trx(SAGA_CHECKPOINTS).where({ name: pm.name }).forUpdate().first<{ position: string }>('position'))
      .position,
  );
  const fresh = events.filter((e) => e.position > checkpoint);
  if (fresh.length === 0) return [];
  const uow = new SagaUnitOfWork(trx, pm);
  const correlated = fresh.map((event) => [event, pm.correlate(event)] as const);
  await uow.lock([...new Set(correlated.map(([, id]) => id).filter((id): id is string => id !== null))]);
  for (const [event, instanceId] of correlated) {
    if (instanceId === null) continue;
    uow.apply(instanceId, eventInput(event), {
      kind: 'event',
      detail: {
        type: event.type,
        eventId: event.id,
        stream: event.streamName,
        revision: event.revision.toString(),
        recordedAt: event.metadata.recordedAt.toISOString(),
      },
      actor: null,
    });
  }
  await trx(SAGA_CHECKPOINTS)
    .where({ name: pm.name })
    .update({ position: fresh.at(-1)!.position.toString() });
  return uow.commit({ leaseSeconds: 30 });
}
