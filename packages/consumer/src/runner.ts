import type { Clock, RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { fullJitterDelayMs, Sleeper, type Backoff } from './backoff.ts';
import { advanceCheckpoint, ensureCheckpoint, readCheckpoint } from './checkpoints.ts';
import { describeError, hasCode, lockLost, PROCESSOR_LOCK_LOST, PROCESSOR_RESTART } from './errors.ts';
import { applyExternalBatch } from './external-batch.ts';
import type { HandlerRetryPolicy } from './handler-retry.ts';
import type { LockSession } from './lock-session.ts';
import type { CheckpointNotifier } from './notifier.ts';
import { applyPostgresBatch } from './postgres-batch.ts';
import { checkpointInPostgres, type Processor } from './processor.ts';
import { RateMeter } from './rate-meter.ts';
import type { ProcessorState, ProcessorStatus, StateChange } from './status.ts';

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

/** Pause before a subscription restarts on request (a swapped Redis generation), ms. */
const RESTART_PAUSE_MS = 20;

/**
 * One processor's loop: take its lock (else stand by and try again every `lockRetryMs`), read
 * its checkpoint, subscribe to `$all` after it with its filter and batch size, and apply each
 * batch (`applyPostgresBatch` / `applyExternalBatch`). When anything fails — the store, the
 * database, Redis, an event no upcaster can read yet — it waits (capped exponential backoff,
 * full jitter) and starts again from the stored checkpoint, forever; only {@link stop} ends it.
 * A restart request starts again at once; losing the lock stops applying (state `standby`)
 * until it holds the lock again. Each change of state is reported once.
 */
export class ProcessorRunner {
  state: ProcessorState = 'starting';
  since: Date;
  checkpoint = 0n;
  scanned = 0n;
  version: number | null = null;
  lastRecordedAt: Date | null = null;
  caughtUpAt: Date | null = null;
  lastError: string | null = null;
  parked = 0;
  /** Incremented on each park, so a parked count read before it does not overwrite it. */
  parkings = 0;
  readonly meter: RateMeter;
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
    const { clock } = deps.settings;
    this.since = clock.now();
    this.meter = new RateMeter(10_000, () => clock.now().getTime());
    this.started = new Promise<void>((resolve) => (this.markStarted = resolve));
    this.done = this.loop();
  }

  get name(): string {
    return this.deps.processor.name;
  }

  /** True while this process holds the processor's lock (and so applies it). */
  get isLeading(): boolean {
    return this.leading;
  }

  private async loop(): Promise<void> {
    const { locks, settings } = this.deps;
    while (!this.stopped) {
      let reason: unknown = null;
      try {
        if (!locks.holds(this.name)) {
          await this.lead(false);
          if (!(await locks.tryAcquire(this.name))) {
            this.enter('standby');
            this.markStarted();
            await this.sleeper.sleep(settings.lockRetryMs);
            continue;
          }
          await this.lead(true);
        }
        await this.load();
        this.markStarted();
        if (this.state !== 'retrying') this.enter('catching-up');
        reason = await this.follow();
      } catch (error) {
        reason = error;
      }
      this.markStarted();
      if (this.stopped || reason === null) continue;
      if (hasCode(reason, PROCESSOR_LOCK_LOST)) {
        await this.lead(false);
        this.enter('standby');
        await this.sleeper.sleep(settings.lockRetryMs);
      } else if (hasCode(reason, PROCESSOR_RESTART)) {
        if (this.state === 'running') this.enter('catching-up');
        await this.sleeper.sleep(RESTART_PAUSE_MS);
      } else {
        this.enter('retrying', reason);
        await this.sleeper.sleep(fullJitterDelayMs(++this.failures, settings.retry, settings.random));
      }
    }
    await this.lead(false);
    await locks.release(this.name);
    this.enter('stopped');
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

  private async load(): Promise<void> {
    const { processor, db } = this.deps;
    let stored;
    if (processor.kind === 'external' && processor.checkpoint) stored = await processor.checkpoint.load();
    else {
      await ensureCheckpoint(db, processor.name);
      stored = (await readCheckpoint(db, processor.name)) ?? { position: 0n };
    }
    this.checkpoint = stored.position;
    this.scanned = stored.position;
    this.version = stored.version ?? processor.version ?? null;
    if (stored.recordedAt) this.lastRecordedAt = stored.recordedAt;
  }

  /** Runs one subscription until it fails, is interrupted or stopped; resolves with why (null: stopped). */
  private async follow(): Promise<unknown> {
    const { store, processor, settings } = this.deps;
    if (this.stopped) return null; // stop() came while the lock or checkpoint was being read
    let finish: (reason: unknown) => void = () => undefined;
    const ended = new Promise<unknown>((resolve) => (finish = resolve));
    this.finish = finish; // the first reason wins: a promise settles once
    const subscription = store.subscribeToAll({
      after: this.checkpoint,
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
      onParked: (event: RecordedEvent, error: unknown, checkpoint: bigint) =>
        this.parkedOne(event, error, checkpoint),
    };
    if (processor.kind === 'postgres') {
      await processor.beforeBatch?.();
      if (!locks.holds(this.name)) throw lockLost(this.name);
      await applyPostgresBatch(db, processor, events, {
        ...common,
        onCommitted: ({ events: applied, checkpoint, result }) => {
          this.version = processor.version ?? this.version;
          this.committed(applied, checkpoint);
          this.hook(() => processor.afterCommit?.(result, applied));
        },
      });
    } else {
      await applyExternalBatch(db, processor, events, this.checkpoint, {
        ...common,
        onApplied: (applied, checkpoint) => this.committed(applied, checkpoint),
      });
    }
    const last = events.at(-1)!.position;
    if (last > this.scanned) this.scanned = last;
    this.deps.progressed();
  }

  private committed(events: readonly RecordedEvent[], checkpoint: bigint): void {
    this.moveCheckpoint(checkpoint);
    this.meter.add(events.length);
    this.lastRecordedAt = events.at(-1)?.metadata.recordedAt ?? this.lastRecordedAt;
    this.recovered();
    if (this.state === 'retrying') this.enter('catching-up');
  }

  private parkedOne(event: RecordedEvent, error: unknown, checkpoint: bigint): void {
    this.moveCheckpoint(checkpoint);
    this.parked++;
    this.parkings++;
    this.lastError = `parked ${event.type} ${event.id} at ${event.position}: ${describeError(error)}`;
    this.deps.onParked(event, error);
  }

  private moveCheckpoint(checkpoint: bigint): void {
    if (checkpoint > this.checkpoint) this.checkpoint = checkpoint;
    if (this.checkpoint > this.scanned) this.scanned = this.checkpoint;
    if (checkpointInPostgres(this.deps.processor)) this.deps.notifier.moved();
  }

  private onCaughtUp(position: bigint): void {
    const { processor } = this.deps;
    if (position > this.scanned) this.scanned = position;
    this.caughtUpAt = this.deps.settings.clock.now();
    this.recovered();
    this.enter('running');
    // Nothing of the processor's types lies between the checkpoint and `position`: storing it
    // lets other processes' `waitFor` pass positions of events it does not handle.
    if (processor.kind === 'postgres' && position > this.checkpoint) this.saveScanned(position);
    if (processor.kind === 'external' && processor.onCaughtUp)
      void Promise.resolve()
        .then(() => processor.onCaughtUp!(position))
        .catch((error: unknown) => this.finish?.(error));
    this.deps.progressed();
  }

  private recovered(): void {
    this.failures = 0;
  }

  /** Moves the stored checkpoint to a scanned position; coalesced, best effort. */
  private saveScanned(position: bigint): void {
    this.scannedToSave = position;
    if (this.savingScanned) return;
    this.savingScanned = true;
    void (async () => {
      while (this.scannedToSave !== null) {
        const target = this.scannedToSave;
        this.scannedToSave = null;
        if (target <= this.checkpoint || !this.deps.locks.holds(this.name)) continue;
        try {
          if (await advanceCheckpoint(this.deps.db, this.name, target)) this.moveCheckpoint(target);
        } catch {
          // The next batch or catch-up moves it; a failing database shows on the batches.
        }
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

  private enter(to: ProcessorState, error?: unknown): void {
    const from = this.state;
    if (error !== undefined) this.lastError = describeError(error);
    else if (from === 'retrying' && (to === 'catching-up' || to === 'running')) this.lastError = null;
    if (from === to) return;
    this.state = to;
    this.since = this.deps.settings.clock.now();
    this.deps.report({
      processor: this.name,
      from,
      to,
      at: this.since,
      ...(error === undefined ? {} : { error }),
    });
  }

  /** The lock connection was lost: stop applying now (the loop takes the lock again later). */
  lockLost(): void {
    if (!this.leading || this.stopped) return;
    this.enter('standby');
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
    if (this.leading) return;
    this.checkpoint = checkpoint;
    this.scanned = checkpoint;
  }

  /** Ends a backoff wait now (e.g. Redis is reachable again). */
  retryNow(): void {
    if (this.state === 'retrying') this.sleeper.wake();
  }

  /** This processor's health; `head` is the head position of `$all` last sampled. */
  status(head: bigint): ProcessorStatus {
    const { processor, settings } = this.deps;
    const behind = head > this.scanned;
    return {
      name: this.name,
      store: processor.store,
      version: this.version ?? processor.version ?? null,
      state: this.state,
      since: this.since,
      checkpoint: this.checkpoint,
      scanned: this.scanned,
      lagPositions: behind ? head - this.scanned : 0n,
      lagMs:
        behind && this.lastRecordedAt
          ? Math.max(0, settings.clock.now().getTime() - this.lastRecordedAt.getTime())
          : 0,
      eventsPerSecond: this.meter.perSecond(),
      parked: this.parked,
      lastError: this.lastError,
      caughtUpAt: this.caughtUpAt,
    };
  }

  /** Stops after the batch in progress; releases the lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.finish?.(null);
    this.sleeper.wake();
    await this.done;
  }
}
