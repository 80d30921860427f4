import type pg from 'pg';

/**
 * Wakes subscribers when events were appended: those in this process directly, those in other
 * processes through Postgres LISTEN/NOTIFY. NOTIFY is sent after the append's commit, outside
 * it, and coalesced (at most one in flight, one queued) so that it never serializes appends on
 * Postgres' global notification-queue lock.
 */
export class Waker {
  private readonly local = new Set<() => void>();
  private notifyInFlight = false;
  private notifyQueued = false;
  private listener: pg.PoolClient | null = null;
  private listening: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly onListenError: (error: unknown) => void,
  ) {}

  /** Registers `wake`; returns a function that unregisters it. Starts LISTEN on first use. */
  subscribe(wake: () => void): () => void {
    this.local.add(wake);
    void this.listen();
    return () => this.local.delete(wake);
  }

  /** Called after an append committed. */
  appended(): void {
    this.wakeLocal();
    if (this.closed) return;
    if (this.notifyInFlight) {
      this.notifyQueued = true;
      return;
    }
    this.notifyInFlight = true;
    this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .catch(() => undefined)
      .finally(() => {
        this.notifyInFlight = false;
        if (this.notifyQueued && !this.closed) {
          this.notifyQueued = false;
          this.appended();
        }
      });
  }

  private wakeLocal(): void {
    for (const wake of this.local) wake();
  }

  private listen(): Promise<void> {
    if (this.listening || this.closed) return this.listening ?? Promise.resolve();
    this.listening = (async () => {
      try {
        const client = await this.pool.connect();
        client.on('notification', () => this.wakeLocal());
        client.on('error', (error) => this.lost(client, error));
        await client.query(`LISTEN "${this.channel}"`);
        this.listener = client;
        if (this.closed) await this.close();
      } catch (error) {
        this.onListenError(error);
        this.listening = null;
        if (!this.closed) setTimeout(() => void this.listen(), 1000).unref();
      }
    })();
    return this.listening;
  }

  private lost(client: pg.PoolClient, error: unknown): void {
    this.onListenError(error);
    client.release(error instanceof Error ? error : true);
    this.listener = null;
    this.listening = null;
    this.wakeLocal(); // subscribers re-read; they also poll while the listener reconnects
    if (!this.closed) setTimeout(() => void this.listen(), 500).unref();
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
