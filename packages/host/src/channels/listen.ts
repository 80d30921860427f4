import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from 'pino';

/** A LISTEN on one channel. */
export interface Listener {
  /** Resolves once the first LISTEN is in place (never rejects; it keeps trying). */
  readonly ready: Promise<void>;
  /** UNLISTENs and closes the connection. */
  close(): Promise<void>;
}

/**
 * LISTENs on `channel` on a dedicated connection of `db` (outside its pool, which would hand a
 * listening connection to queries) and calls `onPayload` with each notification's payload.
 * A lost connection is replaced after a second; what is notified meanwhile is not heard.
 */
export function listen(
  db: Knex,
  channel: string,
  onPayload: (payload: string) => void,
  logger: Logger,
): Listener {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let connecting: Promise<void> | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const connect = (): void => {
    if (closed) return;
    connecting = (async () => {
      const connection = (await db.client.acquireRawConnection()) as pg.Client;
      const lost = (err?: unknown) => {
        if (client !== connection) return;
        client = null;
        void db.client.destroyRawConnection(connection).catch(() => undefined);
        if (!closed) {
          logger.warn({ err, channel }, 'LISTEN connection lost; reconnecting');
          retry = setTimeout(connect, 1000);
        }
      };
      connection.on('error', lost);
      connection.on('end', lost);
      connection.on('notification', (message) => onPayload(message.payload ?? ''));
      await connection.query(`LISTEN "${channel}"`);
      client = connection;
      markReady();
      if (closed) await db.client.destroyRawConnection(connection).catch(() => undefined);
    })()
      .catch((err: unknown) => {
        if (closed) return;
        logger.warn({ err, channel }, 'LISTEN failed; retrying');
        retry = setTimeout(connect, 1000);
      })
      .finally(() => (connecting = null));
  };
  connect();

  return {
    ready,
    async close() {
      closed = true;
      markReady();
      if (retry) clearTimeout(retry);
      await connecting;
      const connection = client;
      client = null;
      if (connection) await db.client.destroyRawConnection(connection).catch(() => undefined);
    },
  };
}
