import { COMPENSATION_FORCED, type SagaInput } from '../runtime/process-manager.ts';
import { lateCaptureRefundId, REFUND_TIMED_OUT, type ReturnsInput } from './messages.ts';

/**
 * One refund on its way through the provider:
 * refunding → completing → completed, or refunding → compensating → compensated.
 * `kind` is `order` for refundOrder (the order records the outcome) or `late-capture` for the
 * automatic refund of money captured after its payment was voided (no order change; if the
 * provider refuses it the instance stays `compensating`, visibly, for an operator).
 * `dueAt` (ISO-8601) is when the current attempt times out; amounts are minor units.
 */
export interface ReturnsState {
  readonly refundId: string;
  readonly kind: 'order' | 'late-capture';
  readonly orderId: string;
  readonly paymentId: string;
  readonly amount: number;
  readonly reason: string;
  readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>;
  readonly restockOnReturn: boolean;
  readonly status: 'refunding' | 'completing' | 'compensating' | 'completed' | 'compensated';
  readonly attempt: number;
  readonly dueAt: string | null;
  readonly provider: 'requested' | 'refunded' | 'failed';
  readonly order: 'requested' | 'refunded' | 'declined' | 'none';
  /** Why the refund did not happen (the provider's reason, a timeout, an operator), or null. */
  readonly failure: string | null;
}

/** Settings of the Returns state machine. */
export interface ReturnsTiming {
  /** How long one attempt waits for the provider, ms. */
  readonly refundTimeoutMs: number;
  /** Attempts before the refund is given up (then compensated). */
  readonly maxAttempts: number;
}

const due = (at: Date, timing: ReturnsTiming) =>
  new Date(at.getTime() + timing.refundTimeoutMs).toISOString();

/** Settles a compensating refund once the order has recorded the decline (late captures never settle so). */
function settle(s: ReturnsState): ReturnsState {
  if (s.status === 'compensating' && s.kind === 'order' && s.order === 'declined')
    return { ...s, status: 'compensated' };
  if (s.order === 'refunded' || (s.kind === 'late-capture' && s.provider === 'refunded'))
    return { ...s, status: 'completed', dueAt: null };
  return s;
}

/** Folds one input into the refund's state (null: no instance, and this input starts none). */
export function evolveReturns(
  state: ReturnsState | null,
  input: SagaInput<ReturnsInput>,
  timing: ReturnsTiming,
): ReturnsState | null {
  if (state === null) {
    if (input.type === 'OrderRefundRequested') {
      const d = input.data;
      return {
        refundId: d.refundId,
        kind: 'order',
        orderId: d.orderId,
        paymentId: d.orderId,
        amount: d.amount,
        reason: d.reason,
        lines: d.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        restockOnReturn: d.restockOnReturn,
        status: 'refunding',
        attempt: 1,
        dueAt: due(input.at, timing),
        provider: 'requested',
        order: 'requested',
        failure: null,
      };
    }
    if (input.type === 'PaymentCapturedAfterVoid') {
      const d = input.data;
      return {
        refundId: lateCaptureRefundId(d.paymentId),
        kind: 'late-capture',
        orderId: d.orderId,
        paymentId: d.paymentId,
        amount: d.amount,
        reason: 'LATE_CAPTURE',
        lines: [],
        restockOnReturn: false,
        status: 'refunding',
        attempt: 1,
        dueAt: due(input.at, timing),
        provider: 'requested',
        order: 'none',
        failure: null,
      };
    }
    return null;
  }
  const s = state;
  switch (input.type) {
    case 'RefundCompleted':
      return settle({ ...s, provider: 'refunded', status: 'completing', dueAt: null, failure: null });
    case 'RefundFailed':
      return settle({
        ...s,
        provider: 'failed',
        status: 'compensating',
        dueAt: null,
        failure: input.data.reason,
      });
    case 'OrderRefunded':
      return settle({ ...s, order: 'refunded' });
    case 'OrderRefundDeclined':
      return settle({ ...s, order: 'declined' });
    case REFUND_TIMED_OUT: {
      if (s.status !== 'refunding' || input.data.attempt !== s.attempt) return s;
      if (s.attempt < timing.maxAttempts)
        return { ...s, attempt: s.attempt + 1, dueAt: due(input.at, timing) };
      return {
        ...s,
        status: 'compensating',
        dueAt: null,
        failure: `no answer from the provider after ${s.attempt} attempts`,
      };
    }
    case COMPENSATION_FORCED:
      return s.status === 'refunding'
        ? { ...s, status: 'compensating', dueAt: null, failure: `compensation forced by ${input.data.actor}` }
        : s;
    case 'OrderRefundRequested':
    case 'PaymentCapturedAfterVoid':
    case 'RefundRequested':
      return s;
    default: {
      const _exhaustive: never = input;
      return s;
    }
  }
}
