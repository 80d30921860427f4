/**
 * The open-loop arrival schedule of `pnpm bench loop`: request i of a step is due at
 * t0 + i / rate, whatever happened to the requests before it, so a slow server cannot slow the
 * arrivals down (the closed-loop "coordinated omission" of Gil Tene's talk "How NOT to measure
 * latency"). Latency is measured from the scheduled time, so any lateness of the client itself
 * counts against the figures instead of hiding.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Requests in a step of `rate` requests/s lasting `durationSeconds` s (rounded to the nearest). */
export const scheduledCount = (rate: number, durationSeconds: number): number =>
  Math.round(rate * durationSeconds);

/** When request `i` is due, in ms after the step's t0. */
export const scheduledOffsetMs = (i: number, rate: number): number => (i * 1000) / rate;

/**
 * The exclusive end of the requests due by `elapsedMs` after t0, starting from `next` and never
 * past `total`: the dispatcher sends requests `next … end − 1` now.
 */
export function dueUntil(next: number, elapsedMs: number, rate: number, total: number): number {
  // Request i is due when i * 1000 / rate <= elapsed, i.e. i <= elapsed * rate / 1000.
  const lastDue = Math.floor((elapsedMs * rate) / 1000 + 1e-9);
  return Math.max(next, Math.min(total, lastDue + 1));
}

/** What {@link runOpenLoop} reports: t0 (performance.now() ms) and how many it sent. */
export interface OpenLoopRun {
  /** performance.now() of the step's start; request i was due at t0 + i·1000/rate. */
  readonly t0: number;
  /** Requests sent (fewer than scheduled when aborted). */
  readonly sent: number;
}

/**
 * Calls `send(i, dueAt)` for i = 0 … scheduledCount(rate, durationSeconds) − 1 at t0 + i/rate,
 * without ever waiting for a response (`send` must not block: it starts the request and
 * returns). `dueAt` is the scheduled time as performance.now() ms. When the event loop falls
 * behind, every overdue request is sent at once, keeping its original due time. Stops early
 * when `signal` is aborted.
 */
export async function runOpenLoop(
  rate: number,
  durationSeconds: number,
  send: (i: number, dueAt: number) => void,
  signal?: AbortSignal,
): Promise<OpenLoopRun> {
  const total = scheduledCount(rate, durationSeconds);
  const t0 = performance.now();
  let i = 0;
  while (i < total && !signal?.aborted) {
    const end = dueUntil(i, performance.now() - t0, rate, total);
    for (; i < end; i++) send(i, t0 + scheduledOffsetMs(i, rate));
    if (i < total) {
      const wait = t0 + scheduledOffsetMs(i, rate) - performance.now();
      await sleep(Math.max(0, wait));
    }
  }
  return { t0, sent: i };
}
