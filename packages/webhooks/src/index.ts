/**
 * Signed webhooks of low-stock alerts: endpoints registered in Postgres, a transactional outbox
 * filled by the `webhooks` processor on the subscription runtime, and a delivery worker that
 * POSTs each alert signed (HMAC-SHA256), with an idempotency key, retries with jittered
 * exponential backoff and a delivery log (README "Webhooks").
 */
export * from './signature.ts';
export * from './payload.ts';
export * from './migration.ts';
export * from './endpoints.ts';
export * from './outbox.ts';
export * from './attempt.ts';
export * from './worker.ts';
export * from './deliveries.ts';
export * from './webhooks.ts';
