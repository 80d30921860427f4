import type { Clock } from '@orderflow/core';
import {
  createOrderFulfillment,
  fulfillmentSender,
  startProcessManager,
  type CommandSender,
  type ProcessManagerOptions,
  type RunningProcessManager,
} from '@orderflow/sagas';
import { listenSagaWake } from '../channels/saga-wake-channel.ts';
import type { Infrastructure } from '../infrastructure.ts';
import { measuredSender } from '../metrics/instrument.ts';
import type { RunningRole } from './role-status.ts';
import { sagaLogHooks } from './saga-log.ts';
import { superviseRole } from './supervise.ts';

/** Options of {@link startSagaWorker}. */
export interface SagaWorkerOptions {
  /** Payment timeout of order fulfillment, ms (config PAYMENT_TIMEOUT_MS). Default 15 minutes. */
  readonly paymentTimeoutMs?: number;
  readonly clock?: Clock;
  /**
   * Process-manager tuning (timer poll interval, retry policy, sweep interval, …) and
   * `wrapSender`, which wraps the command sender (tests inject transient failures with it).
   */
  readonly processManager?: ProcessManagerOptions & { wrapSender?: (send: CommandSender) => CommandSender };
}

/** The saga-worker role. */
export interface SagaWorkerRole extends RunningRole {
  /** The order-fulfillment process manager, once started. */
  fulfillment(): RunningProcessManager | null;
}

/**
 * Starts the saga worker over `infra` (knex pool `saga`): the order-fulfillment process manager
 * with its timers and command outbox, applied by the process holding its advisory lock (the
 * timer poller and outbox sweeper run only there). Operator actions queued by any API process
 * wake it through the `orderflow_saga_wake` channel; its sweep sends them within a second
 * anyway.
 */
export async function startSagaWorker(
  infra: Infrastructure,
  options: SagaWorkerOptions = {},
): Promise<SagaWorkerRole> {
  const db = infra.db('saga');
  const log = infra.logger.child({ role: 'saga' });
  let fulfillment: RunningProcessManager | null = null;
  const role = await superviseRole(
    'saga',
    async () => {
      const { wrapSender, ...pmOptions } = options.processManager ?? {};
      const send = measuredSender(fulfillmentSender(infra.run), infra.metrics);
      const pm = await startProcessManager(
        db,
        infra.store,
        createOrderFulfillment({ paymentTimeoutMs: options.paymentTimeoutMs }),
        wrapSender ? wrapSender(send) : send,
        { ...sagaLogHooks(log, pmOptions.retry?.attempts), clock: options.clock, ...pmOptions },
      );
      const wake = listenSagaWake(db, () => pm.wake(), log);
      fulfillment = pm;
      return {
        processors: () => [pm.status()],
        statuses: () => [pm.status()],
        async stop() {
          await wake.close();
          await pm.stop();
        },
      };
    },
    infra.logger,
  );
  return { ...role, fulfillment: () => fulfillment };
}
