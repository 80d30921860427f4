import type { Knex } from 'knex';
import { CHECKPOINTS_CHANNEL } from './tables.ts';

/**
 * Tells other processes that checkpoints moved: `pg_notify` on {@link CHECKPOINTS_CHANNEL},
 * sent after the batch committed, outside its transaction (a NOTIFY inside would take
 * Postgres' global notification-queue lock at every commit and serialize them), and coalesced —
 * at most one in flight and one queued — so a burst of batches costs a few notifications.
 * Failures are ignored: watchers poll as well.
 */
export class CheckpointNotifier {
  /** The notification in flight, if any; the next one is chained behind it. */
  private last: Promise<unknown> = Promise.resolve();
  /** True while a notification waits behind the one in flight (more moves then join it). */
  private queued = false;
  private closed = false;

  constructor(private readonly db: Knex) {}

  /** Called after a checkpoint moved. */
  moved(): void {
    if (this.closed || this.queued) return;
    this.queued = true;
    this.last = this.last
      .then(() => {
        this.queued = false;
        return this.closed ? undefined : this.db.raw('SELECT pg_notify(?, ?)', [CHECKPOINTS_CHANNEL, '']);
      })
      .catch(() => undefined);
  }

  /** Sends nothing more. */
  close(): void {
    this.closed = true;
  }
}
