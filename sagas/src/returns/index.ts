import { returnsOverview } from './overview.ts';
import type { ProcessManager } from '../runtime/process-manager.ts';
import { decideReturns } from './decide.ts';
import {
  REFUND_TIMED_OUT,
  RETURNS_EVENTS,
  refundIdOf,
  type ReturnsCommand,
  type ReturnsEvent,
  type ReturnsInput,
} from './messages.ts';
import { evolveReturns, type ReturnsState, type ReturnsTiming } from './state.ts';

export { PROVIDER_TIMEOUT } from './decide.ts';
export { returnsSender } from './send.ts';
export { type ReturnsState } from './state.ts';
export {
  REFUND_TIMED_OUT,
  RETURNS_EVENTS,
  lateCaptureRefundId,
  type RefundTimedOut,
  type ReturnsCommand,
  type ReturnsEvent,
  type ReturnsInput,
} from './messages.ts';

/** Returns' type: its state, inputs and commands. */
export type Returns = ProcessManager<ReturnsState, ReturnsInput, ReturnsCommand>;

/** Default wait for the provider's answer to one refund attempt: 5 minutes, in ms. */
export const DEFAULT_REFUND_TIMEOUT_MS = 5 * 60_000;

/** Default attempts of one refund before it is given up: 3. */
export const DEFAULT_REFUND_ATTEMPTS = 3;

/** Options of {@link createReturns}. */
export interface ReturnsOptions {
  /** Wait for the provider's answer to one attempt, ms. Default {@link DEFAULT_REFUND_TIMEOUT_MS}. */
  readonly refundTimeoutMs?: number;
  /** Attempts before the refund is given up and compensated. Default {@link DEFAULT_REFUND_ATTEMPTS}. */
  readonly maxAttempts?: number;
}

/**
 * Returns: takes a refund through the payment provider and records its outcome on the order,
 * or compensates (see `decideReturns`). One instance per refund (its refundId; the automatic
 * refund of a late capture is `late-capture-<paymentId>`). Its timers, `refund-timeout-<attempt>`,
 * are armed while an attempt waits for the provider and feed `RefundTimedOut` when they fire.
 * @throws RangeError when refundTimeoutMs or maxAttempts is not a positive integer.
 */
export function createReturns(options: ReturnsOptions = {}): Returns {
  const timing: ReturnsTiming = {
    refundTimeoutMs: options.refundTimeoutMs ?? DEFAULT_REFUND_TIMEOUT_MS,
    maxAttempts: options.maxAttempts ?? DEFAULT_REFUND_ATTEMPTS,
  };
  for (const [name, value] of Object.entries(timing)) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new RangeError(`${name} must be a positive integer`);
  }
  return {
    name: 'returns',
    eventTypes: RETURNS_EVENTS,
    // Only RETURNS_EVENTS come from `$all`; the runtime's own inputs never reach correlate.
    correlate: (event) =>
      (RETURNS_EVENTS as readonly string[]).includes(event.type) ? refundIdOf(event as ReturnsEvent) : null,
    decide: (input, state) => decideReturns(input, state, timing),
    evolve: (state, input) => evolveReturns(state, input, timing),
    status: (s) => (s.status === 'refunding' || s.status === 'completing' ? 'running' : s.status),
    timers: (s) =>
      s.status === 'refunding' && s.dueAt
        ? [
            {
              name: `refund-timeout-${s.attempt}`,
              dueAt: new Date(s.dueAt),
              input: { type: REFUND_TIMED_OUT, data: { refundId: s.refundId, attempt: s.attempt } },
            },
          ]
        : [],
    compensationRefusal: (s) =>
      s.provider === 'refunded'
        ? `refund ${s.refundId} was given back by the provider; it cannot be compensated`
        : s.kind === 'late-capture'
          ? `refund ${s.refundId} returns money captured after a void; refund it at the provider, then abort`
          : null,
    overview: returnsOverview,
  };
}

/** Returns with the default timeout and attempts. */
export const returns: Returns = createReturns();
