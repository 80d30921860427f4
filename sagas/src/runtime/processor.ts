import {
  startConsumer,
  type PostgresProcessor,
  type ProcessorStatus,
  type StateChange,
} from '@orderflow/consumer';
import {
  fallbackLogger,
  startEventSpan,
  tracingOn,
  type Backoff,
  type Command,
  type Event,
  type RecordedEvent,
  type TraceScope,
} from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { CommandDispatcher, type DispatcherOptions } from './dispatcher.ts';
import type { OutboxCommand } from './outbox.ts';
import { eventInput, type CommandSender, type ProcessManager } from './process-manager.ts';
import { fireDueTimers, startTimerPoller, type TimerPollerOptions } from './timer-poller.ts';
import {
  backoffDelayMs,
  DEFAULT_RETRY_POLICY,
  describeError,
  permanentCode,
  type RetryPolicy,
} from './retry.ts';
import { SagaUnitOfWork, type SendOutcome } from './unit-of-work.ts';

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
 * processor whose batch transaction — which also moves the checkpoint — loads the instances
 * involved (FOR UPDATE), applies the events, sends the commands decided and stores the new
 * states, the commands with their outcomes, the step log and the timers atomically (see
 * {@link processBatch}). Commands that failed transiently, and those of timers and operators,
 * are sent by the command dispatcher; reading pauses while its backlog is above `maxBacklog`.
 * The batch commits asynchronously (`synchronous_commit = off`): everything it writes follows
 * from the event log, and a batch lost with a crash of the database is applied again from the
 * checkpoint, deciding the same commands. The timer poller and the outbox sweeper run only
 * while this process holds the process manager's lock (its leadership), so one process fires
 * timers and sweeps.
 */
export async function startProcessManager<State, In extends Event, Out extends Command>(
  db: Knex,
  store: EventStore,
  typed: ProcessManager<State, In, Out>,
  typedSend: CommandSender<Out>,
  options: ProcessManagerOptions = {},
): Promise<RunningProcessManager> {
  // Below, inputs and commands travel through the database and the outbox as plain
  // `{ type, data }` records; the process manager's own functions keep their types.
  const pm: ProcessManager<State> = typed;
  const send = typedSend as CommandSender;
  const dispatcher = new CommandDispatcher(db, pm, send, options);
  const sending: InlineSending = {
    send,
    retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    onError: options.onError,
  };
  const enqueue = (commands: OutboxCommand[]) => dispatcher.enqueue(commands);
  const maxBacklog = options.maxBacklog ?? 2000;
  let timers: ReturnType<typeof startTimerPoller> | null = null;
  const processor: PostgresProcessor<OutboxCommand[]> = {
    kind: 'postgres',
    name: pm.name,
    eventTypes: pm.eventTypes,
    store: 'postgres',
    beforeBatch: () => dispatcher.waitForBacklogBelow(maxBacklog),
    asyncCommit: true,
    apply: (trx, events) => processBatch(trx, pm, events, sending),
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
      (
        options.onRecordError ??
        ((err: unknown) => fallbackLogger('process-manager').error({ err, saga: pm.name }, 'process manager'))
      )(error),
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

/** How {@link processBatch} sends the commands it decides, inside its transaction. */
export interface InlineSending {
  readonly send: CommandSender;
  readonly retry: RetryPolicy;
  /** Sees every failed send, e.g. for logging. */
  readonly onError?: (command: OutboxCommand, error: unknown) => void;
}

/**
 * Applies one batch of events in `trx` (the runtime's batch transaction, which moves the
 * checkpoint after): loads and locks the instances the events correlate to, feeds each event
 * to its instance, then — with `sending` — sends the commands decided, all at once, while the
 * transaction is open, and writes states, commands with their outcomes, step log and timers in
 * one statement. A command that failed transiently is stored pending for the outbox sweeper;
 * one refused for good parks its instance in the same transaction.
 *
 * Sending before the commit is what makes a command cost one outbox row instead of a row, a
 * done mark and a step in a second transaction; it is safe because commands are idempotent
 * (ids uuidv5(saga, instance, input id, index), deterministic event ids, idempotent deciders):
 * if the process dies before the commit, the batch is delivered again and decides and sends
 * the same commands, which change nothing the second time.
 * @returns the commands stored pending and not sent (none with `sending`), to send after the
 *   commit.
 */
export async function processBatch<State>(
  trx: Knex.Transaction,
  pm: ProcessManager<State>,
  events: readonly RecordedEvent[],
  sending?: InlineSending,
): Promise<OutboxCommand[]> {
  const uow = new SagaUnitOfWork(trx, pm);
  const correlated = events.map((event) => [event, pm.correlate(event)] as const);
  await uow.lock([...new Set(correlated.map(([, id]) => id).filter((id): id is string => id !== null))]);
  // Tracing on: a span per event handled, continued from the event's trace context; the
  // commands it decided are sent inside it, so their events carry the trace on.
  const traces = tracingOn() ? new EventTraces() : null;
  for (const [event, instanceId] of correlated) {
    if (instanceId === null) continue;
    const mark = uow.decidedCount;
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
    traces?.handled(pm.name, event, instanceId, uow.decidedSince(mark));
  }
  try {
    if (sending) {
      const commands = uow.sendable();
      const outcomes = await Promise.all(
        commands.map(
          (c) =>
            traces?.run(c.commandId, () => sendOnce(uow, pm, c, sending)) ?? sendOnce(uow, pm, c, sending),
        ),
      );
      commands.forEach((c, i) => uow.settle(c, outcomes[i]!));
    }
    return await uow.commit({ leaseSeconds: 30 });
  } finally {
    traces?.end();
  }
}

/** The spans of one batch's events, by the ids of the commands each event decided. */
class EventTraces {
  private readonly scopes: TraceScope[] = [];
  private readonly byCommand = new Map<string, TraceScope>();

  handled(saga: string, event: RecordedEvent, instanceId: string, commandIds: readonly string[]): void {
    const scope = startEventSpan(`${saga} ${event.type}`, event.metadata, {
      kind: 'consumer',
      attributes: {
        'orderflow.saga': saga,
        'orderflow.saga.instance': instanceId,
        'orderflow.event.id': event.id,
        'orderflow.saga.commands': commandIds.length,
      },
    });
    if (!scope) return;
    this.scopes.push(scope);
    for (const id of commandIds) this.byCommand.set(id, scope);
  }

  /** `send` inside the span of the event that decided command `commandId`; undefined if none. */
  run<T>(commandId: string, send: () => T): T | undefined {
    return this.byCommand.get(commandId)?.run(send);
  }

  end(): void {
    for (const scope of this.scopes) scope.end();
  }
}

/** One attempt at `command`, as a {@link SendOutcome} (see the dispatcher for the rules). */
async function sendOnce<State>(
  uow: SagaUnitOfWork<State>,
  pm: ProcessManager<State>,
  command: OutboxCommand,
  { send, retry, onError }: InlineSending,
): Promise<SendOutcome> {
  try {
    await send(command);
    return { kind: 'done' };
  } catch (error) {
    onError?.(command, error);
    const message = describeError(error);
    const code = permanentCode(error);
    if (code) {
      const record = uow.get(command.instanceId);
      const tolerated = !!record && (pm.tolerates?.(command, code, record.state) ?? false);
      return tolerated
        ? { kind: 'done', tolerated: true, error: message }
        : { kind: 'failed', error: message, transient: false };
    }
    if (retry.attempts <= 1) return { kind: 'failed', error: message, transient: true };
    return { kind: 'retry', error: message, notBeforeMs: backoffDelayMs(1, retry) };
  }
}
