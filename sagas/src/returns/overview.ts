import type { SagaOverview } from '../runtime/overview.ts';
import type { ReturnsState } from './state.ts';

const STEPS: Record<ReturnsState['status'], string> = {
  refunding: 'awaiting the provider’s refund',
  completing: 'recording the refund on the order',
  compensating: 'recording the declined refund',
  completed: 'refunded',
  compensated: 'refund declined',
};

/**
 * The operator's overview of a refund: outcome `REFUNDED` once refunded, else why it failed;
 * searchable by refund id, order id, payment id and the returned SKUs.
 */
export function returnsOverview(s: ReturnsState): SagaOverview {
  const attempt = s.status === 'refunding' && s.attempt > 1 ? ` (attempt ${s.attempt})` : '';
  return {
    orderId: s.orderId,
    customerId: null,
    total: s.amount,
    currency: null,
    outcome: s.status === 'completed' ? 'REFUNDED' : s.failure,
    currentStep: `${STEPS[s.status]}${attempt}`,
    searchKeys: [s.refundId, s.orderId, s.paymentId, ...s.lines.map((l) => l.sku)],
  };
}
