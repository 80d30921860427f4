/**
 * The one subscription runtime under every processor that reads `$all`: read models (Postgres
 * and Redis), the process manager, the Kafka relay and the payment simulator. It owns reading
 * `$all` from a processor's checkpoint, the checkpoint itself (`processor_checkpoints`),
 * retries with backoff, parking (`processor_parked`), status and lag, `waitFor`, and one
 * Postgres advisory lock per processor so that one process at a time applies it.
 */
export * from './processor.ts';
export * from './status.ts';
export * from './errors.ts';
export { RateMeter } from './rate-meter.ts';
export * from './tables.ts';
export * from './migration.ts';
export * from './checkpoints.ts';
export * from './parked.ts';
export * from './skipped.ts';
export { applyOrPark, DEFAULT_HANDLER_RETRY, type HandlerRetryPolicy } from './handler-retry.ts';
export * from './postgres-batch.ts';
export * from './external-batch.ts';
export { processorLockKey } from './lock-session.ts';
export * from './checkpoint-watcher.ts';
export * from './inspect.ts';
export * from './consumer.ts';
