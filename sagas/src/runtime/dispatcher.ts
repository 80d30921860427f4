import { fallbackLogger } from '@orderflow/core';
import { isInfrastructureError } from '@orderflow/consumer';
import type { Knex } from 'knex';
import { recordDone, recordFailure, recordRetry } from './command-outcomes.ts';
import { fromOutboxRow, type OutboxCommand, type OutboxRow } from './outbox.ts';
import type { CommandSender, ProcessManager } from './process-manager.ts';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, permanentCode, type RetryPolicy } from './retry.ts';
import { SAGA_COMMANDS } from './tables.ts';

/**
 * Largest wait between sends of a command that failed because of an outage (database, network:
 * `isInfrastructureError`), ms: small, so that commands go out within seconds of the return.
 */
const OUTAGE_MAX_DELAY_MS = 5000;

/** Options of {@link CommandDispatcher}. */
export interface DispatcherOptions {
  /** Commands in flight at once. Default 32. */
  readonly concurrency?: number;
  /** Retries of transient failures (exponential backoff with full jitter); see {@link RetryPolicy}. */
  readonly retry?: Partial<RetryPolicy>;
  /** How often (ms) due pending commands left behind (crash, operator retry) are picked up. Default 1000. */
  readonly sweepIntervalMs?: number;
  /** Sees every failed send (transient or not), e.g. for logging; `attempts` counts this one. */
  readonly onError?: (command: OutboxCommand, error: unknown) => void;
  /** Sees failures to record an outcome in the outbox (retried). Default: a fallback pino logger. */
  readonly onRecordError?: (error: unknown) => void;
}

/**
 * Sends outbox commands after the transaction that stored them committed. Each command is
 * idempotent (deterministic event ids, idempotent deciders), so sending one twice — after a
 * crash, or by the sweeper — changes nothing. A transient failure is retried after a full-jitter
 * exponential backoff, each attempt counted in the outbox and logged as an `error` step; a
 * permanent refusal, or running out of attempts, fails the command and parks its instance
 * (unless the process manager `tolerates` the refusal). An outage — the database or the network
 * away (`isInfrastructureError` of `@orderflow/consumer`: lost connections, SQLSTATE 08/53/57,
 * pool timeouts) — uses up no attempts: it is retried forever, at most 5 s apart. Done marks and their `command` steps
 * are written in batches (one transaction per ~20 ms).
 */
export class CommandDispatcher<State> {
  private readonly queue: OutboxCommand[] = [];
  private readonly inFlight = new Set<string>();
  private readonly queued = new Set<string>();
  private done: OutboxCommand[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private flushing: Promise<void> | null = null;
  /** Commands sent whose done mark is not written yet (the sweeper must not send them again). */
  private readonly unrecorded = new Set<string>();
  private flushTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly db: Knex,
    private readonly pm: ProcessManager<State>,
    private readonly send: CommandSender,
    private readonly options: DispatcherOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /**
   * Starts sweeping: sends every pending command left by an earlier run (or by a process that
   * held the process manager before this one), then sweeps periodically. The process manager
   * calls it when this process takes its lock, and {@link stopSweeping} when it loses it.
   */
  async start(): Promise<void> {
    if (this.stopped) return;
    this.sweepTimer ??= setInterval(() => this.wake(), this.options.sweepIntervalMs ?? 1000);
    await this.sweep(true).catch(this.recordError);
  }

  /** Stops the periodic sweep; commands already queued or in flight are still sent. */
  stopSweeping(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  /** Picks up due pending commands now (e.g. after an operator re-queued some). */
  wake(): void {
    if (!this.stopped) void this.sweep(false).catch(() => undefined);
  }

  /** Commands queued or in flight. */
  get backlog(): number {
    return this.queue.length + this.inFlight.size;
  }

  /** Queues commands to send (ignoring those queued, in flight, or sent and not yet marked done). */
  enqueue(commands: readonly OutboxCommand[]): void {
    for (const c of commands) {
      if (this.inFlight.has(c.commandId) || this.queued.has(c.commandId) || this.unrecorded.has(c.commandId))
        continue;
      this.queued.add(c.commandId);
      this.queue.push(c);
    }
    this.pump();
  }

  /** Resolves once the backlog is at most `max` (back-pressure for the processor). */
  async waitForBacklogBelow(max: number): Promise<void> {
    while (this.backlog > max && !this.stopped)
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (!this.stopped && this.inFlight.size < (this.options.concurrency ?? 32) && this.queue.length > 0) {
      const command = this.queue.shift()!;
      this.queued.delete(command.commandId);
      this.inFlight.add(command.commandId);
      void this.run(command).finally(() => {
        this.inFlight.delete(command.commandId);
        this.idleWaiters.splice(0).forEach((w) => w());
        this.pump();
      });
    }
  }

  private async run(command: OutboxCommand): Promise<void> {
    for (let attempt = command.attempts + 1; !this.stopped; attempt++) {
      try {
        await this.send(command);
        this.done.push(command);
        this.unrecorded.add(command.commandId);
        this.flushTimer ??= setTimeout(() => void this.flush(), 20);
        return;
      } catch (error) {
        // `attempts` as of this failure, so a log can tell the last one (the saga then parks).
        this.options.onError?.({ ...command, attempts: attempt }, error);
        const code = permanentCode(error);
        // The database or the network away is no reason to park a saga: wait it out, forever.
        const outage = code === null && isInfrastructureError(error);
        if (!outage && (code || attempt >= this.policy.attempts)) {
          await recordFailure(this.db, this.pm, command, error, code, attempt).catch(this.recordError);
          return;
        }
        const delayMs = backoffDelayMs(
          attempt,
          outage
            ? { ...this.policy, maxDelayMs: Math.min(this.policy.maxDelayMs, OUTAGE_MAX_DELAY_MS) }
            : this.policy,
        );
        await recordRetry(this.db, command, error, attempt, delayMs).catch(this.recordError);
        await this.sleep(delayMs);
      }
    }
  }

  /**
   * Writes the done marks gathered so far, with a `command` step for each. One writer at a time:
   * marks that arrive meanwhile are written by the same loop in the next batch (so batches grow
   * with the database's latency instead of queueing up); a failed write is retried after 500 ms.
   */
  flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flushing ??= (async () => {
      while (this.done.length > 0) {
        const batch = this.done.splice(0, 5000);
        try {
          await recordDone(this.db, batch);
          for (const c of batch) this.unrecorded.delete(c.commandId);
        } catch (error) {
          // Kept for the next attempt; if the process dies first, the commands are sent again.
          this.done.unshift(...batch);
          this.recordError(error);
          if (this.stopped) return;
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    })().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** Enqueues pending commands: all of them (`all`), or those whose `not_before` has passed. */
  private async sweep(all: boolean): Promise<void> {
    const rows = (await this.db(SAGA_COMMANDS)
      .select('command_id', 'saga', 'instance_id', 'type', 'data', 'attempts')
      .where({ saga: this.pm.name, status: 'pending' })
      .modify((q) => {
        if (!all) q.andWhere('not_before', '<=', this.db.fn.now());
      })
      .orderBy('not_before')
      .limit(5000)) as OutboxRow[];
    this.enqueue(rows.map(fromOutboxRow));
  }

  private readonly recordError = (error: unknown): void =>
    (
      this.options.onRecordError ??
      ((err) => fallbackLogger('saga-outbox').error({ err, saga: this.pm.name }, 'saga outbox'))
    )(error);

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        resolve,
      };
      this.sleepers.add(sleeper);
    });
  }

  /** Stops sending; waits for the sends in flight and writes the done marks. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.queue.length = 0;
    this.queued.clear();
    for (const s of this.sleepers) {
      clearTimeout(s.timer);
      s.resolve();
    }
    this.sleepers.clear();
    while (this.inFlight.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.flush();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }
}
