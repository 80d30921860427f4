/**
 * The pure arithmetic of `pnpm bench loop`: loop latencies and sustained rate from the event
 * store's timestamps, which step counts as sustained, and where `--find-max` probes next.
 */
import { percentile } from './_stats.ts';

/** One placed order's loop as the event store recorded it (epoch ms, the database's clock). */
export interface OrderLoop {
  readonly orderId: string;
  /** recorded_at of OrderCreated; null when the store has no OrderCreated for it. */
  readonly createdAt: number | null;
  /** recorded_at of the first OrderConfirmed or OrderCancelled; null when there is none yet. */
  readonly terminalAt: number | null;
  readonly terminalType: 'OrderConfirmed' | 'OrderCancelled' | null;
}

/** What {@link summariseLoops} finds about one step's orders. */
export interface LoopSummary {
  /** Orders whose terminal event was recorded by the settle deadline. */
  readonly completed: number;
  readonly confirmed: number;
  readonly cancelled: number;
  /** Placed orders with no terminal event by the deadline. */
  readonly notTerminal: number;
  /** OrderCreated → terminal event of the completed orders, ms. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /**
   * Sustained orders/s: completed orders ÷ (last completed order's terminal event − the step's
   * first scheduled send), in seconds. An order counts as completed when its OrderConfirmed or
   * OrderCancelled was recorded by `deadline` (end of the step's window plus the settle
   * timeout). A server that keeps up scores about the offered rate (the window is the step's
   * duration plus one loop); one that falls behind stretches the denominator with its backlog,
   * and orders it never finishes are missing from the numerator.
   */
  readonly sustainedRate: number;
  /** The denominator of sustainedRate, s. */
  readonly sustainedSeconds: number;
}

/**
 * Loop latencies and sustained rate of one step's orders.
 * @param firstSendAt the step's first scheduled send, epoch ms (the bench's clock, assumed to be
 *   the database's: same machine).
 * @param deadline the settle deadline, epoch ms; later terminal events do not count.
 */
export function summariseLoops(
  loops: readonly OrderLoop[],
  firstSendAt: number,
  deadline: number,
): LoopSummary {
  const latencies: number[] = [];
  let confirmed = 0;
  let cancelled = 0;
  let lastTerminal = Number.NEGATIVE_INFINITY;
  for (const loop of loops) {
    if (loop.terminalAt === null || loop.terminalAt > deadline) continue;
    if (loop.terminalType === 'OrderConfirmed') confirmed++;
    else cancelled++;
    if (loop.createdAt !== null) latencies.push(loop.terminalAt - loop.createdAt);
    lastTerminal = Math.max(lastTerminal, loop.terminalAt);
  }
  const completed = confirmed + cancelled;
  const sustainedSeconds = completed ? Math.max(1e-3, (lastTerminal - firstSendAt) / 1000) : Number.NaN;
  return {
    completed,
    confirmed,
    cancelled,
    notTerminal: loops.length - completed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies.reduce((m, x) => Math.max(m, x)) : Number.NaN,
    sustainedRate: completed ? completed / sustainedSeconds : 0,
    sustainedSeconds,
  };
}

/** The figures a step is judged by. */
export interface StepVerdictInput {
  /** Offered rate, orders/s. */
  readonly rate: number;
  readonly sustainedRate: number;
  /** Loop P99, ms (NaN when nothing completed). */
  readonly loopP99: number;
}

/** Share of the offered rate a step must sustain to pass. */
export const SUSTAINED_SHARE = 0.95;
/** Highest loop P99 a passing step may have, ms. */
export const LOOP_P99_LIMIT_MS = 1000;

/** True when the step sustained ≥ 95 % of its offered rate with a loop P99 ≤ 1 s. */
export const stepSustained = (step: StepVerdictInput): boolean =>
  step.sustainedRate >= SUSTAINED_SHARE * step.rate && step.loopP99 <= LOOP_P99_LIMIT_MS;

/** The highest offered rate among the sustained steps, or null when none was sustained. */
export function highestSustainedRate(steps: readonly StepVerdictInput[]): number | null {
  const passed = steps.filter(stepSustained).map((s) => s.rate);
  return passed.length ? Math.max(...passed) : null;
}

/**
 * `--find-max`: the next rate to probe after `steps`, or null when the bracket is tight (the
 * lowest failing rate within 10 % of the highest passing one below it). With no failure yet it
 * goes up ×1.5, with no pass it halves, otherwise it bisects the bracket; rates are rounded to
 * tens (units below 100) and never repeat a rate already run.
 */
export function nextProbeRate(steps: readonly StepVerdictInput[]): number | null {
  if (steps.length === 0) return null;
  const tried = new Set(steps.map((s) => s.rate));
  const passed = steps.filter(stepSustained).map((s) => s.rate);
  const failed = steps.filter((s) => !stepSustained(s)).map((s) => s.rate);
  const round = (r: number) => (r >= 100 ? Math.round(r / 10) * 10 : Math.max(1, Math.round(r)));
  let next: number;
  if (failed.length === 0) next = round(Math.max(...passed) * 1.5);
  else if (passed.length === 0) next = round(Math.min(...failed) / 2);
  else {
    const lowestFail = Math.min(...failed);
    const below = passed.filter((r) => r < lowestFail);
    if (below.length === 0) next = round(lowestFail / 2);
    else {
      const highestPass = Math.max(...below);
      if (lowestFail <= highestPass * 1.1) return null;
      next = round((highestPass + lowestFail) / 2);
    }
  }
  return tried.has(next) ? null : next;
}
