/**
 * One step of open-loop load: placeOrder mutations at a fixed arrival rate (see
 * `_loop-schedule.ts`), each timed from its scheduled send to its response.
 */
import { performance } from 'node:perf_hooks';
import { PLACE_ORDER, type GraphqlClient } from './_loop-graphql.ts';
import type { PlaceOrderInput } from './_loop-orders.ts';
import { runOpenLoop } from './_loop-schedule.ts';

/** What one step of load did, client side. */
export interface StepLoad {
  /** Requests scheduled (rate × duration) and actually sent (fewer only when interrupted). */
  readonly scheduled: number;
  readonly sent: number;
  /** Order ids of the successful placeOrder calls, in response order. */
  readonly orderIds: string[];
  /** Scheduled send → response of each successful call, ms. */
  readonly latencies: number[];
  /** Failed calls by code (GraphQL `extensions.code`, `HTTP_<status>` or a socket error code). */
  readonly errors: Record<string, number>;
  /** Actual send − scheduled send of each request, ms: the client's own lateness. */
  readonly sendLags: number[];
  /** The step's first scheduled send, epoch ms. */
  readonly firstSendAt: number;
  /** The last successful response, epoch ms (firstSendAt when none). */
  readonly lastResponseAt: number;
}

/** Options of {@link runStepLoad}. */
export interface StepLoadOptions {
  readonly client: GraphqlClient;
  readonly rate: number;
  readonly durationSeconds: number;
  readonly nextOrder: () => PlaceOrderInput;
  /** The idempotency key of request i of this step (unique across the run). */
  readonly key: (i: number) => string;
  /** Called right after each successful placeOrder with its order id. */
  readonly onPlaced?: (orderId: string) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sends `rate × durationSeconds` placeOrder mutations at the scheduled times without waiting
 * for responses, then waits for every response (each bounded by the client's timeout).
 * Epoch times use `Date.now() − performance.now()` taken once at the start.
 */
export async function runStepLoad(options: StepLoadOptions): Promise<StepLoad> {
  const epochOffset = Date.now() - performance.now();
  const orderIds: string[] = [];
  const latencies: number[] = [];
  const sendLags: number[] = [];
  const errors: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  let lastResponse = Number.NEGATIVE_INFINITY;

  const send = (i: number, dueAt: number) => {
    sendLags.push(performance.now() - dueAt);
    const input = options.nextOrder();
    inFlight.push(
      options.client
        .request<{ placeOrder: { orderId: string } }>(PLACE_ORDER, { input, key: options.key(i) })
        .then((outcome) => {
          const now = performance.now();
          if (!outcome.ok) {
            errors[outcome.code] = (errors[outcome.code] ?? 0) + 1;
            return;
          }
          latencies.push(now - dueAt);
          lastResponse = Math.max(lastResponse, now);
          orderIds.push(outcome.data.placeOrder.orderId);
          options.onPlaced?.(outcome.data.placeOrder.orderId);
        }),
    );
  };

  const run = await runOpenLoop(options.rate, options.durationSeconds, send, options.signal);
  await Promise.all(inFlight);
  const firstSendAt = run.t0 + epochOffset;
  return {
    scheduled: Math.round(options.rate * options.durationSeconds),
    sent: run.sent,
    orderIds,
    latencies,
    errors,
    sendLags,
    firstSendAt,
    lastResponseAt: orderIds.length ? lastResponse + epochOffset : firstSendAt,
  };
}
