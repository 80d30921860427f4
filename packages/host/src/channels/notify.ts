import type { Knex } from 'knex';
import type { Logger } from 'pino';

/**
 * Sends each of `payloads` on `channel` in one statement (`SELECT pg_notify(…), …`), outside any
 * transaction. Best effort: an error is logged at warn with `what` (listeners then miss these
 * notifications; the read models still answer). Each payload must stay under Postgres' limit of
 * 8000 bytes.
 */
export async function notifyAll(
  db: Knex,
  channel: string,
  payloads: readonly string[],
  logger: Logger,
  what: string,
): Promise<void> {
  if (payloads.length === 0) return;
  try {
    await db.raw(
      `SELECT ${payloads.map(() => 'pg_notify(?, ?)').join(', ')}`,
      payloads.flatMap((p) => [channel, p]),
    );
  } catch (err) {
    logger.warn({ err }, `${what} not notified`);
  }
}
