/**
 * The GraphQL operations of the dashboard and the shapes they return (the saga schema in
 * packages/api/src/graphql/saga-schema.ts; order in schema.ts). Times are ISO-8601 strings.
 */

import type * as Schema from './schema.generated.ts';

/** Every saga status, in the order the dashboard lists them. */
export const SAGA_STATUSES = [
  'RUNNING',
  'COMPENSATING',
  'PARKED',
  'COMPLETED',
  'COMPENSATED',
  'ABORTED',
] as const satisfies readonly Schema.SagaStatus[];
/** A saga status (the schema's `SagaStatus`). */
export type SagaStatus = Schema.SagaStatus;
// Fails to compile when the schema gains a status the list above lacks.
const _everyStatus: readonly (typeof SAGA_STATUSES)[number][] = [] as Schema.SagaStatus[];

/** A saga as the list shows it (the fields of {@link ROW}). */
export type SagaRow = Pick<
  Schema.Saga,
  'id' | 'type' | 'instanceId' | 'status' | 'error' | 'createdAt' | 'updatedAt' | 'endedAt' | 'orderId'
>;

/** A saga as the list shows it: its row plus the overview derived from its state. */
export type SagaListRow = SagaRow &
  Pick<Schema.Saga, 'customerId' | 'total' | 'currency' | 'outcome' | 'currentStep'>;

/** One page of `sagas`. */
export type SagaPage = Pick<Schema.SagaConnection, 'totalCount' | 'pageInfo'> & {
  readonly edges: ReadonlyArray<Pick<Schema.SagaEdge, 'cursor'> & { readonly node: SagaListRow }>;
};

/** What `sagaStats` returns. */
export type SagaStats = Schema.SagaStats;

/** One bucket of `sagaThroughput`. */
export type SagaBucket = Schema.SagaBucket;

/** The step kinds of the saga runtime's step log (the schema types `kind` as a String). */
export type StepKind =
  'event' | 'decision' | 'command' | 'timer-set' | 'timer-fired' | 'timer-cancelled' | 'operator' | 'error';

/** One step of a saga's log; `detail` is the JSON the runtime wrote for its kind. */
export type SagaStep = Omit<Schema.SagaStep, 'kind' | 'detail'> & {
  readonly kind: StepKind;
  readonly detail: Record<string, unknown>;
};

/** One command of a saga's outbox. */
export type SagaCommand = Schema.SagaCommand;

/** One timer of a saga. */
export type SagaTimer = Schema.SagaTimer;

/** A saga as the detail page shows it. */
export type SagaDetail = SagaRow &
  Pick<Schema.Saga, 'failedCommandId' | 'position' | 'state' | 'commands' | 'timers'> & {
    readonly steps: Pick<Schema.SagaStepConnection, 'totalCount'> & {
      readonly edges: ReadonlyArray<{ readonly node: SagaStep }>;
      readonly pageInfo: Pick<Schema.PageInfo, 'hasNextPage'>;
    };
  };

/** An order as the order page shows it (the fields of {@link ORDER}). */
export type Order = Omit<Schema.Order, 'position' | 'lines'> & {
  readonly lines: ReadonlyArray<Schema.OrderLine>;
};

const ROW = `id type instanceId status error createdAt updatedAt endedAt orderId`;

export const SAGAS = /* GraphQL */ `
  query Sagas(
    $status: SagaStatus
    $type: String
    $stuck: Int
    $minAge: Int
    $maxAge: Int
    $search: String
    $orderBy: SagaOrderBy
    $direction: SortDirection
    $first: Int
    $after: String
  ) {
    sagas(
      search: $search
      orderBy: $orderBy
      direction: $direction
      status: $status
      type: $type
      stuckForSeconds: $stuck
      minAgeSeconds: $minAge
      maxAgeSeconds: $maxAge
      first: $first
      after: $after
    ) {
      totalCount
      edges { cursor node { ${ROW} customerId total currency outcome currentStep } }
      pageInfo { hasNextPage endCursor }
    }
  }`;

export const STATS = /* GraphQL */ `
  query Stats($type: String) {
    sagaStats(type: $type) {
      total
      byStatus {
        status
        count
      }
      durationsMs {
        count
        p50
        p95
        p99
        max
      }
      oldestOpenUpdatedAt
    }
  }
`;

export const THROUGHPUT = /* GraphQL */ `
  query Throughput($type: String, $bucketSeconds: Int, $buckets: Int) {
    sagaThroughput(type: $type, bucketSeconds: $bucketSeconds, buckets: $buckets) {
      start
      started
      completed
      compensated
      aborted
      p50DurationMs
      p95DurationMs
    }
  }
`;

/** The step log is capped at 500 steps per page by the API. */
export const STEPS_PAGE = 500;

export const SAGA = /* GraphQL */ `
  query Saga($id: ID!) {
    saga(id: $id) {
      ${ROW} failedCommandId position state
      commands { commandId type data status attempts lastError createdAt updatedAt }
      timers { name dueAt input firedAt cancelledAt }
      steps(first: ${STEPS_PAGE}) { totalCount edges { node { seq kind detail position actor at } } pageInfo { hasNextPage } }
    }
  }`;

export const ORDER = /* GraphQL */ `
  query Order($id: ID!) {
    order(id: $id) {
      id
      status
      customerId
      cancellationReason
      total
      currency
      shippingCountry
      lines {
        sku
        quantity
        unitPrice
      }
      createdAt
      updatedAt
    }
  }
`;

/** The probe the login page runs with the typed key. */
export const PROBE = /* GraphQL */ `
  query Probe {
    sagaStats {
      total
    }
  }
`;

/** The operator actions, by the mutation that performs them. */
export type SagaAction = 'retry' | 'compensate' | 'abort';

export const ACTION_MUTATIONS: Record<SagaAction, string> = {
  retry: `mutation Retry($id: ID!, $reason: String) { retrySaga(id: $id, reason: $reason) { saga { id status } commandIds } }`,
  compensate: `mutation Compensate($id: ID!, $reason: String) { compensateSaga(id: $id, reason: $reason) { saga { id status } commandIds } }`,
  abort: `mutation Abort($id: ID!, $reason: String!) { abortSaga(id: $id, reason: $reason) { saga { id status } commandIds } }`,
};

/** What an operator mutation returns (`SagaActionResult`, with the saga's id and status). */
export type ActionResult = Pick<Schema.SagaActionResult, 'commandIds'> & {
  readonly saga: Pick<Schema.Saga, 'id' | 'status'>;
};

/** Each change of one saga (`id`) or of all sagas of `type` (or all): only what a refresh needs. */
export const SAGA_UPDATED = /* GraphQL */ `
  subscription SagaUpdated($id: ID, $type: String) {
    sagaUpdated(id: $id, type: $type) {
      id
      status
      updatedAt
    }
  }
`;
