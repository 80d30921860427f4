/**
 * The operator's view of the subscription runtime (SDL): every processor — read models,
 * process managers, the Kafka relay, webhooks, the payment simulator — its parked events, and
 * blue-green rebuilds run by the server. Every field needs an admin key. Positions are decimal
 * strings; times ISO 8601 (UTC).
 */
export const processorSchema = /* GraphQL */ `
  "What a processor feeds with the events it reads from $all."
  enum ProcessorKind {
    "A read model in Postgres (rebuildable; parked events can be retried)."
    POSTGRES_READ_MODEL
    "A read model in Redis (rebuildable)."
    REDIS_READ_MODEL
    "A process manager (saga): order-fulfillment, returns."
    PROCESS_MANAGER
    "The integration-event relay to Kafka."
    RELAY
    "The webhooks outbox (low-stock alerts to registered endpoints)."
    WEBHOOKS
    "The development payment-provider simulator."
    PAYMENT_SIMULATOR
  }

  "One processor on the subscription runtime: where it is in $all and how it is doing."
  type Processor {
    "Its name (its checkpoint's), e.g. order-details, order-fulfillment, integration-relay."
    name: String!
    "What it feeds."
    kind: ProcessorKind!
    "Where its effects live: postgres, redis, kafka, eventstore."
    store: String!
    "Version of the code that wrote its checkpoint (a read model's version); null when it has none."
    version: Int
    """
    starting, catching-up, running, retrying (waiting out a failure: see lastError), standby
    (another process applies it), stopped, or rebuilding (a rebuild by this server runs; the live
    model keeps serving)
    """
    state: String!
    "When it entered its state (ISO 8601)."
    since: String!
    "Position of the last event applied, parked or scanned past: its stored checkpoint."
    checkpoint: String!
    "Positions of $all it is behind the head; 0 when caught up (positions are not dense: see lagEvents for a count)."
    lagPositions: String!
    "Events of its types after its checkpoint, yet to apply, counted up to 1000 (1000: at least that many)."
    lagEvents: Int!
    "When behind: seconds since the oldest event it has yet to apply was recorded; 0 when caught up."
    lagSeconds: Float!
    "Events applied per second over the last 10 s (by the process that runs it)."
    eventsPerSecond: Float!
    "Events it failed on for good and set aside (see parkedEvents)."
    parked: Int!
    "The last error: why it is retrying, or the last event parked; null when none."
    lastError: String
    "Whether rebuildProjection can rebuild it (read models)."
    rebuildable: Boolean!
    "The running rebuild of it started on this server, else the last one; null when none."
    rebuild: RebuildJob
  }

  "Where a rebuild is."
  enum RebuildState {
    "Applying the log to the shadow copy (the live model keeps serving)."
    RUNNING
    "The shadow was swapped in: the read model is the rebuilt one."
    DONE
    "It stopped on an error (see error); the live model is untouched and the next rebuild resumes the shadow."
    FAILED
  }

  "A blue-green rebuild of a read model, run by the server in the background."
  type RebuildJob {
    "The job's id (for rebuild and rebuildProgress)."
    id: ID!
    "The read model rebuilt."
    projection: String!
    "postgres or redis"
    store: String!
    "Where it is."
    state: RebuildState!
    "Who started it, e.g. graphql:admin."
    actor: String!
    "Events applied to the shadow so far."
    events: Int!
    "Position the run started after."
    from: String!
    "Position the shadow reached."
    position: String!
    "Head of $all when the run started."
    head: String!
    "Share of the positions from from to head done, 0..100."
    percent: Float!
    "Why it failed; null unless FAILED."
    error: String
    "The failure's code (INVALID_STATE, ABORTED, INTERNAL, …); null unless FAILED."
    errorCode: String
    "When it started (ISO 8601)."
    startedAt: String!
    "When it ended; null while RUNNING."
    finishedAt: String
  }

  "A parked event an operator skipped: never applied, kept for the record."
  type SkippedEvent {
    "The processor that parked it."
    projection: String!
    "The event's id."
    eventId: ID!
    "The event's position in the log."
    position: String!
    "The event's type."
    eventType: String!
    "The stream the event belongs to."
    streamName: String!
    "The error it was parked with."
    error: String!
    "How many times applying it was tried."
    attempts: Int!
    "When it was parked (ISO 8601)."
    parkedAt: String!
    "Who skipped it, e.g. graphql:admin."
    actor: String!
    "Why it was skipped."
    reason: String!
    "When it was skipped (ISO 8601)."
    skippedAt: String!
  }

  "What retrying a parked event did."
  type ParkedEventRetry {
    "The event retried."
    eventId: ID!
    "True when it was applied (and is no longer parked); false when it failed again and stays parked."
    applied: Boolean!
    "The error of the new attempt, when it failed again."
    error: String
  }

  extend type Query {
    "Every processor of the system (read models, process managers, relay, webhooks, simulator) with state, checkpoint, lag, rate and parked events. Admin only."
    processors: [Processor!]!
    "A rebuild job of this server by id; null when none (jobs live in the server's memory)."
    rebuild("The job's id, as rebuildProjection returned it." id: ID!): RebuildJob
    "The rebuild jobs of this server, newest first (the running ones and the last 50 finished)."
    rebuilds: [RebuildJob!]!
    "Parked events operators skipped, newest first."
    skippedEvents(
      "Only those of this processor."
      projection: String
      "Most rows, 1..500."
      first: Int = 100
    ): [SkippedEvent!]!
  }

  extend type Mutation {
    "Applies a parked event of a Postgres read model again; applied, it is no longer parked. NOT_FOUND when it is not parked there; VALIDATION_FAILED for another kind of processor (skip it, or rebuild)."
    retryParkedEvent(
      "The read model that parked it (Processor.name)."
      projection: String!
      "The parked event's id (a UUID; VALIDATION_FAILED otherwise)."
      eventId: ID!
    ): ParkedEventRetry!
    "Skips a parked event for good: it is no longer parked and never applied; the actor and reason are recorded (skippedEvents). NOT_FOUND when it is not parked for that processor."
    skipParkedEvent(
      "The processor that parked it (Processor.name)."
      projection: String!
      "The parked event's id (a UUID; VALIDATION_FAILED otherwise)."
      eventId: ID!
      "Why it is skipped, 1..500 characters (VALIDATION_FAILED otherwise)."
      reason: String!
    ): SkippedEvent!
    "Starts a blue-green rebuild of a read model in the server's background and returns its job (follow it with rebuild or rebuildProgress). NOT_FOUND for an unknown read model; INVALID_STATE while a rebuild or verify of it runs."
    rebuildProjection(
      "The read model (Processor.name with rebuildable true)."
      projection: String!
    ): RebuildJob!
  }

  extend type Subscription {
    "The job as it is now, then after each batch it applies, until it is DONE or FAILED. NOT_FOUND for an unknown job."
    rebuildProgress("The job's id." id: ID!): RebuildJob!
  }
`;
