import { fallbackLogger, fullJitterDelayMs } from '@orderflow/core';
import type { FastifyInstance } from 'fastify';
import type { EmbeddedPostgresServer } from './embedded-postgres.ts';
import { postmasterPid } from './postmaster-pid.ts';

/** Where the supervised server is: `running`; `restarting` (down, being started again). */
export type EmbeddedState =
  | { readonly state: 'running'; readonly since: Date }
  | {
      readonly state: 'restarting';
      readonly since: Date;
      readonly attempts: number;
      readonly error: string | null;
    };

/** Options of {@link superviseEmbeddedPostgres}. */
export interface SupervisorOptions {
  /** How often the server's process is checked, ms. Default 500. */
  readonly checkIntervalMs?: number;
  /** Ceiling of the first wait before a restart, ms. Default 250. */
  readonly baseDelayMs?: number;
  /** Largest wait between restarts, ms. Default 10,000. */
  readonly maxDelayMs?: number;
  /** Down for longer than this, ms, the server counts as not coming back: `healthy()` is false. Default 30,000. */
  readonly unhealthyAfterMs?: number;
  /** Longest wait for one start, ms, before it counts as failed. Default 30,000. */
  readonly startTimeoutMs?: number;
  /** Each change of state, once (not every failed attempt). Default: a line on stderr. */
  readonly log?: (message: string) => void;
  readonly random?: () => number;
}

/** A supervised embedded Postgres. */
export interface EmbeddedSupervisor {
  readonly url: string;
  status(): EmbeddedState;
  /**
   * False once the server has been down for longer than `unhealthyAfterMs` (it still is
   * restarted, forever): `/health` then answers 503, so that an orchestrator replaces the process.
   */
  healthy(): boolean;
  /** Stops supervising and shuts the server down (when it runs). */
  stop(): Promise<void>;
}

/**
 * Watches the embedded Postgres `server` (its postmaster's pid, every `checkIntervalMs`) and,
 * when it has died — killed, crashed, stopped by someone else — starts it again, with capped
 * exponential backoff and full jitter between failed starts (random(0, min(max, base·2^n)),
 * "Exponential Backoff And Jitter", AWS Architecture Blog, 2015), forever until {@link
 * EmbeddedSupervisor.stop}. The roles reconnect on their own; `healthy()` turns false when the
 * server stays down longer than `unhealthyAfterMs`. Logs once per change: down, back, not
 * coming back.
 */
export function superviseEmbeddedPostgres(
  server: EmbeddedPostgresServer,
  options: SupervisorOptions = {},
): EmbeddedSupervisor {
  const checkIntervalMs = options.checkIntervalMs ?? 500;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const unhealthyAfterMs = options.unhealthyAfterMs ?? 30_000;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const log = options.log ?? ((message: string) => fallbackLogger('embedded-postgres').warn(message));
  const random = options.random ?? Math.random;
  let status: EmbeddedState = { state: 'running', since: new Date() };
  let stopped = false;
  let reportedUnhealthy = false;
  let wake: (() => void) | null = null;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => ((wake = null), resolve()), ms);
      wake = () => (clearTimeout(timer), (wake = null), resolve());
    });
  const startOnce = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        server.restart(),
        new Promise<never>((_, fail) => {
          timer = setTimeout(() => fail(new Error(`not ready within ${startTimeoutMs} ms`)), startTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  const restart = async (): Promise<void> => {
    const since = new Date();
    let attempts = 0;
    status = { state: 'restarting', since, attempts, error: null };
    log('the server is not running; restarting it');
    while (!stopped) {
      await sleep(fullJitterDelayMs(attempts + 1, { baseDelayMs, maxDelayMs }, random));
      if (stopped) return;
      attempts++;
      try {
        await startOnce();
        status = { state: 'running', since: new Date() };
        reportedUnhealthy = false;
        log(
          `running again after ${attempts} start(s), ${((Date.now() - since.getTime()) / 1000).toFixed(1)} s down`,
        );
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        status = { state: 'restarting', since, attempts, error: message };
        if (!reportedUnhealthy && Date.now() - since.getTime() > unhealthyAfterMs) {
          reportedUnhealthy = true;
          log(`still down after ${attempts} starts (last: ${message}); /health answers 503, restarts go on`);
        }
      }
    }
  };
  // The process is stopping (on Ctrl-C the embedded server gets the SIGINT too): no more restarts.
  const onSignal = () => {
    stopped = true;
    wake?.();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const loop = (async () => {
    while (!stopped) {
      await sleep(checkIntervalMs);
      if (!stopped && postmasterPid(server.databaseDir) === null) await restart();
    }
  })();

  return {
    url: server.url,
    status: () => status,
    healthy: () => status.state === 'running' || Date.now() - status.since.getTime() <= unhealthyAfterMs,
    async stop() {
      onSignal();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await loop;
      await server.stop();
    },
  };
}

/**
 * Makes GET `/health` of `app` answer 503 `{ status: 'unhealthy', reason }` while `healthy()` is
 * false (the liveness probe fails, so an orchestrator restarts the process); otherwise the
 * app's own `/health` answers. Call before `app.listen()`.
 */
export function gateHealth(app: FastifyInstance, healthy: () => boolean, reason: string): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.split('?', 1)[0] === '/health' && !healthy())
      return reply.code(503).send({ status: 'unhealthy', reason });
  });
}
