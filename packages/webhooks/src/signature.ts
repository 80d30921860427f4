import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Names of the headers of every webhook request (lower case, as node:http shows them). */
export const WEBHOOK_HEADERS = {
  /** `sha256=<hex>`: HMAC-SHA256 of `<timestamp>.<body>` with the endpoint's secret. */
  signature: 'x-orderflow-signature',
  /** When this attempt was signed, Unix seconds. */
  timestamp: 'x-orderflow-timestamp',
  /** The event id: the same on every attempt and replay of one alert, so receivers drop duplicates. */
  idempotencyKey: 'idempotency-key',
  /** The delivery's id (`orderflow webhooks replay --delivery ID`). */
  delivery: 'x-orderflow-delivery',
  /** The body's `schema`, e.g. `orderflow.inventory.stock.low`. */
  event: 'x-orderflow-event',
} as const;

/** How far a timestamp may be from the receiver's clock before {@link verifyWebhook} refuses it: 5 minutes (Stripe's default tolerance). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new endpoint secret: `whsec_` and 32 random bytes, base64url (256 bits, the HMAC-SHA256 block's worth of key). */
export const generateSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * The `x-orderflow-signature` value of `body` sent at `timestamp` (Unix seconds):
 * `sha256=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`). The timestamp is inside the signed
 * text — the scheme of Stripe's and the Standard Webhooks' signatures — so a captured request
 * cannot be replayed later with a fresh timestamp header.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Why {@link verifyWebhook} refused a request. */
export type WebhookRejection = 'MISSING_HEADER' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP';

/**
 * The receiver's check (README "Webhooks"): the signature over the raw body matches (compared
 * in constant time) and the timestamp is within `toleranceSeconds` of `nowSeconds`. Returns null
 * when the request is genuine, else why not.
 */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string | null; timestamp?: string | null },
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): WebhookRejection | null {
  if (!headers.signature || !headers.timestamp) return 'MISSING_HEADER';
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp)) return 'MISSING_HEADER';
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'BAD_SIGNATURE';
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'STALE_TIMESTAMP';
  return null;
}
