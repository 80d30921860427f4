/**
 * Orderflow's one retry policy: capped exponential backoff with full jitter
 * ({@link fullJitterDelayMs}), waited out in a {@link Sleeper} that a stop or a reconnection ends
 * early. Every retry loop uses it: the subscription runtime and its handlers, role starts, the
 * saga runtime and timers, the Redis projector and client, the event-store subscriptions, the
 * command handlers' concurrency retries, the Kafka callback consumer's restarts and the embedded
 * Postgres supervisor. Each caller picks its bounds (and whether it ever gives up) and logs the
 * change of state once, not each retry.
 */

/** The bounds of a capped exponential backoff. */
export interface Backoff {
  /** Ceiling of the first wait, ms. */
  readonly baseDelayMs: number;
  /** Largest ceiling, ms. */
  readonly maxDelayMs: number;
}

/**
 * The wait before retry number `attempt` (1-based), in ms: "full jitter",
 * random(0, min(maxDelay, base · 2^(attempt − 1))), from the AWS Architecture Blog,
 * "Exponential Backoff And Jitter" (Marc Brooker, 2015) — spreading the retries of many workers
 * that failed together instead of retrying them in lock-step. `random` is in [0, 1).
 */
export function fullJitterDelayMs(
  attempt: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** exponent);
  return Math.floor(random() * ceiling);
}

/** A wait that {@link Sleeper.wake} ends early (stop, a reconnected client). */
export class Sleeper {
  private wakers = new Set<() => void>();

  /** Resolves after `ms`, or earlier on {@link wake}. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** Ends every wait in progress. */
  wake(): void {
    for (const done of [...this.wakers]) done();
  }
}
