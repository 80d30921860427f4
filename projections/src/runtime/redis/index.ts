/**
 * The Redis projection runtime: named, versioned projections on catch-up subscriptions,
 * batches applied with their checkpoint in one Lua step, parking, outage handling, blue-green
 * rebuild and verify. The read models it serves live in `read-models/`.
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
export { hashOps } from './hash-ops.ts';
