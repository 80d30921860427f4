/**
 * The saga part of the GraphQL schema (SDL), for operators: every field here needs an admin key.
 * Times are ISO-8601 strings (UTC); positions are strings (up to 128-bit); durations are ms.
 */
export const sagaSchema = /* GraphQL */ `
  "Any JSON value (a saga's state, a step's detail, a command's data)."
  scalar JSON

  "Where a saga instance is. COMPLETED, COMPENSATED and ABORTED are terminal."
  enum SagaStatus {
    RUNNING
    COMPENSATING
    COMPLETED
    COMPENSATED
    PARKED
    ABORTED
  }

  "One entry of a saga's step log."
  type SagaStep {
    "Orders all steps as they were stored."
    seq: ID!
    "event, decision, command, timer-set, timer-fired, timer-cancelled, operator or error"
    kind: String!
    detail: JSON!
    "Position in the event log of the input event; null for runtime and operator steps."
    position: String
    "Who did it (operator actions, e.g. graphql:admin); null for the runtime."
    actor: String
    at: String!
  }

  type SagaStepEdge {
    cursor: String!
    node: SagaStep!
  }

  type SagaStepConnection {
    totalCount: Int!
    edges: [SagaStepEdge!]!
    pageInfo: PageInfo!
  }

  "A command the saga sent (or holds while parked)."
  type SagaCommand {
    commandId: ID!
    type: String!
    data: JSON!
    "pending, sent, failed, held or cancelled"
    status: String!
    attempts: Int!
    lastError: String
    createdAt: String!
    updatedAt: String!
  }

  type SagaTimer {
    name: String!
    dueAt: String!
    "The input type fed to the saga when the timer fires (e.g. PaymentTimedOut)."
    input: String!
    firedAt: String
    cancelledAt: String
  }

  "A saga (process manager) instance."
  type Saga {
    "<type>:<instanceId>, e.g. order-fulfillment:3f2c…"
    id: ID!
    "The process manager's name, e.g. order-fulfillment."
    type: String!
    instanceId: ID!
    status: SagaStatus!
    "Why it is parked (the failed command and its error)."
    error: String
    failedCommandId: ID
    "Position of the last event it folded."
    position: String
    createdAt: String!
    "Last change of status or state."
    updatedAt: String!
    "When it reached a terminal status; null while open."
    endedAt: String
    "The order it fulfils (order-fulfillment sagas); null for other types."
    orderId: ID
    state: JSON
    commands: [SagaCommand!]!
    timers: [SagaTimer!]!
    "The step log, oldest first; first is 0..500."
    steps(first: Int = 100, after: String): SagaStepConnection!
  }

  type SagaEdge {
    cursor: String!
    node: Saga!
  }

  type SagaConnection {
    "How many sagas match the filters (all pages)."
    totalCount: Int!
    edges: [SagaEdge!]!
    pageInfo: PageInfo!
  }

  type SagaStatusCount {
    status: SagaStatus!
    count: Int!
  }

  "Durations (created → ended, ms) of the sagas that completed or were compensated."
  type SagaDurations {
    count: Int!
    p50: Float
    p95: Float
    p99: Float
    max: Float
  }

  type SagaStats {
    total: Int!
    "Every status, zero counts included."
    byStatus: [SagaStatusCount!]!
    durationsMs: SagaDurations!
    "Last change of the open saga (running, compensating, parked) idle the longest; null when none."
    oldestOpenUpdatedAt: String
  }

  "Sagas started and ended in one time bucket."
  type SagaBucket {
    "Start of the bucket (ISO-8601, UTC)."
    start: String!
    started: Int!
    completed: Int!
    compensated: Int!
    aborted: Int!
    "Duration percentiles (ms) of the sagas that ended in the bucket; null when none did."
    p50DurationMs: Float
    p95DurationMs: Float
  }

  "What an operator action did: the saga afterwards and the commands it queued."
  type SagaActionResult {
    saga: Saga!
    commandIds: [ID!]!
  }

  extend type Query {
    "One saga by <type>:<instanceId> or by a bare instance id (an order id); null when none."
    saga(id: ID!): Saga
    """
    Sagas, newest first, filtered by status, type, by being open (running, compensating,
    parked) with no change for at least stuckForSeconds, and by age (created at least
    minAgeSeconds and at most maxAgeSeconds ago). first is 0..500.
    """
    sagas(
      status: SagaStatus
      type: String
      stuckForSeconds: Int
      minAgeSeconds: Int
      maxAgeSeconds: Int
      first: Int = 20
      after: String
    ): SagaConnection!
    sagaStats(type: String): SagaStats!
    """
    Sagas started and ended per bucket of bucketSeconds (60..86400), the last buckets (1..500)
    buckets up to now, oldest first.
    """
    sagaThroughput(type: String, bucketSeconds: Int = 60, buckets: Int = 60): [SagaBucket!]!
  }

  extend type Mutation {
    "Sends a parked saga's failed and held commands again; INVALID_STATE unless PARKED."
    retrySaga(id: ID!, reason: String): SagaActionResult!
    "Forces compensation of an open saga; INVALID_STATE when it is terminal or cannot compensate."
    compensateSaga(id: ID!, reason: String): SagaActionResult!
    "Stops an open saga for good; nothing is undone. INVALID_STATE when terminal."
    abortSaga(id: ID!, reason: String!): SagaActionResult!
  }

  extend type Subscription {
    "Each change of a saga (every step it logs); only that saga with id, only that type with type, else all."
    sagaUpdated(id: ID, type: String): Saga!
  }
`;
