import { signWebhook, WEBHOOK_HEADERS } from './signature.ts';

/** A delivery as the worker claimed it: what to send where. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  /** Attempts made, this one included. */
  readonly attempts: number;
}

/** What one POST came to: an HTTP status (any) or a network error / timeout (`statusCode` null). */
export interface AttemptOutcome {
  readonly ok: boolean;
  readonly statusCode: number | null;
  readonly error: string | null;
}

/**
 * POSTs `delivery.body` to its endpoint once, signed now (see {@link signWebhook}), with the
 * idempotency key (the event id), delivery id and event schema headers. A 2xx answer within
 * `timeoutMs` is a success; any other status (redirects are not followed: a signed body goes
 * only where it was registered), a network error or the timeout is a failure. Never throws.
 */
export async function attemptDelivery(
  delivery: ClaimedDelivery,
  timeoutMs: number,
  nowMs: number = Date.now(),
): Promise<AttemptOutcome> {
  const timestamp = Math.floor(nowMs / 1000);
  let schema = '';
  try {
    schema = String((JSON.parse(delivery.body) as { schema?: unknown }).schema ?? '');
  } catch {
    // A body is always our JSON; if not, it is still sent as is.
  }
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'orderflow-webhooks/1',
        [WEBHOOK_HEADERS.signature]: signWebhook(delivery.secret, timestamp, delivery.body),
        [WEBHOOK_HEADERS.timestamp]: String(timestamp),
        [WEBHOOK_HEADERS.idempotencyKey]: delivery.eventId,
        [WEBHOOK_HEADERS.delivery]: delivery.id,
        [WEBHOOK_HEADERS.event]: schema,
      },
      body: delivery.body,
    });
    // The answer's body is not used; reading it to the end frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, statusCode: null, error: cause?.code ?? cause?.message ?? message };
  }
}
