import type { IncomingMessage } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type WebSocket from 'ws';
import type { Authenticate } from '../auth/authenticator.ts';
import type { Principal } from '../auth/principal.ts';
import type { WebSocketLimits } from './options.ts';
import { rateLimited } from './refusals.ts';

/** WebSocket close codes (graphql-transport-ws uses 4403 and 4408; 4429 as "too many"). */
export const CLOSE_CODES = { revoked: 4403, initTimeout: 4408, tooMany: 4429 } as const;

/** One open GraphQL WebSocket. */
interface Connection {
  readonly socket: WebSocket;
  readonly ip: string;
  initTimer: NodeJS.Timeout | null;
  initialised: boolean;
  /** The connection_init payload's `authorization`, kept to re-check the key. */
  authorization: string | null;
  principal: Principal | null;
  /** Counted under its key's (or IP address') cap. */
  admitted: boolean;
  subscriptions: number;
}

/** The WebSocket bookkeeping the subscription resolvers and mercurius' hooks use. */
export interface ConnectionGuard {
  /**
   * mercurius `subscription.context` (called at connection_init): authenticates the payload's
   * key and admits the connection under the per-key cap, else closes it with 4429 (RATE_LIMITED).
   * @returns the connection context `{ principal }` (null without a valid key).
   */
  onConnectionInit(socket: WebSocket, request: FastifyRequest): Promise<{ principal: Principal | null }>;
  /**
   * Counts one more subscription on the connection of `request` (the upgrade request the
   * subscription's context carries) and returns the function that releases it (idempotent).
   * @throws RATE_LIMITED `{ limit: 'subscriptionsPerConnection' }` past the cap.
   */
  acquireSubscription(request: FastifyRequest | undefined): () => void;
  /** Open connections now (tests, metrics). */
  readonly size: number;
}

/**
 * Watches the GraphQL WebSockets of `app` (`app.websocketServer`, from @fastify/websocket):
 * - a socket that sends no `connection_init` within `initTimeoutMs` is closed with 4408, a
 *   second `connection_init` with 4429;
 * - at most `maxConnectionsPerKey` initialised connections per API key (without a valid key: per
 *   IP address); more are closed with 4429;
 * - at most `maxSubscriptionsPerConnection` active subscriptions per connection;
 * - every `authRecheckMs` each key with open connections is looked up again, uncached, and the
 *   connections of a revoked key are closed with 4403.
 * Timers stop when the app closes.
 */
export function guardWebSockets(
  app: FastifyInstance,
  options: { limits: WebSocketLimits; authenticate: Authenticate; log: FastifyBaseLogger },
): ConnectionGuard {
  const { limits, authenticate, log } = options;
  const bySocket = new Map<WebSocket, Connection>();
  const byRequest = new WeakMap<IncomingMessage, Connection>();

  app.websocketServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection: Connection = {
      socket,
      ip: request.socket.remoteAddress ?? 'unknown',
      initTimer: setTimeout(
        () => socket.close(CLOSE_CODES.initTimeout, 'Connection initialisation timeout'),
        limits.initTimeoutMs,
      ),
      initialised: false,
      authorization: null,
      principal: null,
      admitted: false,
      subscriptions: 0,
    };
    bySocket.set(socket, connection);
    byRequest.set(request, connection);
    // Sees each message before mercurius handles it (its handling is asynchronous).
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      let message: { type?: unknown; payload?: { authorization?: unknown } | null };
      try {
        message = JSON.parse(isBinary ? data.toString('utf8') : data.toString());
      } catch {
        return; // mercurius answers it
      }
      if (message?.type !== 'connection_init') return;
      if (connection.initialised) {
        socket.close(CLOSE_CODES.tooMany, 'Too many initialisation requests');
        return;
      }
      connection.initialised = true;
      if (connection.initTimer) clearTimeout(connection.initTimer);
      connection.initTimer = null;
      const authorization = message.payload?.authorization;
      connection.authorization = typeof authorization === 'string' ? authorization : null;
    });
    socket.once('close', () => {
      if (connection.initTimer) clearTimeout(connection.initTimer);
      bySocket.delete(socket);
    });
  });

  const bucketOf = (c: Connection) => (c.principal ? `key:${c.principal.keyId}` : `ip:${c.ip}`);

  const recheck = async () => {
    const byAuthorization = new Map<string, Connection[]>();
    for (const c of bySocket.values())
      if (c.principal && c.authorization)
        byAuthorization.set(c.authorization, [...(byAuthorization.get(c.authorization) ?? []), c]);
    for (const [authorization, connections] of byAuthorization) {
      const now = await authenticate(authorization, { fresh: true });
      for (const c of connections)
        if (now?.keyId !== c.principal?.keyId) c.socket.close(CLOSE_CODES.revoked, 'API key revoked');
    }
  };
  let rechecking = false;
  const timer = setInterval(() => {
    if (rechecking || bySocket.size === 0) return;
    rechecking = true;
    recheck()
      .catch((error: unknown) => log.warn({ err: error }, 'websocket key re-check failed'))
      .finally(() => (rechecking = false));
  }, limits.authRecheckMs).unref();
  app.addHook('onClose', async () => clearInterval(timer));

  return {
    async onConnectionInit(socket) {
      const connection = bySocket.get(socket);
      if (!connection) return { principal: null };
      const principal = await authenticate(connection.authorization);
      connection.principal = principal;
      const bucket = bucketOf(connection);
      let open = 0;
      for (const c of bySocket.values()) if (c.admitted && bucketOf(c) === bucket) open++;
      if (open >= limits.maxConnectionsPerKey) {
        socket.close(
          CLOSE_CODES.tooMany,
          `RATE_LIMITED: at most ${limits.maxConnectionsPerKey} connections per key`,
        );
        return { principal: null };
      }
      connection.admitted = true;
      return { principal };
    },
    acquireSubscription(request) {
      const connection = request && byRequest.get(request.raw);
      if (!connection) return () => undefined;
      if (connection.subscriptions >= limits.maxSubscriptionsPerConnection)
        throw rateLimited(
          `at most ${limits.maxSubscriptionsPerConnection} subscriptions per connection; complete one first`,
          { limit: 'subscriptionsPerConnection', max: limits.maxSubscriptionsPerConnection },
        );
      connection.subscriptions++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        connection.subscriptions--;
      };
    },
    get size() {
      return bySocket.size;
    },
  };
}
