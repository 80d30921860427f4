import type { ProcessManager } from '../runtime/process-manager.ts';
import { decideFulfillment } from './decide.ts';
import { fulfillmentOverview } from './overview.ts';
import {
  FULFILLMENT_EVENTS,
  PAYMENT_TIMED_OUT,
  type FulfillmentCommand,
  type FulfillmentInput,
} from './messages.ts';
import { evolveFulfillment, type FulfillmentState } from './state.ts';

export { fulfillmentSender } from './send.ts';
export { type FulfillmentState } from './state.ts';
export {
  FULFILLMENT_EVENTS,
  PAYMENT_TIMED_OUT,
  type FulfillmentCommand,
  type FulfillmentEvent,
  type FulfillmentInput,
  type PaymentTimedOut,
} from './messages.ts';

/** OrderFulfillment's type: its state, inputs and commands. */
export type OrderFulfillment = ProcessManager<FulfillmentState, FulfillmentInput, FulfillmentCommand>;

/** Default payment timeout: 15 minutes, in ms. */
export const DEFAULT_PAYMENT_TIMEOUT_MS = 15 * 60_000;

/** Options of {@link createOrderFulfillment}. */
export interface OrderFulfillmentOptions {
  /**
   * How long (ms) an order waits for its payment once all its stock is reserved; then it is
   * cancelled (PAYMENT_TIMEOUT) and compensated. Default {@link DEFAULT_PAYMENT_TIMEOUT_MS}.
   */
  readonly paymentTimeoutMs?: number;
}

/**
 * OrderFulfillment: drives an order through stock reservation, payment and confirmation, or
 * compensates (see `decideFulfillment` for the rules). Its one timer, `payment-timeout`, is armed
 * while the order awaits payment and feeds `PaymentTimedOut` when it fires.
 * @throws RangeError when paymentTimeoutMs is not a positive integer.
 */
export function createOrderFulfillment(options: OrderFulfillmentOptions = {}): OrderFulfillment {
  const paymentTimeoutMs = options.paymentTimeoutMs ?? DEFAULT_PAYMENT_TIMEOUT_MS;
  if (!Number.isSafeInteger(paymentTimeoutMs) || paymentTimeoutMs <= 0)
    throw new RangeError('paymentTimeoutMs must be a positive integer');
  return {
    name: 'order-fulfillment',
    eventTypes: FULFILLMENT_EVENTS,
    // Every event of FULFILLMENT_EVENTS names its order; the runtime's own inputs never come here.
    correlate: (event) => ('orderId' in event.data ? event.data.orderId : null),
    decide: decideFulfillment,
    evolve: (state, input) => evolveFulfillment(state, input, paymentTimeoutMs),
    status: (s) => {
      switch (s.status) {
        case 'reserving':
        case 'awaiting_payment':
        case 'confirming':
          return 'running';
        case 'compensating':
        case 'completed':
        case 'compensated':
          return s.status;
        default: {
          const _exhaustive: never = s.status;
          return 'running';
        }
      }
    },
    timers: (s) =>
      s.status === 'awaiting_payment' && s.paymentDueAt
        ? [
            {
              name: 'payment-timeout',
              dueAt: new Date(s.paymentDueAt),
              input: { type: PAYMENT_TIMED_OUT, data: { orderId: s.orderId } },
            },
          ]
        : [],
    // ConfirmOrder is refused only for a cancelled order: the customer's cancellation won the
    // race, and its OrderCancelled event drives the compensation.
    tolerates: (command, code) => command.type === 'ConfirmOrder' && code === 'INVALID_STATE',
    compensationRefusal: (s) =>
      s.order === 'confirmed' || s.lines.some((l) => l.status === 'committed')
        ? `order ${s.orderId} is confirmed; a confirmed order cannot be cancelled`
        : null,
    overview: fulfillmentOverview,
  };
}

/** OrderFulfillment with the default payment timeout. */
export const orderFulfillment: OrderFulfillment = createOrderFulfillment();
