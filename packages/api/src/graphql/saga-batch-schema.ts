/**
 * The saga list's overview fields, its order, and batch operator actions (SDL); admin key
 * required, like the rest of the saga API (saga-schema.ts).
 */
export const sagaBatchSchema = /* GraphQL */ `
  "What a saga list is ordered by; ties are broken by arrival, in the same direction."
  enum SagaOrderBy {
    "When the saga arrived in the runtime (the default)."
    ARRIVAL
    "createdAt: the time of the event that started it."
    CREATED_AT
    "updatedAt: its last change."
    UPDATED_AT
  }

  "Ascending or descending."
  enum SortDirection {
    "Oldest (smallest) first."
    ASC
    "Newest (largest) first."
    DESC
  }

  extend type Saga {
    "The customer of its order; null when the type has none (or for sagas started before it was kept)."
    customerId: ID
    "The amount at stake, minor units of currency: the order's total, or the refund's amount."
    total: Money
    "ISO 4217 code of total; null when unknown."
    currency: String
    "How it ended or is ending: CONFIRMED, a cancellation reason (OUT_OF_STOCK, PAYMENT_TIMEOUT…), REFUNDED, or the refund's failure; null while undecided."
    outcome: String
    "What it waits for now (e.g. awaiting payment), or its last step once ended."
    currentStep: String
  }

  "An operator action applied to every saga of a filter."
  enum SagaBatchAction {
    "retrySaga: parked sagas only."
    RETRY
    "compensateSaga: open sagas that can still compensate."
    COMPENSATE
    "abortSaga: open sagas; needs a reason."
    ABORT
  }

  "Which sagas a batch acts on; every field given must hold, and at least one is required."
  input SagaBatchFilter {
    "Only sagas in this status."
    status: SagaStatus
    "Only sagas of this process manager, e.g. order-fulfillment."
    type: String
    "A saga id, order id, customer id or SKU (exact), as the sagas query's search."
    search: String
    "Only sagas with no change for at least this many seconds."
    olderThanSeconds: Int
    "Only open sagas (running, compensating, parked) unchanged for at least this many seconds, as the sagas query's."
    stuckForSeconds: Int
    "Only sagas created at least this many seconds ago."
    minAgeSeconds: Int
    "Only sagas created at most this many seconds ago."
    maxAgeSeconds: Int
    "Only these sagas (<type>:<instanceId>, at most 1000) among those the filter matches: one chunk of a dry run's ids."
    ids: [ID!]
  }

  "How a batch action went for one saga."
  type SagaBatchItem {
    "The saga, <type>:<instanceId>."
    id: ID!
    "Whether the action succeeded."
    ok: Boolean!
    "Its status after the action; null when it failed."
    status: SagaStatus
    "The error code when it failed (e.g. INVALID_STATE: it moved on since the count); null when ok."
    code: String
    "The error message when it failed; null when ok."
    message: String
    "The commands the action queued."
    commandIds: [ID!]!
  }

  "The outcome of sagasBatch."
  type SagaBatchResult {
    "The action."
    action: SagaBatchAction!
    "True when nothing was changed (a count only)."
    dryRun: Boolean!
    "Who acted, as each saga's step log records it (graphql:<key label>)."
    actor: String!
    "How many sagas the filter matches."
    matched: Int!
    "Their ids, oldest first, at most 1000."
    ids: [ID!]!
    "How many were acted on successfully."
    succeeded: Int!
    "How many failed (see results)."
    failed: Int!
    "One per saga acted on, in the order of ids; empty for a dry run."
    results: [SagaBatchItem!]!
  }

  extend type Mutation {
    """
    Applies retrySaga, compensateSaga or abortSaga to every saga the filter matches, one by one
    (each with its own checks and step-log entry naming the key's actor and the reason); a saga
    that fails is reported in results and the others go on. At most 1000 sagas per call:
    VALIDATION_FAILED (details.matched) beyond, unless dryRun — narrow the filter, or act in
    chunks of a dry run's ids. dryRun counts and lists the matches and changes nothing.
    """
    sagasBatch(
      "The action."
      action: SagaBatchAction!
      "Which sagas."
      filter: SagaBatchFilter!
      "Count and list only; change nothing."
      dryRun: Boolean = false
      "Why, for each saga's step log (with the actor); required for ABORT."
      reason: String
      "Refuse (VALIDATION_FAILED, details.matched) unless the filter matches exactly this many sagas: the count the operator confirmed."
      expectedCount: Int
    ): SagaBatchResult!
  }
`;
