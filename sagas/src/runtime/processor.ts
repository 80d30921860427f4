import { deterministicId, type RecordedEvent } from '@orderflow/core';
import type { EventStore, Subscription } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import {
  CommandDispatcher,
  type CommandSender,
  type DispatcherOptions,
  type OutboxCommand,
} from './dispatcher.ts';
import type { ProcessManager } from './process-manager.ts';
import { SAGA_CHECKPOINTS, SAGA_COMMANDS, SAGA_INSTANCES } from './schema.ts';

/** Options of {@link startProcessManager}. */
export interface ProcessManagerOptions extends DispatcherOptions {
  /** Events per batch (one transaction). Default 500. */
  readonly batchSize?: number;
  /** Pause reading while this many commands wait to be sent. Default 2000. */
  readonly maxBacklog?: number;
  readonly onStopped?: (error: unknown) => void;
}

/** A running process manager. */
export interface RunningProcessManager {
  /** Position of `$all` the manager has processed (including filtered-out events). */
  readonly position: bigint;
  readonly dispatcher: CommandDispatcher;
  stop(): Promise<void>;
}

/**
 * Runs a process manager on a catch-up subscription. For each batch, one transaction locks the
 * checkpoint, loads the instances involved (FOR UPDATE), folds the events, stores the new states,
 * the commands to send (the outbox) and the checkpoint — atomically. Only after the commit are
 * the commands sent. Command ids are uuidv5(saga, instance, triggering event id, index), so a
 * batch redelivered after a crash produces the same commands, which the outbox and the
 * aggregates' idempotency then ignore.
 */
export async function startProcessManager<State>(
  db: Knex,
  store: EventStore,
  pm: ProcessManager<State>,
  send: CommandSender,
  options: ProcessManagerOptions = {},
): Promise<RunningProcessManager> {
  const dispatcher = new CommandDispatcher(db, send, options);
  await dispatcher.start();
  await db(SAGA_CHECKPOINTS).insert({ name: pm.name, position: 0 }).onConflict('name').ignore();
  const row = await db(SAGA_CHECKPOINTS).where({ name: pm.name }).first<{ position: string }>('position');
  const maxBacklog = options.maxBacklog ?? 2000;

  const subscription: Subscription = store.subscribeToAll({
    after: BigInt(row.position),
    batchSize: options.batchSize ?? 500,
    filter: { eventTypes: pm.eventTypes },
    onEvents: async (events) => {
      await dispatcher.waitForBacklogBelow(maxBacklog);
      const commands = await db.transaction((trx) => processBatch(trx, pm, events));
      dispatcher.enqueue(commands);
    },
    onError: (error) =>
      (options.onStopped ?? ((e) => console.error(`process manager ${pm.name} stopped:`, e)))(error),
  });

  return {
    get position() {
      return subscription.position;
    },
    dispatcher,
    async stop() {
      await subscription.stop();
      await dispatcher.stop();
    },
  };
}

async function processBatch<State>(
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
  const ids = [...new Set(fresh.map((e) => pm.correlate(e)).filter((id): id is string => id !== null))];
  const rows = ids.length
    ? ((await trx(SAGA_INSTANCES).where({ saga: pm.name }).whereIn('instance_id', ids).forUpdate()) as Array<{
        instance_id: string;
        state: State;
        status: string;
      }>)
    : [];
  const states = new Map(rows.map((r) => [r.instance_id, r.state]));
  const parked = new Set(rows.filter((r) => r.status === 'parked').map((r) => r.instance_id));
  const changed = new Map<string, { state: State; position: bigint }>();
  const commands: OutboxCommand[] = [];

  for (const event of fresh) {
    const instanceId = pm.correlate(event);
    if (instanceId === null) continue;
    const before = states.get(instanceId) ?? null;
    const after = pm.evolve(before, event);
    if (after === null) continue;
    pm.decide(event, before).forEach((command, index) =>
      commands.push({
        ...command,
        commandId: deterministicId(pm.name, instanceId, event.id, String(index)),
        saga: pm.name,
        instanceId,
      }),
    );
    states.set(instanceId, after);
    changed.set(instanceId, { state: after, position: event.position });
  }

  if (changed.size > 0) {
    await trx(SAGA_INSTANCES)
      .insert(
        [...changed].map(([instanceId, { state, position }]) => ({
          saga: pm.name,
          instance_id: instanceId,
          status: parked.has(instanceId) && pm.status(state) === 'running' ? 'parked' : pm.status(state),
          state: JSON.stringify(state),
          position: position.toString(),
          updated_at: trx.fn.now(),
        })),
      )
      .onConflict(['saga', 'instance_id'])
      .merge(['status', 'state', 'position', 'updated_at']);
  }
  if (commands.length > 0) {
    for (let i = 0; i < commands.length; i += 2000) {
      await trx(SAGA_COMMANDS)
        .insert(
          commands.slice(i, i + 2000).map((c) => ({
            command_id: c.commandId,
            saga: c.saga,
            instance_id: c.instanceId,
            type: c.type,
            data: JSON.stringify(c.data),
            position: changed.get(c.instanceId)!.position.toString(),
          })),
        )
        .onConflict('command_id')
        .ignore();
    }
  }
  await trx(SAGA_CHECKPOINTS)
    .where({ name: pm.name })
    .update({ position: fresh.at(-1)!.position.toString() });
  return commands;
}
