import type { Knex } from 'knex';
import type pg from 'pg';
import { readCheckpoints } from './checkpoints.ts';
import { CHECKPOINTS_CHANNEL } from './tables.ts';

/** Options of {@link watchCheckpoints}. */
export interface CheckpointWatcherOptions {
  /** How often checkpoints are read while someone waits, in case a notification is lost, ms. Default 500. */
  readonly pollIntervalMs?: number;
}

/** Waits on `processor_checkpoints`, whichever process moves them. */
export interface CheckpointWatcher {
  /**
   * Resolves true once the stored checkpoint of `processor` — or of every watched processor —
   * is at least `position`, false after `timeoutMs` (default 5000).
   */
  waitFor(position: bigint, timeoutMs?: number, processor?: string): Promise<boolean>;
  /** Ends the waits (false) and closes the LISTEN connection. */
  close(): Promise<void>;
}

interface Waiter {
  readonly position: bigint;
  readonly names: readonly string[];
  done(reached: boolean): void;
}

/**
 * Read-your-writes across processes: an API process that applies no projection waits for the
 * process that does, on the checkpoints it stores. Checks are woken by LISTEN on
 * {@link CHECKPOINTS_CHANNEL} (which the runtime notifies after moving checkpoints), on a
 * dedicated connection outside the knex pool, and by a poll every `pollIntervalMs` while anyone
 * waits (a notification is lost while the listener reconnects). One check reads every awaited
 * checkpoint in one query; checks are coalesced (one in flight, one queued).
 */
export function watchCheckpoints(
  db: Knex,
  processors: readonly string[],
  options: CheckpointWatcherOptions = {},
): CheckpointWatcher {
  const waiters = new Set<Waiter>();
  let listener: pg.Client | null = null;
  let listening: Promise<void> | null = null;
  let poll: NodeJS.Timeout | null = null;
  let checking = false;
  let recheck = false;
  let closed = false;

  const check = (): void => {
    if (checking) {
      recheck = true;
      return;
    }
    if (waiters.size === 0) return;
    checking = true;
    const names = [...new Set([...waiters].flatMap((w) => w.names))];
    readCheckpoints(db, names)
      .then((positions) => {
        for (const w of waiters)
          if (w.names.every((n) => (positions.get(n) ?? 0n) >= w.position)) w.done(true);
      })
      .catch(() => undefined) // the next notification or poll tries again
      .finally(() => {
        checking = false;
        if (recheck) {
          recheck = false;
          check();
        }
      });
  };

  const listen = (): void => {
    if (listener || listening || closed) return;
    listening = (async () => {
      const client = (await db.client.acquireRawConnection()) as pg.Client;
      const drop = () => {
        if (listener !== client) return;
        listener = null;
        void db.client.destroyRawConnection(client).catch(() => undefined);
      };
      client.on('error', drop);
      client.on('end', drop);
      client.on('notification', check);
      await client.query(`LISTEN "${CHECKPOINTS_CHANNEL}"`);
      listener = client;
      if (closed) drop();
    })()
      .catch(() => undefined) // polling covers for it; the next wait listens again
      .finally(() => (listening = null));
  };

  return {
    waitFor(position, timeoutMs = 5000, processor) {
      const names = processor ? [processor] : processors;
      if (names.length === 0 || closed) return Promise.resolve(names.length === 0);
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => waiter.done(false), Math.max(0, timeoutMs));
        const waiter: Waiter = {
          position,
          names,
          done(reached) {
            clearTimeout(timer);
            if (!waiters.delete(waiter)) return;
            if (waiters.size === 0 && poll) {
              clearInterval(poll);
              poll = null;
            }
            resolve(reached);
          },
        };
        waiters.add(waiter);
        listen();
        poll ??= setInterval(check, options.pollIntervalMs ?? 500);
        check();
      });
    },
    async close() {
      closed = true;
      for (const w of [...waiters]) w.done(false);
      await listening;
      const client = listener;
      listener = null;
      if (client) await db.client.destroyRawConnection(client).catch(() => undefined);
    },
  };
}
