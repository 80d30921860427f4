import type { CommandRunner, RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { CommandSender } from '@orderflow/sagas';
import { outcomeCode, type Metrics } from './metrics.ts';

const seconds = (startNs: bigint) => Number(process.hrtime.bigint() - startNs) / 1e9;

/**
 * `store` with its appends measured: count by result code, events per append, duration and
 * wrong-expected-version conflicts. Reads and subscriptions pass through untouched.
 */
export function measuredEventStore(store: EventStore, metrics: Metrics): EventStore {
  const measured = Object.create(store) as EventStore;
  measured.appendToStream = async (stream, events, options) => {
    const start = process.hrtime.bigint();
    try {
      const result = await store.appendToStream(stream, events, options);
      metrics.appends.inc({ code: 'OK' });
      metrics.appendEvents.observe(events.length);
      return result;
    } catch (error) {
      const code = outcomeCode(error);
      metrics.appends.inc({ code });
      if (code === 'WRONG_EXPECTED_VERSION') metrics.appendConflicts.inc();
      throw error;
    } finally {
      metrics.appendDuration.observe(seconds(start));
    }
  };
  return measured;
}

/**
 * Runs one command of `type` counted by result code (`orderflow_commands_total`) and timed
 * (`orderflow_command_duration_seconds`); resolves or rejects as `work` does.
 */
export function measureCommand(metrics: Metrics): <T>(type: string, work: () => Promise<T>) => Promise<T> {
  return async (type, work) => {
    const start = process.hrtime.bigint();
    try {
      const result = await work();
      metrics.commands.inc({ type, code: 'OK' });
      return result;
    } catch (error) {
      metrics.commands.inc({ type, code: outcomeCode(error) });
      throw error;
    } finally {
      metrics.commandDuration.observe({ type }, seconds(start));
    }
  };
}

/** `run` with each command measured by {@link measureCommand}. */
export function measuredCommandRunner(run: CommandRunner, metrics: Metrics): CommandRunner {
  const measure = measureCommand(metrics);
  return (decider, stream, command, options) =>
    measure(command.type, () => run(decider, stream, command, options));
}

/**
 * Counts the order events of one committed batch of the order-details read model: placed,
 * confirmed, cancelled by reason. The projection applies each event once (checkpoint in the same
 * transaction), so the counters agree with the orders, unlike counting appends (an idempotent
 * retry re-appends nothing but looks like an append).
 */
export function countOrderEvents(metrics: Metrics, events: readonly RecordedEvent[]): void {
  for (const event of events) {
    if (event.type === 'OrderCreated') metrics.ordersPlaced.inc();
    else if (event.type === 'OrderConfirmed') metrics.ordersConfirmed.inc();
    else if (event.type === 'OrderCancelled')
      metrics.ordersCancelled.inc({ reason: String((event.data as { reason?: unknown }).reason) });
  }
}

/** `send` with each process-manager command counted by type and result code and timed. */
export function measuredSender(send: CommandSender, metrics: Metrics): CommandSender {
  return async (command) => {
    const start = process.hrtime.bigint();
    try {
      await send(command);
      metrics.sagaCommands.inc({ command: command.type, code: 'OK' });
    } catch (error) {
      metrics.sagaCommands.inc({ command: command.type, code: outcomeCode(error) });
      throw error;
    } finally {
      metrics.sagaCommandDuration.observe({ command: command.type }, seconds(start));
    }
  };
}
