/**
 * The wait before retry number `attempt` (1-based), ms: "full jitter",
 * random(0, min(maxMs, baseMs · 2^(attempt − 1))) — AWS Architecture Blog, "Exponential Backoff
 * And Jitter" (Marc Brooker, 2015), the formula of the subscription runtime too
 * (`@orderflow/consumer`, which this adapter does not depend on). `random` is in [0, 1).
 */
export function fullJitterMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 30)));
}
