import type { Knex } from 'knex';

/** Orders of the order-details read model in CONFIRMED or CANCELLED. */
export async function settledOrders(db: Knex): Promise<number> {
  const { rows } = (await db.raw(
    `SELECT count(*)::int AS n FROM orders WHERE status IN ('CONFIRMED', 'CANCELLED')`,
  )) as { rows: [{ n: number }] };
  return rows[0].n;
}

/**
 * Order streams of the event log whose terminal events (OrderConfirmed, OrderCancelled) are
 * not exactly one, with their count: empty when every order ended once.
 */
export async function ordersNotEndedOnce(db: Knex): Promise<Array<{ stream: string; n: number }>> {
  const { rows } = (await db.raw(
    `SELECT s.stream_name AS stream, count(e.position)::int AS n
       FROM (SELECT DISTINCT stream_name FROM eventstore.events WHERE type = 'OrderCreated') s
       LEFT JOIN eventstore.events e
         ON e.stream_name = s.stream_name AND e.type IN ('OrderConfirmed', 'OrderCancelled')
      GROUP BY s.stream_name HAVING count(e.position) <> 1`,
  )) as { rows: Array<{ stream: string; n: number }> };
  return rows;
}
