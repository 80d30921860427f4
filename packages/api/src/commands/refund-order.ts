import { randomUUID } from 'node:crypto';
import type { Clock, CommandRunner } from '@orderflow/core';
import { orderDecider, orderStream, type OrderRefund } from '@orderflow/domain';

/** What refundOrder asks for. `lines` absent or null: everything not refunded yet. */
export interface RefundOrderInput {
  readonly orderId: string;
  readonly lines?: ReadonlyArray<{ readonly sku: string; readonly quantity: number }> | null;
  readonly reason: string;
  readonly restockOnReturn?: boolean | null;
  /** Names the refund, so a retry refunds once; a fresh UUID when absent. */
  readonly refundId?: string | null;
}

/** The refund as the order records it, and the position of OrderRefundRequested (null for a repeat). */
export interface RefundOrderResult {
  readonly refund: OrderRefund;
  readonly currency: string;
  readonly position: bigint | null;
}

/**
 * Asks for a refund of a confirmed, shipped or delivered order (OrderRefundRequested); the
 * returns process manager then takes it through the payment provider and records OrderRefunded
 * or, when the provider refuses or never answers, declines it. Amounts are minor units.
 * @throws VALIDATION_FAILED (bad input, a SKU the order does not have), NOT_FOUND (no such
 *   order), INVALID_STATE (pending, cancelled or fully refunded), REFUND_EXCEEDS_PAYMENT.
 */
export async function refundOrder(
  run: CommandRunner,
  clock: Clock,
  input: RefundOrderInput,
): Promise<RefundOrderResult> {
  const refundId = input.refundId ?? randomUUID();
  const result = await run(orderDecider, orderStream(input.orderId), {
    type: 'RequestOrderRefund',
    data: {
      orderId: input.orderId,
      refundId,
      lines: input.lines ?? null,
      reason: input.reason,
      restockOnReturn: input.restockOnReturn ?? false,
      requestedAt: clock.now().toISOString(),
    },
    metadata: { correlationId: input.orderId },
  });
  const state = result.state;
  const refund = 'refunds' in state ? state.refunds.find((r) => r.refundId === refundId) : undefined;
  if (!refund || state.status === 'empty')
    throw new Error(`refund ${refundId} missing after it was requested`);
  return { refund, currency: state.currency, position: result.position };
}
