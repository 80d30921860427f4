import { isInfrastructureError, type StateChange } from '@orderflow/consumer';
import { DEFAULT_RETRY_POLICY, permanentCode, type OutboxCommand } from '@orderflow/sagas';
import type { Logger } from 'pino';

/** The log fields of a saga command: which saga, which order, which command. */
export function sagaCommandFields(command: OutboxCommand): Record<string, unknown> {
  const orderId = command.data.orderId;
  return {
    saga: command.saga,
    sagaId: command.instanceId,
    // An order's events carry its id as their correlation id (placeOrder sets it so).
    ...(typeof orderId === 'string' ? { orderId, correlationId: orderId } : {}),
    commandType: command.type,
    commandId: command.commandId,
    attempts: command.attempts,
  };
}

/**
 * The process manager's hooks that log to `log` (the saga role's): a failed command at warn
 * (it is retried), a permanent refusal or the last of `attempts` (the retry policy's) at error
 * (its saga is parked), outbox and timer failures at error, and each change into or out of
 * `retrying` once.
 */
export function sagaLogHooks(log: Logger, attempts = DEFAULT_RETRY_POLICY.attempts) {
  return {
    onError(command: OutboxCommand, err: unknown) {
      const fields = { err, ...sagaCommandFields(command) };
      const parks =
        permanentCode(err) !== null || (!isInfrastructureError(err) && command.attempts >= attempts);
      if (parks) log.error(fields, 'saga command failed for good; saga parked');
      else log.warn(fields, 'saga command failed; retrying');
    },
    onRecordError: (err: unknown) =>
      log.error({ err }, 'saga outbox: recording a command outcome failed; retrying'),
    onTimerError: (err: unknown) => log.error({ err }, 'saga timers failing; retrying'),
    onTimerRecovered: () => log.warn('saga timers recovered'),
    onStateChange(change: StateChange) {
      if (change.to === 'retrying')
        log.error({ err: change.error, processor: change.processor }, 'process manager retrying');
      else if (change.from === 'retrying')
        log.warn({ processor: change.processor, state: change.to }, 'process manager recovered');
    },
  };
}
