/**
 * The GraphQL operations of the dashboard and the shapes they return (the saga schema in
 * packages/api/src/graphql/saga-schema.ts; order in schema.ts). Times are ISO-8601 strings.
 */

export const SAGA_STATUSES = [
  'RUNNING',
  'COMPENSATING',
  'PARKED',
  'COMPLETED',
  'COMPENSATED',
  'ABORTED',
] as const;
export type SagaStatus = (typeof SAGA_STATUSES)[number];

/** A saga as the list shows it. */
export interface SagaRow {
  readonly id: string;
  readonly type: string;
  readonly instanceId: string;
  readonly status: SagaStatus;
  readonly error: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly orderId: string | null;
}

export interface SagaPage {
  readonly totalCount: number;
  readonly edges: ReadonlyArray<{ readonly cursor: string; readonly node: SagaRow }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

export interface SagaStats {
  readonly total: number;
  readonly byStatus: ReadonlyArray<{ readonly status: SagaStatus; readonly count: number }>;
  readonly durationsMs: {
    readonly count: number;
    readonly p50: number | null;
    readonly p95: number | null;
    readonly p99: number | null;
    readonly max: number | null;
  };
  readonly oldestOpenUpdatedAt: string | null;
}

export interface SagaBucket {
  readonly start: string;
  readonly started: number;
  readonly completed: number;
  readonly compensated: number;
  readonly aborted: number;
  readonly p50DurationMs: number | null;
  readonly p95DurationMs: number | null;
}

/** The step kinds of the saga runtime's step log. */
export type StepKind =
  'event' | 'decision' | 'command' | 'timer-set' | 'timer-fired' | 'timer-cancelled' | 'operator' | 'error';

export interface SagaStep {
  readonly seq: string;
  readonly kind: StepKind;
  readonly detail: Record<string, unknown>;
  readonly position: string | null;
  readonly actor: string | null;
  readonly at: string;
}

export interface SagaCommand {
  readonly commandId: string;
  readonly type: string;
  readonly data: unknown;
  readonly status: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface SagaTimer {
  readonly name: string;
  readonly dueAt: string;
  readonly input: string;
  readonly firedAt: string | null;
  readonly cancelledAt: string | null;
}

/** A saga as the detail page shows it. */
export interface SagaDetail extends SagaRow {
  readonly failedCommandId: string | null;
  readonly position: string | null;
  readonly state: unknown;
  readonly commands: readonly SagaCommand[];
  readonly timers: readonly SagaTimer[];
  readonly steps: {
    readonly totalCount: number;
    readonly edges: ReadonlyArray<{ readonly node: SagaStep }>;
    readonly pageInfo: { readonly hasNextPage: boolean };
  };
}

export interface Order {
  readonly id: string;
  readonly status: string;
  readonly customerId: string;
  readonly cancellationReason: string | null;
  readonly total: number;
  readonly currency: string;
  readonly shippingCountry: string | null;
  readonly lines: ReadonlyArray<{
    readonly sku: string;
    readonly quantity: number;
    readonly unitPrice: number;
  }>;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const ROW = `id type instanceId status error createdAt updatedAt endedAt orderId`;

export const SAGAS = /* GraphQL */ `
  query Sagas(
    $status: SagaStatus
    $type: String
    $stuck: Int
    $minAge: Int
    $maxAge: Int
    $first: Int
    $after: String
  ) {
    sagas(
      status: $status
      type: $type
      stuckForSeconds: $stuck
      minAgeSeconds: $minAge
      maxAgeSeconds: $maxAge
      first: $first
      after: $after
    ) {
      totalCount
      edges { cursor node { ${ROW} } }
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

export interface ActionResult {
  readonly saga: { readonly id: string; readonly status: SagaStatus };
  readonly commandIds: readonly string[];
}

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
