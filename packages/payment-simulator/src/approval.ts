import { createHash } from 'node:crypto';

/**
 * Whether the simulated provider approves `paymentId`: the first 32 bits of SHA-256(paymentId),
 * as a fraction of 2^32, below `approvalRate`. Deterministic, so a replayed request gets the
 * same answer and answering twice changes nothing.
 */
export function approves(paymentId: string, approvalRate: number): boolean {
  return fraction(paymentId) < approvalRate;
}

/** The first 32 bits of SHA-256(text) as a fraction of 2^32, in [0, 1). */
const fraction = (text: string): number =>
  createHash('sha256').update(text).digest().readUInt32BE(0) / 2 ** 32;

/** How the simulated provider answers refund requests: shares in 0..1. */
export interface RefundAnswerRates {
  /** Share of refunds the provider gives back (the others it declines). Default 1. */
  readonly refundApprovalRate: number;
  /** Share of refund requests (per attempt) it answers at all; the others time out. Default 1. */
  readonly refundAnswerRate: number;
}

/**
 * The simulated provider's answer to attempt `attempt` of refund `refundId`: `none` when the hash
 * of `refundId#attempt` is at or above `refundAnswerRate` (so a retried attempt may be answered),
 * else `refunded` when the hash of `refund:refundId` is below `refundApprovalRate`, else
 * `declined`. Deterministic, like {@link approves}.
 */
export function refundAnswer(
  refundId: string,
  attempt: number,
  rates: RefundAnswerRates,
): 'refunded' | 'declined' | 'none' {
  if (fraction(`${refundId}#${attempt}`) >= rates.refundAnswerRate) return 'none';
  return fraction(`refund:${refundId}`) < rates.refundApprovalRate ? 'refunded' : 'declined';
}
