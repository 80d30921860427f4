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
  private inFlight = false;
  private queued = false;
  private closed = false;

  constructor(private readonly db: Knex) {}

  /** Called after a checkpoint moved. */
  moved(): void {
    if (this.closed) return;
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = true;
    this.db
      .raw('SELECT pg_notify(?, ?)', [CHECKPOINTS_CHANNEL, ''])
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.queued) {
          this.queued = false;
          this.moved();
        }
      });
  }

  /** Sends nothing more. */
  close(): void {
    this.closed = true;
  }
}
