import type pg from 'pg';

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
      try {
        const client = await this.pool.connect();
        client.on('notification', (message) => {
          if (this.ownBackends.has(message.processId)) return;
          const payload = message.payload ?? '';
          this.wakeLocal(payload === '' ? null : new Set(payload.split(',')));
        });
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
    this.wakeLocal(null); // subscribers re-read; they also poll while the listener reconnects
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
