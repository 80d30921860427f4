/**
 * Events per second over a sliding window, counted in one-second buckets (a ring of
 * `windowMs / 1000` counters), so memory stays constant whatever the rate.
 */
export class RateMeter {
  private readonly buckets: number[];
  private readonly stamps: number[];

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    const size = Math.max(1, Math.ceil(windowMs / 1000));
    this.buckets = new Array<number>(size).fill(0);
    this.stamps = new Array<number>(size).fill(-1);
  }

  /** Counts `n` events now. */
  add(n: number): void {
    const second = Math.floor(this.now() / 1000);
    const i = second % this.buckets.length;
    if (this.stamps[i] !== second) {
      this.stamps[i] = second;
      this.buckets[i] = 0;
    }
    this.buckets[i]! += n;
  }

  /** Events per second over the window (events in buckets younger than the window / its length). */
  perSecond(): number {
    const second = Math.floor(this.now() / 1000);
    let total = 0;
    for (let i = 0; i < this.buckets.length; i++)
      if (this.stamps[i]! > second - this.buckets.length) total += this.buckets[i]!;
    return total / (this.windowMs / 1000);
  }
}
