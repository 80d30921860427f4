/**
 * What every projection reports, whatever store its read model lives in: the CLI
 * (`orderflow projections status`) and GraphQL (`projections`) show these.
 */

/** Where a read model lives. */
export type ReadModelStore = 'postgres' | 'redis';

/**
 * - `running`: applying events from its subscription;
 * - `catching-up`: running, but more than 1,000 positions behind the head;
 * - `unavailable`: its store cannot be reached (Redis down); queries fall back to Postgres and
 *   it resumes from its checkpoint when the store is back;
 * - `stopped`: not running in this process.
 */
export type ProjectionState = 'running' | 'catching-up' | 'unavailable' | 'stopped';

/** One projection's health. Positions are the event store's opaque positions. */
export interface ProjectionStatus {
  readonly name: string;
  readonly store: ReadModelStore;
  /** Version of the projection's code; a rebuild is needed when the live model has another. */
  readonly version: number;
  readonly state: ProjectionState;
  /** Position of the last event applied (its stored checkpoint). */
  readonly checkpoint: bigint;
  /** Head position of `$all` minus the checkpoint's, 0n when caught up (positions are not dense). */
  readonly lagPositions: bigint;
  /** When behind the head: ms since the last applied event was recorded (how stale); 0 when caught up. */
  readonly lagMs: number;
  /** Events applied per second over the last 10 s. */
  readonly eventsPerSecond: number;
  /** Events parked after their handler kept failing (see `projection_parked`). */
  readonly parked: number;
  /** The last error, if the projection is unavailable or an event was parked. */
  readonly lastError: string | null;
}
