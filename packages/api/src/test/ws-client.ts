import WebSocket from 'ws';

/** A GraphQL subscription over a real WebSocket (graphql-transport-ws protocol). */
export interface WsSubscription<T> {
  /** Payloads received so far, each with the `Date.now()` it arrived at. */
  readonly received: Array<{ data: T; at: number }>;
  /** Resolves with the received payloads once `count` have arrived; rejects after `timeoutMs`. */
  next(count: number, timeoutMs?: number): Promise<Array<{ data: T; at: number }>>;
  close(): Promise<void>;
}

/**
 * Opens `url` (ws://…/graphql), acknowledges the connection and subscribes to `query`.
 * Resolves once the server acknowledged the connection. `authorization` (`Bearer <key>`) goes
 * in the connection_init payload.
 */
export async function subscribe<T>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): Promise<WsSubscription<T>> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const received: Array<{ data: T; at: number }> = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} }),
      ),
    );
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as {
        type: string;
        payload?: { data?: T; errors?: unknown };
      };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        resolve();
      } else if (message.type === 'next' && message.payload?.data) {
        received.push({ data: message.payload.data, at: Date.now() });
        wake?.();
      } else if (message.type === 'error') {
        failure = new Error(`subscription error: ${JSON.stringify(message.payload)}`);
        wake?.();
      }
    });
  });
  return {
    received,
    async next(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`received ${received.length} of ${count} messages`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}
