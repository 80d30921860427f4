import type { EventStore } from '@orderflow/eventstore';
import { answerPayment } from './orders.ts';

/**
 * A payment provider for tests: answers each PaymentRequested with `answer(orderId)` —
 * approve, decline, or ignore (never answers, so the payment times out).
 */
export function startTestProvider(
  store: EventStore,
  answer: (orderId: string) => 'approve' | 'decline' | 'ignore',
): { stop(): Promise<void> } {
  const subscription = store.subscribeToAll({
    filter: { eventTypes: ['PaymentRequested'] },
    onEvents: async (events) => {
      for (const event of events) {
        const { paymentId, orderId } = event.data as { paymentId: string; orderId: string };
        const decision = answer(orderId);
        if (decision !== 'ignore')
          await answerPayment(store, paymentId, decision === 'approve').catch(() => undefined);
      }
    },
  });
  return { stop: () => subscription.stop() };
}
