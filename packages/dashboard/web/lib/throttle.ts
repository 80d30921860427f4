/** A throttled function, and a way to drop its pending trailing call. */
export interface Throttled {
  (): void;
  cancel(): void;
}

/**
 * Calls `fn` at most once per `intervalMs`: the first call runs at once, calls during the
 * interval collapse into one trailing call at its end (so the last change is never missed).
 * `schedule`/`clear` default to setTimeout/clearTimeout (tests pass fakes).
 */
export function throttle(
  fn: () => void,
  intervalMs: number,
  now: () => number = () => Date.now(),
  schedule: (cb: () => void, ms: number) => unknown = (cb, ms) => setTimeout(cb, ms),
  clear: (handle: unknown) => void = (handle) => clearTimeout(handle as number),
): Throttled {
  let last = Number.NEGATIVE_INFINITY;
  let pending: unknown = null;
  const run = () => {
    pending = null;
    last = now();
    fn();
  };
  const throttled = (() => {
    if (pending !== null) return;
    const wait = last + intervalMs - now();
    if (wait <= 0) run();
    else pending = schedule(run, wait);
  }) as Throttled;
  throttled.cancel = () => {
    if (pending !== null) clear(pending);
    pending = null;
  };
  return throttled;
}
