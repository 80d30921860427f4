import { hasErrorCode, type ErrorCode } from '@orderflow/core';
import type { Knex } from 'knex';
import type { CommandSender, SagaCommand } from './process-manager.ts';
export type { CommandSender };
import { SAGA_COMMANDS, SAGA_INSTANCES } from './schema.ts';

/** A command as stored in the saga outbox. */
export interface OutboxCommand extends SagaCommand {
  readonly saga: string;
  readonly instanceId: string;
}

/** Refusals that retrying cannot fix: the instance is parked with the error instead. */
const PERMANENT: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'INVALID_STATE',
  'ALREADY_EXISTS',
  'IDEMPOTENCY_KEY_REUSED',
];

/** Options of {@link CommandDispatcher}. */
export interface DispatcherOptions {
  /** Commands in flight at once. Default 32. */
  readonly concurrency?: number;
  /** In-process attempts for transient failures before leaving the command to the sweeper. Default 5. */
  readonly attempts?: number;
  /** How often (ms) pending commands left behind (crash, exhausted attempts) are picked up. Default 5000. */
  readonly sweepIntervalMs?: number;
  readonly onError?: (command: OutboxCommand, error: unknown) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends outbox commands after the transaction that stored them committed. Each command is
 * idempotent (deterministic event ids, idempotent deciders), so sending one twice — after a
 * crash, or by the sweeper — changes nothing. Transient failures are retried with exponential
 * backoff; permanent refusals mark the command failed and park its saga instance.
 * Completed commands are marked done in batches (one UPDATE per ~20 ms).
 */
export class CommandDispatcher {
  private readonly queue: OutboxCommand[] = [];
  private readonly inFlight = new Set<string>();
  private readonly queued = new Set<string>();
  private readonly done: string[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly concurrency: number;

  constructor(
    private readonly db: Knex,
    private readonly send: CommandSender,
    private readonly options: DispatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 32;
  }

  /** Starts the sweeper and sends every pending command left by an earlier run. */
  async start(): Promise<void> {
    await this.sweep(0);
    this.sweepTimer = setInterval(
      () => void this.sweep(10).catch(() => undefined),
      this.options.sweepIntervalMs ?? 5000,
    );
  }

  /** Commands queued or in flight. */
  get backlog(): number {
    return this.queue.length + this.inFlight.size;
  }

  enqueue(commands: readonly OutboxCommand[]): void {
    for (const c of commands) {
      if (this.inFlight.has(c.commandId) || this.queued.has(c.commandId)) continue;
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
    while (!this.stopped && this.inFlight.size < this.concurrency && this.queue.length > 0) {
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
    const attempts = this.options.attempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(command);
        this.markDone(command.commandId);
        return;
      } catch (error) {
        this.options.onError?.(command, error);
        const permanent = PERMANENT.some((code) => hasErrorCode(error, code));
        if (permanent || attempt >= attempts || this.stopped) {
          await this.recordFailure(command, error, permanent).catch(() => undefined);
          return;
        }
        await sleep(Math.random() * Math.min(2000, 20 * 2 ** attempt));
      }
    }
  }

  private async recordFailure(command: OutboxCommand, error: unknown, permanent: boolean): Promise<void> {
    const message =
      error instanceof Error
        ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
        : String(error);
    await this.db.transaction(async (trx) => {
      await trx(SAGA_COMMANDS)
        .where({ command_id: command.commandId })
        .update({
          status: permanent ? 'failed' : 'pending',
          last_error: message,
          attempts: trx.raw('attempts + 1'),
          updated_at: trx.fn.now(),
        });
      if (permanent) {
        await trx(SAGA_INSTANCES)
          .where({ saga: command.saga, instance_id: command.instanceId, status: 'running' })
          .update({
            status: 'parked',
            error: `${command.type} failed: ${message}`,
            updated_at: trx.fn.now(),
          });
      }
    });
  }

  private markDone(commandId: string): void {
    this.done.push(commandId);
    this.flushTimer ??= setTimeout(() => void this.flush(), 20);
  }

  /** Writes the done marks gathered so far. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await this.flushing;
    const ids = this.done.splice(0);
    if (ids.length === 0) return;
    this.flushing = this.db(SAGA_COMMANDS)
      .whereIn('command_id', ids)
      .update({ status: 'done', updated_at: this.db.fn.now() })
      .then(() => undefined)
      .catch(() => void this.done.push(...ids));
    await this.flushing;
  }

  /** Enqueues pending commands last touched more than `olderThanSeconds` ago. */
  private async sweep(olderThanSeconds: number): Promise<void> {
    const rows = (await this.db(SAGA_COMMANDS)
      .where({ status: 'pending' })
      .andWhere('updated_at', '<', this.db.raw(`now() - make_interval(secs => ?)`, [olderThanSeconds]))
      .orderBy('position')
      .limit(10_000)) as Array<{
      command_id: string;
      saga: string;
      instance_id: string;
      type: string;
      data: Record<string, unknown>;
    }>;
    this.enqueue(
      rows.map((r) => ({
        commandId: r.command_id,
        saga: r.saga,
        instanceId: r.instance_id,
        type: r.type,
        data: r.data,
      })),
    );
  }

  /** Stops sending; waits for commands in flight and writes the done marks. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.queue.length = 0;
    this.queued.clear();
    while (this.inFlight.size > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    await this.flush();
  }
}
