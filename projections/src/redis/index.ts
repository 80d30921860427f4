/**
 * Redis read models: the runtime (named, versioned projections on catch-up subscriptions,
 * batches applied with their checkpoint in one Lua step, parking, outage handling, blue-green
 * rebuild and verify) and the read models it serves (order status, stock availability, top
 * sellers) with their Postgres fallbacks.
 */
export type { RedisProjection, RedisReadView } from './projection.ts';
export type { RedisOp, RedisOpName } from './ops.ts';
export { projectionKeys, INITIAL_GENERATION, type KeySpace, type ProjectionKeys } from './keys.ts';
export { createRedisClient, redisReady } from './client.ts';
export { startRedisProjector, type RedisProjector, type RedisProjectorOptions } from './projector.ts';
export { redisLiveProcessor } from './live-processor.ts';
export { applyRedisStep, type ApplyStepResult, type RedisTarget } from './apply-step.ts';
export { applyEventsToRedis, type RedisBatchPolicy, type RedisBatchResult } from './batch.ts';
export { rebuildRedisProjection, type RebuildRedisOptions, type RebuildRedisResult } from './rebuild.ts';
export {
  verifyRedisProjection,
  type UnappliedEvent,
  type VerifyRedisOptions,
  type VerifyRedisReport,
} from './verify.ts';
export { readLive, readMeta, deleteGeneration, type GenerationMeta, type LiveRead } from './generations.ts';
export { snapshotGeneration } from './snapshot.ts';
export { isRedisOutage, RedisModelUnavailableError, REDIS_MODEL_UNAVAILABLE } from './errors.ts';
export { queryLiveModel, type RedisModels } from './query.ts';
export { withFallback, type FallbackOptions } from './fallback.ts';
export {
  diffSnapshots,
  hashValue,
  setValue,
  stringValue,
  zsetValue,
  type RedisDifference,
  type RedisSnapshot,
  type RedisValue,
} from './values.ts';
export { memoryGeneration, type MemoryGeneration } from './memory.ts';
export { redisProjectionSpecification, recordedEvent } from './specification.ts';
export { hashOps } from './hash-ops.ts';
export {
  redisProjections,
  createReadModelQueries,
  type ReadModelQueries,
  type ReadModelQueriesInput,
} from './read-models.ts';
export * from '../order-status/row.ts';
export * from '../order-status/projection.ts';
export * from '../order-status/queries.ts';
export * from '../stock-availability/row.ts';
export * from '../stock-availability/projection.ts';
export * from '../stock-availability/queries.ts';
export * from '../top-sellers/row.ts';
export * from '../top-sellers/projection.ts';
export * from '../top-sellers/queries.ts';
