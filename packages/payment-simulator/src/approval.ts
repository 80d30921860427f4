import { createHash } from 'node:crypto';

/**
 * Whether the simulated provider approves `paymentId`: the first 32 bits of SHA-256(paymentId),
 * as a fraction of 2^32, below `approvalRate`. Deterministic, so a replayed request gets the
 * same answer and answering twice changes nothing.
 */
export function approves(paymentId: string, approvalRate: number): boolean {
  const fraction = createHash('sha256').update(paymentId).digest().readUInt32BE(0) / 2 ** 32;
  return fraction < approvalRate;
}
