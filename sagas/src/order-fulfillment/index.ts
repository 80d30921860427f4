import type { ProcessManager } from '../runtime/process-manager.ts';
import { decideFulfillment } from './decide.ts';
import { FULFILLMENT_EVENTS, evolveFulfillment, type FulfillmentState } from './state.ts';

export { fulfillmentSender } from './send.ts';
export type { FulfillmentState } from './state.ts';

/** OrderFulfillment: drives an order through stock reservation and payment, or compensates. */
export const orderFulfillment: ProcessManager<FulfillmentState> = {
  name: 'order-fulfillment',
  eventTypes: FULFILLMENT_EVENTS,
  correlate: (event) => (event.data as { orderId?: unknown }).orderId?.toString() ?? null,
  decide: decideFulfillment,
  evolve: evolveFulfillment,
  status: (s) =>
    s.status === 'completed' ? 'completed' : s.status === 'compensated' ? 'compensated' : 'running',
};
