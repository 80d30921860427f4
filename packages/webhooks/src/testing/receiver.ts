/**
 * A real webhook receiver for tests and the bench: node:http on a free 127.0.0.1 port that
 * verifies each request's signature with the endpoint's secret, drops duplicates by the
 * idempotency key (as a receiver should), and can be taken down and brought back on the same
 * port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, WEBHOOK_HEADERS, type WebhookRejection } from '../signature.ts';

/** One request as received. */
export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** {@link verifyWebhook}'s answer: null when genuine. */
  readonly rejection: WebhookRejection | null;
  readonly idempotencyKey: string;
  /** A copy of an alert processed before (same idempotency key). */
  readonly duplicate: boolean;
  /** Date.now() at arrival. */
  readonly receivedAt: number;
  /** The HTTP status answered. */
  readonly status: number;
}

/** A running receiver. */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: ReceivedWebhook[];
  /** The first genuine copy of each alert, in arrival order (what a receiver would act on). */
  processed(): ReceivedWebhook[];
  /** The secret to verify with (set once the endpoint is registered). */
  secret: string;
  /**
   * The status to answer a genuine, new request with (default 200); called per request with the
   * number of requests so far. Rejected signatures get 401, duplicates 200.
   */
  answer: (count: number) => number;
  /** Called on every request (the bench measures arrival times). */
  onRequest?: (request: ReceivedWebhook) => void;
  /** Stops listening and drops open connections: requests get ECONNREFUSED. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a receiver on a free port; `secret` may be set later (`receiver.secret = …`). */
export async function startWebhookReceiver(secret = ''): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const seen = new Set<string>();
  let server: Server;
  let port = 0;
  const receiver: WebhookReceiver = {
    url: '',
    requests,
    secret,
    answer: () => 200,
    processed: () => requests.filter((r) => r.rejection === null && !r.duplicate && r.status < 300),
    down: () => stop(),
    up: () => listen(),
    close: () => stop(),
  };
  const make = () =>
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const header = (name: string) => req.headers[name] as string | undefined;
        const rejection = verifyWebhook(
          receiver.secret,
          { signature: header(WEBHOOK_HEADERS.signature), timestamp: header(WEBHOOK_HEADERS.timestamp) },
          body,
        );
        const idempotencyKey = header(WEBHOOK_HEADERS.idempotencyKey) ?? '';
        const duplicate = rejection === null && seen.has(idempotencyKey);
        const status = rejection ? 401 : duplicate ? 200 : receiver.answer(requests.length + 1);
        if (rejection === null && status < 300) seen.add(idempotencyKey);
        const request = {
          headers: req.headers,
          body,
          rejection,
          idempotencyKey,
          duplicate,
          receivedAt: Date.now(),
          status,
        };
        requests.push(request);
        receiver.onRequest?.(request);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(duplicate ? 'duplicate' : 'ok');
      });
    });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = make();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  await listen();
  (receiver as { url: string }).url = `http://127.0.0.1:${port}/hook`;
  return receiver;
}
