import { type Backoff, type Clock, fullJitterDelayMs, type RecordedEvent, Sleeper } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { advanceCheckpoint, ensureCheckpoint, readCheckpoint } from './checkpoints.ts';
import { hasCode, lockLost, PROCESSOR_LOCK_LOST, PROCESSOR_RESTART } from './errors.ts';
import { applyExternalBatch } from './external-batch.ts';
import type { HandlerRetryPolicy } from './handler-retry.ts';
import type { LockSession } from './lock-session.ts';
import type { CheckpointNotifier } from './notifier.ts';
import { applyPostgresBatch } from './postgres-batch.ts';
import { checkpointInPostgres, type Processor } from './processor.ts';
import { ProcessorProgress } from './progress.ts';
import type { StateChange } from './status.ts';

/** The consumer-wide settings a runner works with. */
export interface RunnerSettings {
  readonly batchSize: number;
  /** Backoff of the retries that never end (outages). */
  readonly retry: Backoff;
  readonly handlerRetry: HandlerRetryPolicy;
  /** Wait between tries at a lock another process holds, ms. */
  readonly lockRetryMs: number;
  readonly clock: Clock;
  readonly random: () => number;
}

/** What a {@link ProcessorRunner} needs from its consumer. */
export interface RunnerDeps {
  readonly db: Knex;
  readonly store: EventStore;
  readonly processor: Processor;
  readonly locks: LockSession;
  readonly notifier: CheckpointNotifier;
  readonly settings: RunnerSettings;
  readonly report: (change: StateChange) => void;
  readonly onParked: (event: RecordedEvent, error: unknown) => void;
  /** Failures of hooks that change nothing about the batch (afterCommit, onLeadership). */
  readonly onError: (error: unknown) => void;
  /** Wakes `waitFor` after progress. */
  readonly progressed: () => void;
}

/**
 * Least time between two stores of a caught-up position, ms: under load a subscription catches
 * up after nearly every batch, and the batch has stored its own checkpoint already. The stored
 * caught-up position only lets a waiter in another process pass positions of events this
 * processor filters out (a mutation's own events move the checkpoint when applied), so a
 * second of delay costs little, while every store waits for the batch holding the row.
 */
const SCANNED_SAVE_INTERVAL_MS = 1000;

/** Pause before a subscription restarts on request (a swapped Redis generation), ms. */
const RESTART_PAUSE_MS = 20;

/**
 * One processor's loop: take its lock (else stand by and try again every `lockRetryMs`), read
 * its checkpoint, subscribe to `$all` after it with its filter and batch size, and apply each
 * batch (`applyPostgresBatch` / `applyExternalBatch`). When anything fails — the store, the
 * database, Redis, an event no upcaster can read yet — it waits (capped exponential backoff,
 * full jitter) and starts again from the stored checkpoint, forever; only {@link stop} ends it.
 * A restart request starts again at once; losing the lock stops applying (state `standby`)
 * until it holds the lock again. Its state and counters are in {@link progress}.
 */
export class ProcessorRunner {
  readonly progress: ProcessorProgress;
  /** Resolves once the first try at the lock and the checkpoint has settled. */
  readonly started: Promise<void>;
  readonly done: Promise<void>;
  private leading = false;
  private stopped = false;
  private failures = 0;
  private finish: ((reason: unknown) => void) | null = null;
  private readonly sleeper = new Sleeper();
  private markStarted!: () => void;
  private scannedToSave: bigint | null = null;
  private savingScanned = false;

  constructor(private readonly deps: RunnerDeps) {
    this.progress = new ProcessorProgress(deps.processor, deps.settings.clock, deps.report);
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
    this.done = this.loop();
  }

  /** The processor's name. */
  get name(): string {
    return this.deps.processor.name;
  }

  /** True while this process holds the processor's lock (and so applies it). */
  get isLeading(): boolean {
    return this.leading;
  }

  private async loop(): Promise<void> {
    const { locks, settings } = this.deps;
    const { progress } = this;
    while (!this.stopped) {
      let reason: unknown = null;
      try {
        if (!locks.holds(this.name)) {
          await this.lead(false);
          if (!(await locks.tryAcquire(this.name))) {
            progress.enter('standby');
            this.markStarted();
            await this.sleeper.sleep(settings.lockRetryMs);
            continue;
          }
          await this.lead(true);
        }
        progress.loaded(await this.load());
        this.markStarted();
        if (progress.state !== 'retrying') progress.enter('catching-up');
        reason = await this.follow();
      } catch (error) {
        reason = error;
      }
      this.markStarted();
      if (this.stopped || reason === null) continue;
      if (hasCode(reason, PROCESSOR_LOCK_LOST)) {
        await this.lead(false);
        progress.enter('standby');
        await this.sleeper.sleep(settings.lockRetryMs);
      } else if (hasCode(reason, PROCESSOR_RESTART)) {
        if (progress.state === 'running') progress.enter('catching-up');
        await this.sleeper.sleep(RESTART_PAUSE_MS);
      } else {
        progress.enter('retrying', reason);
        await this.sleeper.sleep(fullJitterDelayMs(++this.failures, settings.retry, settings.random));
      }
    }
    await this.lead(false);
    await locks.release(this.name);
    progress.enter('stopped');
  }

  private async lead(held: boolean): Promise<void> {
    if (this.leading === held) return;
    this.leading = held;
    try {
      await this.deps.processor.onLeadership?.(held);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  private async load() {
    const { processor, db } = this.deps;
    if (processor.kind === 'external' && processor.checkpoint) return processor.checkpoint.load();
    await ensureCheckpoint(db, processor.name);
    return (await readCheckpoint(db, processor.name)) ?? { position: 0n };
  }

  /** Runs one subscription until it fails, is interrupted or stopped; resolves with why (null: stopped). */
  private async follow(): Promise<unknown> {
    const { store, processor, settings } = this.deps;
    if (this.stopped) return null; // stop() came while the lock or checkpoint was being read
    let finish: (reason: unknown) => void = () => undefined;
    const ended = new Promise<unknown>((resolve) => (finish = resolve));
    this.finish = finish; // the first reason wins: a promise settles once
    const subscription = store.subscribeToAll({
      after: this.progress.checkpoint,
      batchSize: processor.batchSize ?? settings.batchSize,
      filter: { eventTypes: processor.eventTypes },
      onEvents: (events) => this.onEvents(events),
      onCaughtUp: (position) => this.onCaughtUp(position),
      onError: (error) => finish(error),
    });
    void subscription.done.then(() => finish(null));
    const reason = await ended;
    this.finish = null;
    await subscription.stop();
    return reason;
  }

  private async onEvents(events: RecordedEvent[]): Promise<void> {
    const { processor, db, locks, settings } = this.deps;
    if (!locks.holds(this.name)) throw lockLost(this.name);
    const common = {
      policy: settings.handlerRetry,
      random: settings.random,
      sleep: (ms: number) => this.sleeper.sleep(ms),
      onParked: (event: RecordedEvent, error: unknown, checkpoint: bigint) => {
        this.progress.parkedOne(event, error, checkpoint);
        this.checkpointMoved();
        this.deps.onParked(event, error);
      },
    };
    if (processor.kind === 'postgres') {
      await processor.beforeBatch?.();
      if (!locks.holds(this.name)) throw lockLost(this.name);
      await applyPostgresBatch(db, processor, events, {
        ...common,
        onCommitted: ({ events: applied, checkpoint, result }) => {
          this.applied(applied, checkpoint);
          this.hook(() => processor.afterCommit?.(result, applied));
        },
      });
    } else {
      await applyExternalBatch(db, processor, events, this.progress.checkpoint, {
        ...common,
        onApplied: (applied, checkpoint) => this.applied(applied, checkpoint),
      });
    }
    this.progress.delivered(events.at(-1)!.position);
    this.deps.progressed();
  }

  private applied(events: readonly RecordedEvent[], checkpoint: bigint): void {
    this.progress.applied(events, checkpoint);
    this.failures = 0;
    this.checkpointMoved();
  }

  private checkpointMoved(): void {
    if (checkpointInPostgres(this.deps.processor)) this.deps.notifier.moved();
  }

  private onCaughtUp(position: bigint): void {
    const { processor } = this.deps;
    // A subscription being stopped (the lock was lost) may still report the batch it finished.
    if (this.stopped || !this.deps.locks.holds(this.name)) return;
    this.progress.caughtUp(position);
    this.failures = 0;
    // Nothing of the processor's types lies between the checkpoint and `position`: storing it
    // lets other processes' `waitFor` pass positions of events it does not handle.
    if (processor.kind === 'postgres' && position > this.progress.checkpoint) this.saveScanned(position);
    if (processor.kind === 'external' && processor.onCaughtUp)
      void Promise.resolve()
        .then(() => processor.onCaughtUp!(position))
        .catch((error: unknown) => this.finish?.(error));
    this.deps.progressed();
  }

  /**
   * Moves the stored checkpoint to a scanned position; best effort, and at most one write per
   * {@link SCANNED_SAVE_INTERVAL_MS} (positions scanned meanwhile are coalesced into the next).
   */
  private saveScanned(position: bigint): void {
    this.scannedToSave = position;
    if (this.savingScanned) return;
    this.savingScanned = true;
    void (async () => {
      while (this.scannedToSave !== null) {
        const target = this.scannedToSave;
        this.scannedToSave = null;
        if (target <= this.progress.checkpoint || !this.deps.locks.holds(this.name)) continue;
        try {
          if (await advanceCheckpoint(this.deps.db, this.name, target)) {
            this.progress.moved(target);
            this.checkpointMoved();
          }
        } catch {
          // The next batch or catch-up moves it; a failing database shows on the batches.
        }
        await new Promise((resolve) => setTimeout(resolve, SCANNED_SAVE_INTERVAL_MS).unref());
      }
    })().finally(() => (this.savingScanned = false));
  }

  private hook(run: () => void | Promise<void>): void {
    try {
      void Promise.resolve(run()).catch(this.deps.onError);
    } catch (error) {
      this.deps.onError(error);
    }
  }

  /** The lock connection was lost: stop applying now (the loop takes the lock again later). */
  lockLost(): void {
    if (!this.leading || this.stopped) return;
    this.progress.enter('standby');
    this.finish?.(lockLost(this.name));
  }

  /** Runs the processor's health check while it applies; a failure restarts or retries it. */
  async check(): Promise<void> {
    const { processor } = this.deps;
    if (!this.finish || !this.leading || processor.kind !== 'external' || !processor.check) return;
    try {
      await processor.check();
    } catch (error) {
      this.finish?.(error);
    }
  }

  /** What another process holding the lock has stored (status and `waitFor` of a standby). */
  observed(checkpoint: bigint): void {
    if (!this.leading) this.progress.observed(checkpoint);
  }

  /** Ends a backoff wait now (e.g. Redis is reachable again). */
  retryNow(): void {
    if (this.progress.state === 'retrying') this.sleeper.wake();
  }

  /** Stops after the batch in progress; releases the lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.finish?.(null);
    this.sleeper.wake();
    await this.done;
  }
}
