import { fullJitterDelayMs } from '@orderflow/core';
import type pg from 'pg';

/** Bounds of the backoff between tries at LISTEN, ms. */
const LISTEN_RETRY_BASE_MS = 250;
const LISTEN_RETRY_MAX_MS = 5000;

/**
 * A subscriber's wake-up: called with the event types an append committed, or with null when
 * they are unknown (a lost LISTEN connection, a payload too long to name them all).
 */
export type Wake = (types: ReadonlySet<string> | null) => void;

/**
 * Wakes subscribers when events were appended: those in this process directly, with the event
 * types the append committed, and those in other processes through Postgres LISTEN/NOTIFY — the
 * append itself NOTIFYs at commit (see `append-function.ts`) with the types as payload — so that
 * a subscriber filtered on other types is not woken to read nothing: with a dozen processors,
 * most appends concern a few of them. A notification sent by one of this process' own appends
 * (its backend's pid, recorded by {@link appendedBy}) is ignored: its subscribers were woken
 * already.
 */
export class Waker {
  private readonly local = new Set<Wake>();
  /** Backend pids of this process' appending connections. */
  private readonly ownBackends = new Set<number>();
  private listener: pg.PoolClient | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;
  /** Failed tries at LISTEN since it last held (0: listening, or never tried). */
  private failures = 0;
  /** True once a LISTEN held: a later one follows a gap in which notifications were missed. */
  private listenedBefore = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly onListenError: (error: unknown) => void,
  ) {}

  /** Registers `wake`; returns a function that unregisters it. Starts LISTEN on first use. */
  subscribe(wake: Wake): () => void {
    this.local.add(wake);
    void this.listen();
    return () => this.local.delete(wake);
  }

  /** Records that the backend `pid` appends for this process (its notifications are its own). */
  appendedBy(pid: number | null | undefined): void {
    if (typeof pid === 'number') this.ownBackends.add(pid);
  }

  /** Called after an append of this process committed events of `types`. */
  appended(types: ReadonlySet<string>): void {
    this.wakeLocal(types);
  }

  private wakeLocal(types: ReadonlySet<string> | null): void {
    if (types !== null && types.size === 0) return;
    for (const wake of this.local) wake(types);
  }

  private listen(): Promise<void> {
    if (this.listening || this.closed) return this.listening ?? Promise.resolve();
    this.listening = (async () => {
      let client: pg.PoolClient | null = null;
      try {
        client = await this.pool.connect();
        const connected = client;
        connected.on('notification', (message) => {
          if (this.ownBackends.has(message.processId)) return;
          const payload = message.payload ?? '';
          this.wakeLocal(payload === '' ? null : new Set(payload.split(',')));
        });
        connected.on('error', (error) => this.lost(connected, error));
        await connected.query(`LISTEN "${this.channel}"`);
        this.listener = connected;
        this.failures = 0;
        // Appends of other processes while no LISTEN held went unnoticed: subscribers re-read.
        if (this.listenedBefore) this.wakeLocal(null);
        this.listenedBefore = true;
        if (this.closed) await this.close();
      } catch (error) {
        if (client && this.listener !== client) client.release(error instanceof Error ? error : true);
        if (this.listener === null) {
          this.listening = null;
          this.retryLater(error);
        }
      }
    })();
    return this.listening;
  }

  private lost(client: pg.PoolClient, error: unknown): void {
    if (this.listener !== client) return; // a try that failed: its catch retries
    client.release(error instanceof Error ? error : true);
    this.listener = null;
    this.listening = null;
    this.wakeLocal(null); // subscribers re-read; they also poll while the listener reconnects
    this.retryLater(error);
  }

  /**
   * Reports the first failure of an outage (not every try) and listens again after a capped
   * exponential backoff with full jitter.
   */
  private retryLater(error: unknown): void {
    if (this.failures++ === 0) this.onListenError(error);
    if (this.closed) return;
    setTimeout(
      () => void this.listen(),
      fullJitterDelayMs(this.failures, {
        baseDelayMs: LISTEN_RETRY_BASE_MS,
        maxDelayMs: LISTEN_RETRY_MAX_MS,
      }),
    ).unref();
  }

  /** Stops listening and releases the connection. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.listener;
    this.listener = null;
    if (client) {
      await client.query(`UNLISTEN "${this.channel}"`).catch(() => undefined);
      client.release();
    }
  }
}
