import type { Clock, CommandRunner } from '@orderflow/core';
import { requireAdmin } from '../auth/principal.ts';
import { refundOrder, type RefundOrderInput } from '../commands/refund-order.ts';
import { guarded } from './errors.ts';

/** Resolvers of the refunds: the admin-only `refundOrder` mutation (FORBIDDEN for others). */
export function refundResolvers(deps: { run: CommandRunner; clock: Clock }) {
  const { run, clock } = deps;
  return {
    Mutation: {
      refundOrder: guarded(async (input: RefundOrderInput, { principal }) => {
        requireAdmin(principal);
        const { refund, currency, position } = await refundOrder(run, clock, input);
        return {
          orderId: input.orderId,
          refundId: refund.refundId,
          status: refund.status.toUpperCase(),
          lines: refund.lines,
          amount: refund.amount,
          currency,
          reason: refund.reason,
          restockOnReturn: refund.restockOnReturn,
          position: position?.toString() ?? null,
        };
      }),
    },
  };
}
