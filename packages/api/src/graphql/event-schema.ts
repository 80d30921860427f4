/**
 * The event browser part of the GraphQL schema (SDL), for operators: every field here needs an
 * admin key. Revisions and positions are decimal strings (64-bit; up to 128-bit positions with
 * EventStoreDB); times are ISO-8601 strings (UTC).
 */
export const eventSchema = /* GraphQL */ `
  "One event of the log as it was recorded (upcast to its type's current schema version)."
  type LoggedEvent {
    "The event's id (a UUID)."
    id: ID!
    "The event's type, e.g. OrderCreated."
    type: String!
    "The stream it belongs to, e.g. order-<id>."
    streamName: String!
    "Its revision in the stream, from 0 (decimal string)."
    revision: String!
    "Its position in $all (decimal string)."
    position: String!
    "When it was recorded (ISO 8601, UTC, millisecond precision)."
    recordedAt: String!
    "The event's data (JSON)."
    data: JSON!
    "The event's metadata (JSON): correlationId, causationId, schemaVersion, traceparent… (recordedAt is its own field)."
    metadata: JSON!
  }

  "Events of one stream, in revision order."
  type StreamEvents {
    "The stream's name."
    name: String!
    "The stream's current revision (its last event's); null when the stream does not exist (then events is empty)."
    revision: String
    "The events of this page, from the revision asked for."
    events: [LoggedEvent!]!
    "The revision to pass as from for the next page; null when this page reaches the current revision."
    nextRevision: String
  }

  "A page of $all, in position order."
  type EventPage {
    "The events of this page."
    events: [LoggedEvent!]!
    "Whether more matching events follow (ask again with after: endCursor, the last position of this page)."
    pageInfo: PageInfo!
    "Position of the last event of $all readers can see now; 0 when the log is empty."
    headPosition: String!
  }

  extend type Query {
    "The events of a stream, oldest first. An unknown stream is not an error: revision is null and events empty. Admin only."
    stream(
      "The stream's name, <category>-<id> (e.g. order-<id>), 1..200 characters."
      name: String!
      "First revision to return (decimal string, 0 or more); default 0."
      from: String
      "Most events, 1..500."
      limit: Int = 100
    ): StreamEvents!
    "Events of $all after a position, filtered (criteria AND-ed). Admin only. correlationId and orderId need the Postgres event store (VALIDATION_FAILED with reason UNSUPPORTED_BY_EVENT_STORE otherwise)."
    events(
      "Return events strictly after this position (decimal string; a page's endCursor); default the beginning."
      after: String
      "Only events of these types (1..20 names)."
      types: [String!]
      "Only events whose metadata.correlationId is this (the order id, for an order's work)."
      correlationId: String
      "Only events about this order: its stream order-<id> and events whose data.orderId is the id."
      orderId: String
      "Most events, 1..500."
      limit: Int = 100
    ): EventPage!
  }
`;
