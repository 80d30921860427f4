import { startPaymentSimulator } from '@orderflow/payment-simulator';
import type { Infrastructure } from '../infrastructure.ts';
import type { RunningRole } from './role-status.ts';
import { superviseRole } from './supervise.ts';

/** Settings of the in-process payment-provider simulator (config PAYMENT_APPROVAL_RATE, PAYMENT_LATENCY_MS). */
export interface SimulatorOptions {
  /** Share of refunds given back (default 1) and of refund requests answered at all (default 1). */
  readonly refundApprovalRate?: number;
  readonly refundAnswerRate?: number;
  /** Share of payments approved, 0..1. */
  readonly approvalRate: number;
  /** Mean answer latency, ms. */
  readonly latencyMs: number;
}

/**
 * Starts the payment simulator role over `infra` (knex pool `simulator`): a development stand-in
 * for the payment provider, answering PaymentRequested with ConfirmPayment or FailPayment
 * commands and each RefundRequested with CompleteRefund or FailRefund, applied by the process holding its lock. Not for production, nor with Kafka (the
 * provider then answers through Kafka).
 */
export async function startSimulator(infra: Infrastructure, options: SimulatorOptions): Promise<RunningRole> {
  const log = infra.logger.child({ role: 'simulator' });
  return superviseRole(
    'simulator',
    async () => {
      const simulator = await startPaymentSimulator(infra.db('simulator'), infra.store, {
        ...options,
        run: infra.run,
        onError: (err) => log.error({ err }, 'payment simulator'),
      });
      return {
        processors: () => [simulator.status()],
        statuses: () => [simulator.status()],
        stop: () => simulator.stop(),
      };
    },
    infra.logger,
  );
}
