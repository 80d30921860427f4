/**
 * Status-push delay of `pnpm bench loop`: one WebSocket (graphql-transport-ws, the key in the
 * connection_init payload) that follows `orderStatusChanged(orderId)` of a sample of orders,
 * subscribed right after their placeOrder returns. The delay of a CONFIRMED or CANCELLED
 * change is its receipt (the bench's clock) − its `at` (the event's recording time, the
 * database's clock; both are this machine's clock unless `--database-url` is remote).
 */
import WebSocket from 'ws';

const SUBSCRIPTION = /* GraphQL */ `
  subscription Follow($orderId: ID!) {
    orderStatusChanged(orderId: $orderId) {
      status
      at
    }
  }
`;

/** Per-step counts and delays of the sampled orders. */
export interface PushSample {
  /** Subscriptions sent. */
  subscribed: number;
  /** Terminal (CONFIRMED/CANCELLED) pushes received. */
  received: number;
  /** Subscriptions the server ended with an error message. */
  errors: number;
  /** Receipt − `at` of each terminal push, ms. */
  readonly delays: number[];
}

/** The sampler: subscribe orders of a step, read the step's sample. */
export interface PushSampler {
  /** Follows `orderId`'s status changes and files its terminal push under `step`. */
  follow(step: number, orderId: string): void;
  /** The sample of `step` so far. */
  sample(step: number): PushSample;
  /** Waits until every subscription of `step` got its terminal push, at most `timeoutMs`. */
  drain(step: number, timeoutMs: number): Promise<void>;
  close(): void;
}

/**
 * Opens the WebSocket at `url` (`ws://host:port/graphql`) with `authorization: Bearer <apiKey>`
 * and resolves once the server acknowledged the connection.
 * @throws Error when the socket fails or the server does not acknowledge within 10 s.
 */
export async function openPushSampler(url: string, apiKey: string): Promise<PushSampler> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  const samples = new Map<number, PushSample>();
  const open = new Map<string, number>(); // subscription id → step
  let nextId = 0;
  const sampleOf = (step: number) => {
    let s = samples.get(step);
    if (!s) samples.set(step, (s = { subscribed: 0, received: 0, errors: 0, delays: [] }));
    return s;
  };

  socket.on('message', (raw) => {
    const receivedAt = Date.now();
    const message = JSON.parse(raw.toString()) as {
      id?: string;
      type: string;
      payload?: { data?: { orderStatusChanged?: { status: string; at: string } } };
    };
    if (message.type === 'ping') return socket.send(JSON.stringify({ type: 'pong' }));
    const step = message.id === undefined ? undefined : open.get(message.id);
    if (step === undefined) return;
    if (message.type === 'error') {
      sampleOf(step).errors++;
      open.delete(message.id!);
      return;
    }
    const change = message.payload?.data?.orderStatusChanged;
    if (message.type !== 'next' || !change) return;
    if (change.status !== 'CONFIRMED' && change.status !== 'CANCELLED') return;
    const sample = sampleOf(step);
    sample.received++;
    sample.delays.push(receivedAt - Date.parse(change.at));
    open.delete(message.id!);
    socket.send(JSON.stringify({ id: message.id, type: 'complete' }));
  });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('WebSocket: no connection_ack within 10 s')), 10_000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('open', () =>
      socket.send(
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${apiKey}` } }),
      ),
    );
    socket.on('message', (raw) => {
      if ((JSON.parse(raw.toString()) as { type: string }).type !== 'connection_ack') return;
      clearTimeout(timer);
      resolve();
    });
  });
  socket.on('error', (error) => console.error(`push sampler WebSocket: ${error.message}`));

  return {
    follow(step, orderId) {
      const id = String(nextId++);
      open.set(id, step);
      sampleOf(step).subscribed++;
      socket.send(
        JSON.stringify({ id, type: 'subscribe', payload: { query: SUBSCRIPTION, variables: { orderId } } }),
      );
    },
    sample: sampleOf,
    async drain(step, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const pending = () => [...open.values()].some((s) => s === step);
      while (pending() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
    close: () => socket.close(),
  };
}
