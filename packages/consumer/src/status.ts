/**
 * What every processor reports, whatever it feeds: the CLI (`orderflow projections status`) and
 * GraphQL (`projections`) show these for the read models; the process manager, the relay and
 * the payment simulator report the same.
 */

/**
 * - `starting`: not yet tried to take its lock or read its checkpoint;
 * - `catching-up`: applying, not yet caught up with `$all` since its subscription (re)started;
 * - `running`: applying, and has caught up at least once since (re)starting;
 * - `retrying`: waiting out a failure (`since`, `lastError`) with backoff — a database or Redis
 *   outage, an event no upcaster can read yet; it resumes from its checkpoint;
 * - `standby`: another process holds its lock and applies it; this one tries again every second;
 * - `stopped`: stopped (`stop()`), or not running anywhere (a status read from outside).
 */
export type ProcessorState = 'starting' | 'catching-up' | 'running' | 'retrying' | 'standby' | 'stopped';

/** One processor's health. Positions are the event store's opaque positions. */
export interface ProcessorStatus {
  readonly name: string;
  /** Where its effects live: `postgres`, `redis`, `kafka`, … */
  readonly store: string;
  /** Version of the code that wrote the checkpoint, else the processor's; null when it has none. */
  readonly version: number | null;
  readonly state: ProcessorState;
  /** When it entered `state`. */
  readonly since: Date;
  /** Position of the last event applied (or parked, or scanned past): its stored checkpoint. */
  readonly checkpoint: bigint;
  /** Position its subscription has scanned `$all` to (≥ checkpoint: filtered events count). */
  readonly scanned: bigint;
  /** Head position of `$all` minus `scanned`, 0n when caught up (positions are not dense). */
  readonly lagPositions: bigint;
  /** When behind the head: ms since the last applied event was recorded (how stale); else 0. */
  readonly lagMs: number;
  /** Events applied per second over the last 10 s. */
  readonly eventsPerSecond: number;
  /** Events this process applied since it started the processor (a counter; 0 seen from outside). */
  readonly eventsApplied: number;
  /** Events parked after its handler kept failing on them (`processor_parked`). */
  readonly parked: number;
  /** The last error: why it is retrying, or the last event parked; null when none. */
  readonly lastError: string | null;
  /** When the subscription last reported it had delivered everything committed; null before. */
  readonly caughtUpAt: Date | null;
}

/** A processor's change of state, reported once per change (not per retry). */
export interface StateChange {
  readonly processor: string;
  readonly from: ProcessorState;
  readonly to: ProcessorState;
  readonly at: Date;
  /** The failure that made it `retrying`. */
  readonly error?: unknown;
}
