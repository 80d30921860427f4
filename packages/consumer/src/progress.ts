import type { Clock, RecordedEvent } from '@orderflow/core';
import { describeError } from './errors.ts';
import type { Processor, StoredCheckpoint } from './processor.ts';
import { RateMeter } from './rate-meter.ts';
import type { ProcessorState, ProcessorStatus, StateChange } from './status.ts';

/**
 * What one processor has done and where it stands, kept in memory by its runner: the state
 * machine (each change reported once), the checkpoint and scanned position, throughput, parked
 * events and the last error — everything its {@link ProcessorStatus} shows.
 */
export class ProcessorProgress {
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
  /** Events applied since this runner started (for the `events applied` counter). */
  eventsApplied = 0;
  private readonly meter: RateMeter;

  constructor(
    private readonly processor: Processor,
    private readonly clock: Clock,
    private readonly report: (change: StateChange) => void,
  ) {
    this.since = clock.now();
    this.meter = new RateMeter(10_000, () => clock.now().getTime());
  }

  /**
   * Enters `to` (reporting the change once; nothing when already there). An `error` becomes the
   * last error; leaving `retrying` for progress clears it.
   */
  enter(to: ProcessorState, error?: unknown): void {
    const from = this.state;
    if (error !== undefined) this.lastError = describeError(error);
    else if (from === 'retrying' && (to === 'catching-up' || to === 'running')) this.lastError = null;
    if (from === to) return;
    this.state = to;
    this.since = this.clock.now();
    this.report({
      processor: this.processor.name,
      from,
      to,
      at: this.since,
      ...(error === undefined ? {} : { error }),
    });
  }

  /** The checkpoint read when the subscription (re)starts. */
  loaded(stored: StoredCheckpoint): void {
    this.checkpoint = stored.position;
    this.scanned = stored.position;
    this.version = stored.version ?? this.processor.version ?? null;
    if (stored.recordedAt) this.lastRecordedAt = stored.recordedAt;
  }

  /** The checkpoint moved forward (never back). */
  moved(checkpoint: bigint): void {
    if (checkpoint > this.checkpoint) this.checkpoint = checkpoint;
    if (this.checkpoint > this.scanned) this.scanned = this.checkpoint;
  }

  /** `events` were applied and the checkpoint stored at `checkpoint`. */
  applied(events: readonly RecordedEvent[], checkpoint: bigint): void {
    this.moved(checkpoint);
    this.meter.add(events.length);
    this.eventsApplied += events.length;
    this.lastRecordedAt = events.at(-1)?.metadata.recordedAt ?? this.lastRecordedAt;
    if (this.processor.kind === 'postgres') this.version = this.processor.version ?? this.version;
    if (this.state === 'retrying') this.enter('catching-up');
  }

  /** `event` was parked and the checkpoint moved past it. */
  parkedOne(event: RecordedEvent, error: unknown, checkpoint: bigint): void {
    this.moved(checkpoint);
    this.parked++;
    this.parkings++;
    this.lastError = `parked ${event.type} ${event.id} at ${event.position}: ${describeError(error)}`;
  }

  /** The subscription delivered everything up to `position`. */
  caughtUp(position: bigint): void {
    if (position > this.scanned) this.scanned = position;
    this.caughtUpAt = this.clock.now();
    this.enter('running');
  }

  /** The subscription delivered a batch ending at `position`. */
  delivered(position: bigint): void {
    if (position > this.scanned) this.scanned = position;
  }

  /** What the process holding the lock stored (a standby's view of the processor). */
  observed(checkpoint: bigint): void {
    this.checkpoint = checkpoint;
    this.scanned = checkpoint;
  }

  /** The processor's health; `head` is the head position of `$all` last sampled. */
  status(head: bigint): ProcessorStatus {
    const behind = head > this.scanned;
    return {
      name: this.processor.name,
      store: this.processor.store,
      version: this.version ?? this.processor.version ?? null,
      state: this.state,
      since: this.since,
      checkpoint: this.checkpoint,
      scanned: this.scanned,
      lagPositions: behind ? head - this.scanned : 0n,
      lagMs:
        behind && this.lastRecordedAt
          ? Math.max(0, this.clock.now().getTime() - this.lastRecordedAt.getTime())
          : 0,
      eventsPerSecond: this.meter.perSecond(),
      eventsApplied: this.eventsApplied,
      parked: this.parked,
      lastError: this.lastError,
      caughtUpAt: this.caughtUpAt,
    };
  }
}
