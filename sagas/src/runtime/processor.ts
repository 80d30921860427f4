import {
  startConsumer,
  type Backoff,
  type PostgresProcessor,
  type ProcessorStatus,
  type StateChange,
} from '@orderflow/consumer';
import type { RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { CommandDispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { OutboxCommand } from './outbox.ts';
import { eventInput, type CommandSender, type ProcessManager } from './process-manager.ts';
import { fireDueTimers, startTimerPoller, type TimerPollerOptions } from './timer-poller.ts';
import { SagaUnitOfWork } from './unit-of-work.ts';

/** Options of {@link startProcessManager}. */
export interface ProcessManagerOptions extends DispatcherOptions, TimerPollerOptions {
  /** Events per batch (one transaction). Default 500. */
  readonly batchSize?: number;
  /** Pause reading while this many commands wait to be sent. Default 2000. */
  readonly maxBacklog?: number;
  /** Each change of the process manager's state (retrying, standby, …), once. */
  readonly onStateChange?: (change: StateChange) => void;
  /** Backoff of the batch retries after outages, which never end: 100 ms doubling to 5 s by default. */
  readonly restartBackoff?: Partial<Backoff>;
  /** How often a standby process tries to take over, ms. Default 1000. */
  readonly lockRetryMs?: number;
}

/** A running process manager. */
export interface RunningProcessManager {
  readonly name: string;
  /** Position of `$all` the manager has processed (including filtered-out events). */
  readonly position: bigint;
  readonly dispatcher: CommandDispatcher<unknown>;
  /** State, checkpoint and lag of its subscription (`@orderflow/consumer`). */
  status(): ProcessorStatus;
  /** Fires the timers due now, without waiting for the next poll; resolves with how many fired. */
  fireDueTimers(): Promise<number>;
  /** Sends due pending commands now (e.g. right after an operator action in this process). */
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Runs a process manager on the subscription runtime (`@orderflow/consumer`): one Postgres
 * processor whose batch transaction — which also locks and moves the checkpoint — loads the
 * instances involved (FOR UPDATE), applies the events and stores the new states, the commands
 * (outbox), the step log and the timers atomically (see {@link processBatch}). Only after the
 * commit are the commands sent, by the command dispatcher; reading pauses while its backlog is
 * above `maxBacklog`. Command ids are uuidv5(saga, instance, input id, index), so a batch
 * redelivered after a crash produces the same commands, which the outbox and the aggregates'
 * idempotency then ignore. The timer poller and the outbox sweeper run only while this process
 * holds the process manager's lock (its leadership), so one process fires timers and sweeps.
 */
export async function startProcessManager<State>(
  db: Knex,
  store: EventStore,
  pm: ProcessManager<State>,
  send: CommandSender,
  options: ProcessManagerOptions = {},
): Promise<RunningProcessManager> {
  const dispatcher = new CommandDispatcher(db, pm, send, options);
  const enqueue = (commands: OutboxCommand[]) => dispatcher.enqueue(commands);
  const maxBacklog = options.maxBacklog ?? 2000;
  let timers: ReturnType<typeof startTimerPoller> | null = null;
  const processor: PostgresProcessor<OutboxCommand[]> = {
    kind: 'postgres',
    name: pm.name,
    eventTypes: pm.eventTypes,
    store: 'postgres',
    beforeBatch: () => dispatcher.waitForBacklogBelow(maxBacklog),
    apply: (trx, events) => processBatch(trx, pm, events),
    afterCommit: enqueue,
    async onLeadership(held) {
      if (held) {
        timers ??= startTimerPoller(db, pm, enqueue, options);
        await dispatcher.start();
      } else {
        dispatcher.stopSweeping();
        const stopping = timers;
        timers = null;
        await stopping?.stop();
      }
    },
  };
  const consumer = await startConsumer({
    db,
    store,
    batchSize: options.batchSize,
    retry: options.restartBackoff,
    lockRetryMs: options.lockRetryMs,
    processors: [processor],
    onStateChange: options.onStateChange,
    onError: (_name, error) =>
      (options.onRecordError ?? ((e: unknown) => console.error(`process manager ${pm.name}:`, e)))(error),
  });
  const status = () => consumer.status()[0]!;

  return {
    name: pm.name,
    get position() {
      return status().scanned;
    },
    status,
    dispatcher: dispatcher as CommandDispatcher<unknown>,
    fireDueTimers: () =>
      timers?.poll() ??
      fireDueTimers(db, pm, options).then(({ fired, commands }) => (enqueue(commands), fired)),
    wake: () => {
      if (timers) dispatcher.wake();
    },
    async stop() {
      await consumer.stop();
      await dispatcher.stop();
    },
  };
}

/**
 * Applies one batch of events in `trx` (the runtime's batch transaction, which holds the
 * checkpoint row and moves it after): loads and locks the instances the events correlate to,
 * feeds each event to its instance, and writes states, outbox, step log and timers.
 * @returns the commands to send once it has committed.
 */
export async function processBatch<State>(
  trx: Knex.Transaction,
  pm: ProcessManager<State>,
  events: readonly RecordedEvent[],
): Promise<OutboxCommand[]> {
  const uow = new SagaUnitOfWork(trx, pm);
  const correlated = events.map((event) => [event, pm.correlate(event)] as const);
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
  return uow.commit({ leaseSeconds: 30 });
}
