import { OrderflowError, validationFailed } from '@orderflow/core';
import {
  servingReadModel,
  type ProjectionStatus,
  type ReadModelQueries,
  type ReadModelQuery,
} from '@orderflow/projections';

/** The live read models as the API sees them: how far each got, and their health. */
export interface ReadModels {
  /** Resolves true once `projection` has processed `$all` up to `position`, false on timeout. */
  waitFor(position: bigint, timeoutMs: number, projection: string): Promise<boolean>;
  status(): Promise<ProjectionStatus[]>;
  /** The queries served from Redis with a Postgres fallback. */
  readonly queries: ReadModelQueries;
  /** Whether the Redis projection `name` currently answers its queries (else Postgres does). */
  redisServes(name: string): boolean;
}

/**
 * The read model whose position a `minPosition` on `query` waits for: its Redis read model
 * while that one answers, else its Postgres read model (`servingReadModel` of the registry).
 */
export function servingProjection(readModels: ReadModels, query: ReadModelQuery): string {
  return servingReadModel(query, (name) => readModels.redisServes(name));
}

/**
 * Parses a `minPosition` argument: a position as returned by a mutation (a decimal string).
 * @throws OrderflowError VALIDATION_FAILED for anything else.
 */
export function parseMinPosition(value: string | null | undefined): bigint | undefined {
  if (value == null) return undefined;
  if (!/^\d{1,40}$/.test(value))
    throw validationFailed('minPosition must be a position returned by a mutation (a decimal string)', {
      field: 'minPosition',
    });
  return BigInt(value);
}

/**
 * Read-your-writes: waits until `projection` has passed `minPosition` (when given), at most
 * `timeoutMs`.
 * @throws OrderflowError VALIDATION_FAILED for a malformed position; TIMEOUT when the read model
 *   did not get there in time (details: projection, minPosition, timeoutMs).
 */
export async function awaitPosition(
  readModels: ReadModels,
  projection: string,
  minPosition: string | null | undefined,
  timeoutMs: number,
): Promise<void> {
  const position = parseMinPosition(minPosition);
  if (position === undefined) return;
  if (await readModels.waitFor(position, timeoutMs, projection)) return;
  throw new OrderflowError(
    'TIMEOUT',
    `read model ${projection} has not reached position ${position} within ${timeoutMs} ms; retry later`,
    { projection, minPosition: position.toString(), timeoutMs },
  );
}
