import type { Clock, Command } from '@orderflow/core';
import {
  createOrderFulfillment,
  createReturns,
  fulfillmentSender,
  returnsSender,
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
  /** Wait for the provider's answer to one refund attempt, ms (config REFUND_TIMEOUT_MS). Default 5 minutes. */
  readonly refundTimeoutMs?: number;
  /** Attempts of one refund before it is given up and compensated (config REFUND_ATTEMPTS). Default 3. */
  readonly refundAttempts?: number;
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
  /** The returns (refund) process manager, once started. */
  returns(): RunningProcessManager | null;
}

/**
 * Starts the saga worker over `infra` (knex pool `saga`): the order-fulfillment and returns
 * process managers, each with its timers and command outbox, applied by the process holding its advisory lock (the
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
  let refunds: RunningProcessManager | null = null;
  const role = await superviseRole(
    'saga',
    async () => {
      const { wrapSender, ...pmOptions } = options.processManager ?? {};
      const wrap = <C extends Command>(send: CommandSender<C>) =>
        wrapSender ? (wrapSender(send as CommandSender) as CommandSender<C>) : send;
      const pmSettings = {
        ...sagaLogHooks(log, pmOptions.retry?.attempts),
        clock: options.clock,
        ...pmOptions,
      };
      const pm = await startProcessManager(
        db,
        infra.store,
        createOrderFulfillment({ paymentTimeoutMs: options.paymentTimeoutMs }),
        wrap(measuredSender(fulfillmentSender(infra.run), infra.metrics)),
        pmSettings,
      );
      const returns = await startProcessManager(
        db,
        infra.store,
        createReturns({ refundTimeoutMs: options.refundTimeoutMs, maxAttempts: options.refundAttempts }),
        wrap(measuredSender(returnsSender(infra.run), infra.metrics)),
        pmSettings,
      ).catch(async (error: unknown) => {
        await pm.stop();
        throw error;
      });
      const wake = listenSagaWake(db, () => (pm.wake(), returns.wake()), log);
      fulfillment = pm;
      refunds = returns;
      return {
        processors: () => [pm.status(), returns.status()],
        statuses: () => [pm.status(), returns.status()],
        async stop() {
          await wake.close();
          await Promise.all([pm.stop(), returns.stop()]);
        },
      };
    },
    infra.logger,
  );
  return { ...role, fulfillment: () => fulfillment, returns: () => refunds };
}
