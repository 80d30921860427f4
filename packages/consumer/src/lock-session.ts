import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type pg from 'pg';

/**
 * The advisory-lock key of `name`: the first 64 bits of MD5("orderflow:processor:<name>") as a
 * signed bigint — the derivation Emmett's `tryAcquireProcessorLock` uses in SQL
 * (`('x' || substr(md5(key), 1, 16))::bit(64)::bigint`), here computed in the process.
 */
export function processorLockKey(name: string): bigint {
  const hex = createHash('md5').update(`orderflow:processor:${name}`).digest('hex').slice(0, 16);
  return BigInt.asIntN(64, BigInt(`0x${hex}`));
}

/** Told which processors' locks were lost with the connection, and why. */
export type LockLossListener = (processors: readonly string[], error: unknown) => void;

/**
 * The advisory locks of one consumer, held on one dedicated session connection outside the
 * knex pool (`acquireRawConnection`): `pg_try_advisory_lock` per processor, so one process at
 * a time applies a processor; the others stand by and try again. Session locks live as long as
 * the connection (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS):
 * when the process dies the server releases them and another process takes over; when this
 * process loses the connection (error, end, a heartbeat `SELECT 1` that fails or is still
 * pending at the next beat) every lock counts as lost at once and the listeners are told, so
 * the processors stop applying until they hold their lock again.
 */
export class LockSession {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private readonly held = new Set<string>();
  private readonly listeners = new Set<LockLossListener>();
  private readonly heartbeat: NodeJS.Timeout;
  private beating = false;
  private closed = false;
  /** Queries on the connection run one after another (node-postgres would queue them, with a warning). */
  private queue: Promise<unknown> = Promise.resolve();

  /** `heartbeatMs`: how often the connection is checked while it holds locks. Default 1000. */
  constructor(
    private readonly db: Knex,
    heartbeatMs = 1000,
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  /** True while this session holds `processor`'s lock. */
  holds(processor: string): boolean {
    return this.held.has(processor);
  }

  /** Registers a listener for lost locks; returns its unregistration. */
  onLost(listener: LockLossListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Takes `processor`'s lock if no other session holds it (connecting first when needed).
   * @returns whether this session holds it now.
   * @throws the connection's error when Postgres cannot be reached.
   */
  async tryAcquire(processor: string): Promise<boolean> {
    if (this.held.has(processor)) return true;
    const client = await this.connect();
    const { rows } = await this.run(client, 'SELECT pg_try_advisory_lock($1::bigint) AS locked', [
      processorLockKey(processor).toString(),
    ]);
    if (rows[0]?.locked && this.client === client) this.held.add(processor);
    return this.held.has(processor);
  }

  /** Gives `processor`'s lock back (best effort: a lost connection has released it already). */
  async release(processor: string): Promise<void> {
    if (!this.held.delete(processor) || !this.client) return;
    await this.run(this.client, 'SELECT pg_advisory_unlock($1::bigint)', [
      processorLockKey(processor).toString(),
    ]).catch(() => undefined);
  }

  /** Releases every lock and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.held.clear();
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
    this.client = null;
    if (client) {
      await this.run(client, 'SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await this.db.client.destroyRawConnection(client).catch(() => undefined);
    }
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      if (this.closed) throw new Error('the lock session is closed');
      const client = (await this.db.client.acquireRawConnection()) as pg.Client;
      client.on('error', (error) => this.lost(client, error));
      client.on('end', () => this.lost(client, new Error('the lock connection ended')));
      try {
        await client.query(`SET application_name = 'orderflow-processor-locks'`);
        if (this.closed) throw new Error('the lock session is closed');
      } catch (error) {
        await this.db.client.destroyRawConnection(client).catch(() => undefined);
        throw error;
      }
      this.client = client;
      return client;
    })().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private beat(): void {
    const client = this.client;
    if (!client || this.held.size === 0) return;
    if (this.beating) return this.lost(client, new Error('the lock connection stopped answering'));
    this.beating = true;
    this.run(client, 'SELECT 1')
      .then(
        () => undefined,
        (error: unknown) => this.lost(client, error),
      )
      .finally(() => (this.beating = false));
  }

  private run(client: pg.Client, sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
    const result = this.queue.then(() => client.query(sql, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.beating = false;
    const lost = [...this.held];
    this.held.clear();
    void this.db.client.destroyRawConnection(client).catch(() => undefined);
    if (lost.length > 0) for (const listener of this.listeners) listener(lost, error);
  }
}
