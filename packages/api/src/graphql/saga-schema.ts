/**
 * The saga part of the GraphQL schema (SDL), for operators: every field here needs an admin key.
 * Times are ISO-8601 strings (UTC); positions are strings (up to 128-bit); durations are ms.
 */
export const sagaSchema = /* GraphQL */ `
  "Any JSON value (a saga's state, a step's detail, a command's data)."
  scalar JSON

  "Where a saga instance is. COMPLETED, COMPENSATED and ABORTED are terminal."
  enum SagaStatus {
    "Working toward its goal: waiting for an event, a timer or a command's result."
    RUNNING
    "Undoing what it did (releasing stock, coupons) after a failure or an operator's compensateSaga."
    COMPENSATING
    "Reached its goal (terminal)."
    COMPLETED
    "Undid its work to the end (terminal)."
    COMPENSATED
    "Stopped on a command that kept failing (see error): waits for an operator's retrySaga, compensateSaga or abortSaga."
    PARKED
    "Stopped for good by an operator's abortSaga; nothing was undone (terminal)."
    ABORTED
  }

  "One entry of a saga's step log."
  type SagaStep {
    "Orders all steps as they were stored."
    seq: ID!
    "event, decision, command, timer-set, timer-fired, timer-cancelled, operator or error"
    kind: String!
    "What happened, by kind: the input event, the decision, the command sent, the timer, the operator action or the error (JSON)."
    detail: JSON!
    "Position in the event log of the input event; null for runtime and operator steps."
    position: String
    "Who did it (operator actions, e.g. graphql:admin); null for the runtime."
    actor: String
    "When the step was logged (ISO 8601, UTC)."
    at: String!
  }

  "One step of a page, with its cursor."
  type SagaStepEdge {
    "Opaque position of this step in the log, to pass as after."
    cursor: String!
    "The step."
    node: SagaStep!
  }

  "A page of a saga's step log, oldest first (Relay cursor connection)."
  type SagaStepConnection {
    "How many steps the saga logged (all pages)."
    totalCount: Int!
    "The steps of this page."
    edges: [SagaStepEdge!]!
    "Whether more pages follow, and the cursor to ask for the next."
    pageInfo: PageInfo!
  }

  "A command the saga sent (or holds while parked)."
  type SagaCommand {
    "The command's id: deterministic from the saga, its input event and the command's index, so a replay decides the same ids."
    commandId: ID!
    "The command's type, e.g. ReserveStock or RequestPayment."
    type: String!
    "The command's data (JSON)."
    data: JSON!
    "pending, sent, failed, held or cancelled"
    status: String!
    "How many times sending it was tried."
    attempts: Int!
    "The error of its last failed attempt; null when none failed."
    lastError: String
    "When the saga decided it (ISO 8601, UTC)."
    createdAt: String!
    "When its status last changed (ISO 8601, UTC)."
    updatedAt: String!
  }

  "A timer the saga set (e.g. the payment timeout)."
  type SagaTimer {
    "The timer's name within the saga, e.g. payment-timeout."
    name: String!
    "When it fires (ISO 8601, UTC)."
    dueAt: String!
    "The input type fed to the saga when the timer fires (e.g. PaymentTimedOut)."
    input: String!
    "When it fired; null while pending or when cancelled."
    firedAt: String
    "When the saga cancelled it (the awaited event came first); null otherwise."
    cancelledAt: String
  }

  "A saga (process manager) instance."
  type Saga {
    "<type>:<instanceId>, e.g. order-fulfillment:3f2c…"
    id: ID!
    "The process manager's name, e.g. order-fulfillment."
    type: String!
    "The instance's id within its type (for order-fulfillment, the order id)."
    instanceId: ID!
    "Where it is."
    status: SagaStatus!
    "Why it is parked (the failed command and its error)."
    error: String
    "The command whose failure parked it; null unless PARKED."
    failedCommandId: ID
    "Position of the last event it folded."
    position: String
    "When it started (ISO 8601, UTC)."
    createdAt: String!
    "Last change of status or state."
    updatedAt: String!
    "When it reached a terminal status; null while open."
    endedAt: String
    "The order it works for (fulfils, or refunds); null when the type has none."
    orderId: ID
    "The process manager's state (JSON, its own shape per type)."
    state: JSON
    "The commands it sent or holds, oldest first."
    commands: [SagaCommand!]!
    "The timers it set, by due time."
    timers: [SagaTimer!]!
    "The step log, oldest first; first is 0..500."
    steps(
      "Page size, 0..500."
      first: Int = 100
      "The endCursor of the previous page."
      after: String
    ): SagaStepConnection!
  }

  "One saga of a page, with its cursor."
  type SagaEdge {
    "Opaque position of this saga in the list, to pass as after."
    cursor: String!
    "The saga."
    node: Saga!
  }

  "A page of sagas, newest first (Relay cursor connection)."
  type SagaConnection {
    "How many sagas match the filters (all pages)."
    totalCount: Int!
    "The sagas of this page."
    edges: [SagaEdge!]!
    "Whether more pages follow, and the cursor to ask for the next."
    pageInfo: PageInfo!
  }

  "How many sagas are in one status."
  type SagaStatusCount {
    "The status."
    status: SagaStatus!
    "Sagas in it now."
    count: Int!
  }

  "Durations (created → ended, ms) of the sagas that completed or were compensated."
  type SagaDurations {
    "How many ended sagas the percentiles are over."
    count: Int!
    "Median duration, ms; null when none ended."
    p50: Float
    "95th percentile, ms; null when none ended."
    p95: Float
    "99th percentile, ms; null when none ended."
    p99: Float
    "Longest, ms; null when none ended."
    max: Float
  }

  "Counts and durations of the sagas (of one type, or all)."
  type SagaStats {
    "How many sagas there are."
    total: Int!
    "Every status, zero counts included."
    byStatus: [SagaStatusCount!]!
    "Durations of the sagas that completed or were compensated, ms."
    durationsMs: SagaDurations!
    "Last change of the open saga (running, compensating, parked) idle the longest; null when none."
    oldestOpenUpdatedAt: String
  }

  "Sagas started and ended in one time bucket."
  type SagaBucket {
    "Start of the bucket (ISO-8601, UTC)."
    start: String!
    "Sagas created in the bucket."
    started: Int!
    "Sagas that completed in the bucket."
    completed: Int!
    "Sagas that finished compensating in the bucket."
    compensated: Int!
    "Sagas aborted in the bucket."
    aborted: Int!
    "Duration percentiles (ms) of the sagas that ended in the bucket; null when none did."
    p50DurationMs: Float
    "95th percentile duration (ms) of the sagas that ended in the bucket; null when none did."
    p95DurationMs: Float
  }

  "What an operator action did: the saga afterwards and the commands it queued."
  type SagaActionResult {
    "The saga after the action."
    saga: Saga!
    "The commands the action queued (sent again, or the compensation's); empty for abortSaga."
    commandIds: [ID!]!
  }

  extend type Query {
    "One saga by <type>:<instanceId> or by a bare instance id (an order id); null when none."
    saga("<type>:<instanceId>, or a bare instance id." id: ID!): Saga
    """
    Sagas, newest first (or by orderBy, direction), filtered by status, type, search, by being
    open with no change for at least stuckForSeconds, and by age. first is 0..500.
    """
    sagas(
      "A saga id, instance (order) id, customer id or SKU, exact; sagas with that value."
      search: String
      "What the list is ordered by; a cursor holds only for the order it came from."
      orderBy: SagaOrderBy = ARRIVAL
      "Newest first (DESC) or oldest first (ASC)."
      direction: SortDirection = DESC
      "Only sagas in this status."
      status: SagaStatus
      "Only sagas of this process manager, e.g. order-fulfillment."
      type: String
      "Only open sagas (running, compensating, parked) unchanged for at least this many seconds."
      stuckForSeconds: Int
      "Only sagas created at least this many seconds ago."
      minAgeSeconds: Int
      "Only sagas created at most this many seconds ago."
      maxAgeSeconds: Int
      "Page size, 0..500."
      first: Int = 20
      "The endCursor of the previous page."
      after: String
    ): SagaConnection!
    "Counts by status and durations, of every saga or of one type."
    sagaStats("Only sagas of this process manager." type: String): SagaStats!
    """
    Sagas started and ended per bucket of bucketSeconds (60..86400), the last buckets (1..500)
    buckets up to now, oldest first.
    """
    sagaThroughput(
      "Only sagas of this process manager."
      type: String
      "Bucket width, seconds, 60..86400."
      bucketSeconds: Int = 60
      "How many buckets back from now, 1..500."
      buckets: Int = 60
    ): [SagaBucket!]!
  }

  extend type Mutation {
    "Sends a parked saga's failed and held commands again; INVALID_STATE unless PARKED."
    retrySaga(
      "The saga: <type>:<instanceId> or a bare instance id; NOT_FOUND when none."
      id: ID!
      "Why, for the step log (with the actor)."
      reason: String
    ): SagaActionResult!
    "Forces compensation of an open saga; INVALID_STATE when it is terminal or cannot compensate."
    compensateSaga(
      "The saga: <type>:<instanceId> or a bare instance id; NOT_FOUND when none."
      id: ID!
      "Why, for the step log (with the actor)."
      reason: String
    ): SagaActionResult!
    "Stops an open saga for good; nothing is undone. INVALID_STATE when terminal."
    abortSaga(
      "The saga: <type>:<instanceId> or a bare instance id; NOT_FOUND when none."
      id: ID!
      "Why, for the step log (with the actor); required: aborting leaves the order as it is."
      reason: String!
    ): SagaActionResult!
  }

  extend type Subscription {
    "Each change of a saga (every step it logs); only that saga with id, only that type with type, else all."
    sagaUpdated(
      "Only this saga: <type>:<instanceId>, or a bare instance id (that instance of any type)."
      id: ID
      "Only sagas of this process manager."
      type: String
    ): Saga!
  }
`;
