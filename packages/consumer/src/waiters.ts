/**
 * In-process waits for progress: each wait re-checks its condition when {@link notify} is
 * called (a batch applied, caught up) and at least every 100 ms.
 */
export class ProgressWaiters {
  private waiters = new Set<() => void>();

  /** Wakes every wait to re-check its condition. */
  notify(): void {
    const current = this.waiters;
    this.waiters = new Set();
    current.forEach((wake) => wake());
  }

  /** Resolves true once `reached()` holds, false when `deadline` (ms since the epoch) passes first. */
  async until(reached: () => boolean, deadline: number): Promise<boolean> {
    while (!reached()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 100));
        this.waiters.add(wake);
      });
    }
    return true;
  }
}

/** Resolves true as soon as one of `waits` resolves true, false once all resolved false. */
export function anyTrue(waits: readonly Promise<boolean>[]): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let pending = waits.length;
    if (pending === 0) resolve(false);
    for (const wait of waits)
      void wait.then(
        (reached) => {
          if (reached) resolve(true);
          else if (--pending === 0) resolve(false);
        },
        () => {
          if (--pending === 0) resolve(false);
        },
      );
  });
}
