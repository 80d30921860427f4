import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prefix of every metric name (Node's default metrics too). */
export const METRIC_PREFIX = 'orderflow_';

/** Buckets of request, command and append durations, seconds: 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The metrics of one process: a prom-client {@link Registry} (no global one, so two hosts in one
 * test process do not share counters) and the instruments the hot paths update. Values that
 * already live in memory or in Postgres (processor lag, pools, sagas by status) are read at scrape
 * time by collectors (see `collectors.ts`), so they cost nothing between scrapes.
 */
export interface Metrics {
  readonly registry: Registry;
  /** `orderflow_graphql_operations_total{operation,type,code}`: GraphQL operations by root field(s) and outcome. */
  readonly graphqlOperations: Counter<'operation' | 'type' | 'code'>;
  /** `orderflow_graphql_operation_duration_seconds{operation,code}`. */
  readonly graphqlDuration: Histogram<'operation' | 'code'>;
  /** `orderflow_commands_total{type,code}`: commands handled, `code` OK or the error catalog's code. */
  readonly commands: Counter<'type' | 'code'>;
  /** `orderflow_command_duration_seconds{type}`: load → decide → append, with retries. */
  readonly commandDuration: Histogram<'type'>;
  /** `orderflow_appends_total{code}`: stream appends, OK or the error's code. */
  readonly appends: Counter<'code'>;
  /** `orderflow_append_events`: events per append (batch size). */
  readonly appendEvents: Histogram;
  /** `orderflow_append_duration_seconds`. */
  readonly appendDuration: Histogram;
  /** `orderflow_append_conflicts_total`: appends refused for a wrong expected revision. */
  readonly appendConflicts: Counter;
  /** `orderflow_orders_placed_total`: orders placed (OrderCreated applied by the order-details projector of this process). */
  readonly ordersPlaced: Counter;
  /** `orderflow_orders_confirmed_total`. */
  readonly ordersConfirmed: Counter;
  /** `orderflow_orders_cancelled_total{reason}` (the domain's cancellation reasons). */
  readonly ordersCancelled: Counter<'reason'>;
  /** `orderflow_saga_commands_total{command,code}`: commands a process manager sent. */
  readonly sagaCommands: Counter<'command' | 'code'>;
  /** `orderflow_saga_command_duration_seconds{command}`. */
  readonly sagaCommandDuration: Histogram<'command'>;
  /** `orderflow_webhook_attempts_total{result}`: webhook POSTs, `delivered`, `retrying` or `failed` (out of attempts). */
  readonly webhookAttempts: Counter<'result'>;
  /** `orderflow_webhook_attempt_duration_seconds{result}`: from the POST to the answer (or the error). */
  readonly webhookAttemptDuration: Histogram<'result'>;
}

/**
 * A fresh registry with Node's default metrics (`orderflow_process_*`, `orderflow_nodejs_*`) and
 * the hot-path instruments. Label values come from small fixed sets (schema fields, command types,
 * error codes, cancellation reasons), never ids.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  const registers = [registry];
  const name = (n: string) => `${METRIC_PREFIX}${n}`;
  return {
    registry,
    graphqlOperations: new Counter({
      name: name('graphql_operations_total'),
      help: 'GraphQL operations executed, by root field(s), operation type and outcome code (OK or extensions.code)',
      labelNames: ['operation', 'type', 'code'],
      registers,
    }),
    graphqlDuration: new Histogram({
      name: name('graphql_operation_duration_seconds'),
      help: 'Duration of GraphQL operations from execution start to result, seconds',
      labelNames: ['operation', 'code'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    commands: new Counter({
      name: name('commands_total'),
      help: 'Commands handled, by command type and result code (OK or the error code)',
      labelNames: ['type', 'code'],
      registers,
    }),
    commandDuration: new Histogram({
      name: name('command_duration_seconds'),
      help: 'Duration of command handling (load, decide, append, retries), seconds',
      labelNames: ['type'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    appends: new Counter({
      name: name('appends_total'),
      help: 'Stream appends, by result code (OK or the error code)',
      labelNames: ['code'],
      registers,
    }),
    appendEvents: new Histogram({
      name: name('append_events'),
      help: 'Events per stream append',
      buckets: [1, 2, 3, 5, 10, 20, 50, 100, 500],
      registers,
    }),
    appendDuration: new Histogram({
      name: name('append_duration_seconds'),
      help: 'Duration of stream appends, seconds',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    appendConflicts: new Counter({
      name: name('append_conflicts_total'),
      help: 'Appends refused because the stream was not at the expected revision',
      registers,
    }),
    ordersPlaced: new Counter({
      name: name('orders_placed_total'),
      help: 'Orders placed (OrderCreated applied by the order-details projector in this process)',
      registers,
    }),
    ordersConfirmed: new Counter({
      name: name('orders_confirmed_total'),
      help: 'Orders confirmed (OrderConfirmed applied by the order-details projector in this process)',
      registers,
    }),
    ordersCancelled: new Counter({
      name: name('orders_cancelled_total'),
      help: 'Orders cancelled (OrderCancelled applied by the order-details projector in this process), by reason',
      labelNames: ['reason'],
      registers,
    }),
    sagaCommands: new Counter({
      name: name('saga_commands_total'),
      help: 'Commands sent by process managers, by command type and result code',
      labelNames: ['command', 'code'],
      registers,
    }),
    sagaCommandDuration: new Histogram({
      name: name('saga_command_duration_seconds'),
      help: 'Duration of a process-manager command, seconds',
      labelNames: ['command'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    webhookAttempts: new Counter({
      name: name('webhook_attempts_total'),
      help: 'Webhook delivery attempts, by result: delivered (2xx), retrying (will be tried again) or failed (out of attempts)',
      labelNames: ['result'],
      registers,
    }),
    webhookAttemptDuration: new Histogram({
      name: name('webhook_attempt_duration_seconds'),
      help: 'Duration of a webhook delivery attempt, from the POST to the answer or the error, seconds',
      labelNames: ['result'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
  };
}

/** The `code` label of an outcome: OK, the error's catalog `code`, else ERROR (never a message). */
export function outcomeCode(error: unknown): string {
  if (error === undefined || error === null) return 'OK';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,60}$/.test(code) ? code : 'ERROR';
}
