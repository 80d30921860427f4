import { fullJitterDelayMs, Sleeper, type Backoff } from '@orderflow/core';
import type { Knex } from 'knex';
import { attemptDelivery, type AttemptOutcome, type ClaimedDelivery } from './attempt.ts';
import { WEBHOOK_DELIVERIES, WEBHOOK_ENDPOINTS } from './migration.ts';

/** How deliveries are attempted (config WEBHOOK_*). */
export interface DeliveryPolicy {
  /** Longest wait for an endpoint's answer, ms. Default 10000. */
  readonly timeoutMs: number;
  /** Attempts of one delivery before it is `failed` (replay it with the CLI). Default 20. */
  readonly maxAttempts: number;
  /** Backoff between attempts of one delivery: full jitter, 1 s doubling to 5 min by default. */
  readonly retry: Backoff;
  /** Deliveries in flight at once, over every endpoint. Default 32. */
  readonly concurrency: number;
  /** Longest sleep of an idle worker between looks at the log, ms. Default 1000. */
  readonly pollMs: number;
}

/** Defaults of {@link DeliveryPolicy}: about an hour of retries (ceilings 1, 2, … 256 s, then 5 min). */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  timeoutMs: 10_000,
  maxAttempts: 20,
  retry: { baseDelayMs: 1000, maxDelayMs: 300_000 },
  concurrency: 32,
  pollMs: 1000,
};

/** What the worker reports (a pino logger's `warn`/`info` fit). */
export interface DeliveryReports {
  /** An endpoint started failing (once, until it answers 2xx again), or recovered. */
  readonly onEndpoint?: (change: { endpointId: string; up: boolean; error: string | null }) => void;
  /** Each attempt: `delivered`, `retrying` (will be tried again) or `failed` (attempts used up). */
  readonly onAttempt?: (result: 'delivered' | 'retrying' | 'failed', seconds: number) => void;
  /** The worker's own queries failed (Postgres away); it keeps trying every `pollMs`. */
  readonly onError?: (error: unknown) => void;
}

/** A running delivery worker. */
export interface DeliveryWorker {
  /** Look at the log now (new deliveries were enqueued). */
  wake(): void;
  /** Stops claiming; resolves once the attempts in flight have been recorded. */
  stop(): Promise<void>;
}

/**
 * Claims up to `limit` due pending deliveries: each gets `attempts + 1` and a lease (its
 * `next_attempt_at` moves `leaseMs` ahead, so no other claim takes it while it is in flight; if
 * this process dies, it is due again when the lease ends and is sent again — the receiver drops
 * the copy by its idempotency key). `FOR UPDATE SKIP LOCKED`: claims never wait on each other.
 */
async function claimDue(db: Knex, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const { rows } = (await db.raw(
    `UPDATE ?? d SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
       FROM ?? e
      WHERE e.id = d.endpoint_id AND d.id IN (
            SELECT id FROM ?? WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at, position LIMIT ? FOR UPDATE SKIP LOCKED)
  RETURNING d.id, d.endpoint_id, d.event_id, d.body, d.attempts, e.url, e.secret`,
    [WEBHOOK_DELIVERIES, leaseMs / 1000, WEBHOOK_ENDPOINTS, WEBHOOK_DELIVERIES, limit],
  )) as { rows: Array<Record<string, any>> };
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    url: r.url,
    secret: r.secret,
    body: r.body,
    attempts: r.attempts,
  }));
}

/**
 * Ms until the earliest pending delivery is due (0 when one is due now), or null when none is
 * pending. (Not `GREATEST(0, …)` in SQL: GREATEST skips NULLs, so with nothing pending it gave 0
 * and an idle worker polled every millisecond.)
 */
export async function msUntilDue(db: Knex): Promise<number | null> {
  const { rows } = (await db.raw(
    `SELECT (EXTRACT(EPOCH FROM (min(next_attempt_at) - now())) * 1000)::float8 AS ms FROM ?? WHERE status = 'pending'`,
    [WEBHOOK_DELIVERIES],
  )) as { rows: [{ ms: number | null }] };
  const ms = rows[0].ms;
  return ms === null ? null : Math.max(0, ms);
}

/**
 * Starts the delivery worker over `db`: it claims due deliveries (at most `concurrency` in flight,
 * each attempted on its own, so a slow or dead endpoint holds only its own deliveries), POSTs
 * them ({@link attemptDelivery}) and records each outcome in `webhook_deliveries`:
 * - 2xx → `delivered` with `delivered_at`; the endpoint's other pending deliveries that were
 *   backing off become due now (it is back, so its backlog goes out at once);
 * - otherwise → `retrying` with `next_attempt_at` = now + full-jitter backoff of the attempt
 *   number ({@link fullJitterDelayMs}), or `failed` once `maxAttempts` were made.
 * Run it in one process (the webhooks processor's lock holder); the lease makes a second one safe
 * but pointless.
 */
export function startDeliveryWorker(
  db: Knex,
  policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
  reports: DeliveryReports = {},
  random: () => number = Math.random,
): DeliveryWorker {
  const sleeper = new Sleeper();
  const inFlight = new Map<string, Promise<void>>();
  const failing = new Set<string>();
  const leaseMs = policy.timeoutMs + 5000;
  let running = true;
  let erring = false;

  const record = async (d: ClaimedDelivery, outcome: AttemptOutcome, seconds: number) => {
    if (outcome.ok) {
      await db(WEBHOOK_DELIVERIES).where({ id: d.id }).update({
        status: 'delivered',
        delivered_at: db.fn.now(),
        last_status_code: outcome.statusCode,
        last_error: null,
      });
      await db(WEBHOOK_DELIVERIES)
        .where({ endpoint_id: d.endpointId, status: 'pending' })
        .andWhere('next_attempt_at', '>', db.fn.now())
        .whereNotIn('id', [...inFlight.keys()])
        .update({ next_attempt_at: db.fn.now() });
      if (failing.delete(d.endpointId))
        reports.onEndpoint?.({ endpointId: d.endpointId, up: true, error: null });
      reports.onAttempt?.('delivered', seconds);
      return;
    }
    const exhausted = d.attempts >= policy.maxAttempts;
    const delayMs = fullJitterDelayMs(d.attempts, policy.retry, random);
    await db(WEBHOOK_DELIVERIES)
      .where({ id: d.id })
      .update({
        status: exhausted ? 'failed' : 'pending',
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        next_attempt_at: db.raw('now() + make_interval(secs => ?)', [delayMs / 1000]),
      });
    if (!failing.has(d.endpointId)) {
      failing.add(d.endpointId);
      reports.onEndpoint?.({ endpointId: d.endpointId, up: false, error: outcome.error });
    }
    reports.onAttempt?.(exhausted ? 'failed' : 'retrying', seconds);
  };

  const send = async (d: ClaimedDelivery) => {
    const started = performance.now();
    const outcome = await attemptDelivery(d, policy.timeoutMs);
    const seconds = (performance.now() - started) / 1000;
    // Recording fails only with Postgres away: the lease then ends and the delivery is sent again.
    await record(d, outcome, seconds).catch((err: unknown) => reports.onError?.(err));
  };

  const loop = (async () => {
    while (running) {
      let sleepMs = policy.pollMs;
      try {
        const room = policy.concurrency - inFlight.size;
        const claimed = room > 0 ? await claimDue(db, room, leaseMs) : [];
        for (const d of claimed) {
          const done = send(d).finally(() => {
            inFlight.delete(d.id);
            sleeper.wake();
          });
          inFlight.set(d.id, done);
        }
        if (claimed.length > 0 && claimed.length === room) continue;
        const due = await msUntilDue(db);
        if (due !== null) sleepMs = Math.min(sleepMs, Math.max(1, due));
        erring = false;
      } catch (err) {
        if (!erring) reports.onError?.(err);
        erring = true;
      }
      if (running) await sleeper.sleep(sleepMs);
    }
  })();

  return {
    wake: () => sleeper.wake(),
    async stop() {
      running = false;
      sleeper.wake();
      await loop;
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
