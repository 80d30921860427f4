import type { Knex } from 'knex';
import { CHECKPOINTS_CHANNEL } from './tables.ts';

/**
 * Tells other processes that checkpoints moved: `pg_notify` on {@link CHECKPOINTS_CHANNEL},
 * sent after the batch committed, outside its transaction (a NOTIFY inside would take
 * Postgres' global notification-queue lock at every commit and serialize them), and coalesced —
 * at most one in flight and one queued, at least `minGapMs` apart — so a burst of batches costs
 * a few notifications.
 * Failures are ignored: watchers poll as well.
 */
export class CheckpointNotifier {
  /** The notification in flight, if any; the next one is chained behind it. */
  private last: Promise<unknown> = Promise.resolve();
  /** True while a notification waits behind the one in flight (more moves then join it). */
  private queued = false;
  private closed = false;
  private sentAt = 0;

  /**
   * @param minGapMs least time between two notifications, ms (default 10): a processor under
   *   load moves its checkpoint at every batch, and each NOTIFY is a round trip for this
   *   process and a wake-up of every watcher; waiters across processes wait at most this
   *   much longer.
   */
  constructor(
    private readonly db: Knex,
    private readonly minGapMs = 10,
  ) {}

  /** Called after a checkpoint moved. */
  moved(): void {
    if (this.closed || this.queued) return;
    this.queued = true;
    this.last = this.last
      .then(async () => {
        const wait = this.sentAt + this.minGapMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
        this.queued = false;
        this.sentAt = Date.now();
        return this.closed ? undefined : this.db.raw('SELECT pg_notify(?, ?)', [CHECKPOINTS_CHANNEL, '']);
      })
      .catch(() => undefined);
  }

  /** Sends nothing more. */
  close(): void {
    this.closed = true;
  }
}
