import { eventually } from '@orderflow/testing';
import { PLACE, REGISTER, type Harness } from './harness.ts';

/**
 * Makes the order-details read model fail for real on orders of `customerId`: a trigger on its
 * `orders` table raises (SQLSTATE P0001, not an outage) on their insert, so the projector
 * retries, then parks the OrderCreated and goes on. `heal()` drops the trigger (the handler is
 * "fixed"), after which a retry applies the event.
 */
export async function poisonOrdersOf(h: Harness, customerId: string): Promise<{ heal(): Promise<void> }> {
  const db = h.orderflow.db;
  await db.raw(`CREATE OR REPLACE FUNCTION test_poison_orders() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.customer_id = ${db.raw('?', [customerId]).toQuery()} THEN
        RAISE EXCEPTION 'order-details cannot take orders of %', NEW.customer_id;
      END IF;
      RETURN NEW;
    END $$`);
  await db.raw(
    'CREATE TRIGGER test_poison_orders BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION test_poison_orders()',
  );
  return {
    async heal() {
      await db.raw('DROP TRIGGER IF EXISTS test_poison_orders ON orders');
    },
  };
}

/**
 * Places an order of `customerId` (registering `sku` first) and waits until order-details has
 * parked an event; returns the parked event's id.
 */
export async function placeParkedOrder(h: Harness, customerId: string, sku: string): Promise<string> {
  await h.ok(REGISTER, { sku, stock: 10 });
  await h.ok(PLACE, {
    input: { customerId, lines: [{ sku, quantity: 1, unitPrice: 250 }] },
    key: `${customerId}-1`,
  });
  return eventually('order-details to park an event', async () => {
    const { parkedEvents } = await h.ok<{ parkedEvents: Array<{ eventId: string }> }>(
      `{ parkedEvents(projection: "order-details") { eventId } }`,
    );
    return parkedEvents[0]?.eventId;
  });
}
