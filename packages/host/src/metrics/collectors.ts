import type { ProcessorStatus } from '@orderflow/consumer';
import { SAGA_INSTANCES } from '@orderflow/sagas';
import type { Knex } from 'knex';
import type pg from 'pg';
import { Counter, Gauge } from 'prom-client';
import { METRIC_PREFIX, type Metrics } from './metrics.ts';

const registersOf = (metrics: Metrics) => [metrics.registry];

/**
 * Per-processor gauges and counters of the consumer runtime, read at scrape time from
 * `statuses` (the in-memory statuses of the processors this process runs): checkpoint position,
 * lag in events (`$all` positions behind the head) and seconds, events applied, parked events
 * and the state. Labelled by processor name only (a fixed set per deployment).
 */
export function collectProcessors(
  metrics: Metrics,
  statuses: () => Promise<readonly ProcessorStatus[]>,
): void {
  const registers = registersOf(metrics);
  const labelNames = ['processor'] as const;
  let last: Promise<readonly ProcessorStatus[]> | null = null;
  // One read of the statuses per scrape, shared by every metric below.
  const read = () => (last ??= statuses().finally(() => setImmediate(() => (last = null))));
  const gauge = (name: string, help: string, value: (s: ProcessorStatus) => number) =>
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const s of await read()) this.set({ processor: s.name }, value(s));
      },
    });
  gauge('processor_checkpoint_position', 'Position of $all of the processor checkpoint', (s) =>
    Number(s.checkpoint),
  );
  gauge(
    'processor_lag_events',
    'Positions of $all the processor is behind the head (0 when caught up)',
    (s) => Number(s.lagPositions),
  );
  gauge(
    'processor_lag_seconds',
    'Age of the last applied event while behind the head, seconds',
    (s) => s.lagMs / 1000,
  );
  gauge('processor_parked_events', 'Events parked after the handler kept failing on them', (s) => s.parked);
  new Gauge({
    name: `${METRIC_PREFIX}processor_state`,
    help: 'State of each processor in this process (1 for its current state)',
    labelNames: ['processor', 'state'],
    registers,
    async collect() {
      this.reset();
      for (const s of await read()) this.set({ processor: s.name, state: s.state }, 1);
    },
  });
  new Counter({
    name: `${METRIC_PREFIX}processor_events_applied_total`,
    help: 'Events this process applied, per processor',
    labelNames,
    registers,
    async collect() {
      this.reset();
      for (const s of await read()) this.inc({ processor: s.name }, s.eventsApplied);
    },
  });
}

/** A connection pool as the pool gauges see it. */
export interface PoolSample {
  readonly inUse: number;
  readonly idle: number;
  readonly waiting: number;
}

/** Samples a node-postgres pool. */
export const pgPoolSample = (pool: pg.Pool): PoolSample => ({
  inUse: pool.totalCount - pool.idleCount,
  idle: pool.idleCount,
  waiting: pool.waitingCount,
});

/** Samples a knex pool (tarn). */
export const knexPoolSample = (knex: Knex): PoolSample => {
  const pool = knex.client.pool as
    { numUsed(): number; numFree(): number; numPendingAcquires(): number } | undefined;
  return pool
    ? { inUse: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires() }
    : { inUse: 0, idle: 0, waiting: 0 };
};

/**
 * `orderflow_pg_pool_connections{pool,state}` (state in_use or idle) and
 * `orderflow_pg_pool_waiting_clients{pool}`, sampled at scrape time from `pools` (name → sample).
 */
export function collectPools(metrics: Metrics, pools: () => ReadonlyMap<string, PoolSample>): void {
  const registers = registersOf(metrics);
  new Gauge({
    name: `${METRIC_PREFIX}pg_pool_connections`,
    help: 'Postgres connections of each pool of this process, by state (in_use, idle)',
    labelNames: ['pool', 'state'],
    registers,
    collect() {
      this.reset();
      for (const [pool, s] of pools()) {
        this.set({ pool, state: 'in_use' }, s.inUse);
        this.set({ pool, state: 'idle' }, s.idle);
      }
    },
  });
  new Gauge({
    name: `${METRIC_PREFIX}pg_pool_waiting_clients`,
    help: 'Callers waiting for a Postgres connection, per pool',
    labelNames: ['pool'],
    registers,
    collect() {
      this.reset();
      for (const [pool, s] of pools()) this.set({ pool }, s.waiting);
    },
  });
}

/**
 * `orderflow_sagas{saga,status}`: saga instances by status, one `GROUP BY` on `saga_instances`
 * per scrape (in the process running the saga worker). A failed read leaves the gauge empty.
 */
export function collectSagas(metrics: Metrics, db: Knex): void {
  new Gauge({
    name: `${METRIC_PREFIX}sagas`,
    help: 'Saga instances by process manager and status',
    labelNames: ['saga', 'status'],
    registers: registersOf(metrics),
    async collect() {
      this.reset();
      const rows = (await db(SAGA_INSTANCES)
        .select('saga', 'status')
        .count({ n: '*' })
        .groupBy('saga', 'status')
        .catch(() => [])) as Array<{ saga: string; status: string; n: string | number }>;
      for (const row of rows) this.set({ saga: row.saga, status: row.status }, Number(row.n));
    },
  });
}

/** One consumer group's lag on one topic, summed over its partitions. */
export interface ConsumerLagSample {
  readonly group: string;
  readonly topic: string;
  readonly lag: number;
}

/**
 * `orderflow_kafka_consumer_lag_messages{group, topic}`: messages the consumer groups of this
 * process have not committed yet (high watermark − committed offset, summed over partitions),
 * read from the brokers at scrape time by `read` — the signal the plan autoscales on.
 * Nothing is reported while the brokers do not answer (the read gives up after its timeout).
 */
export function collectConsumerLag(
  metrics: Metrics,
  read: () => Promise<readonly ConsumerLagSample[]>,
): void {
  new Gauge({
    name: `${METRIC_PREFIX}kafka_consumer_lag_messages`,
    help: 'Messages a Kafka consumer group of this process has not committed yet, per topic',
    labelNames: ['group', 'topic'],
    registers: registersOf(metrics),
    async collect() {
      this.reset();
      for (const s of await read()) this.set({ group: s.group, topic: s.topic }, s.lag);
    },
  });
}
