/**
 * The GraphQL operations of the event browser (packages/api/src/graphql/event-schema.ts) and the
 * shapes they return. Revisions and positions are decimal strings.
 */
import type * as Schema from './schema.generated.ts';

/** One event of the log as the Streams page shows it. */
export type LoggedEvent = Omit<Schema.LoggedEvent, 'data' | 'metadata'> & {
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
};

const EVENT = 'id type streamName revision position recordedAt data metadata';

/** The events of one stream from a revision (`stream`). */
export const STREAM = /* GraphQL */ `
  query Stream($name: String!, $from: String, $limit: Int) {
    stream(name: $name, from: $from, limit: $limit) { name revision nextRevision events { ${EVENT} } }
  }`;

/** What {@link STREAM} returns. */
export interface StreamAnswer {
  readonly stream: Omit<Schema.StreamEvents, 'events'> & { readonly events: readonly LoggedEvent[] };
}

/** A filtered page of `$all` (`events`). */
export const EVENTS = /* GraphQL */ `
  query Events($after: String, $types: [String!], $correlationId: String, $orderId: String, $limit: Int) {
    events(after: $after, types: $types, correlationId: $correlationId, orderId: $orderId, limit: $limit) {
      events { ${EVENT} }
      pageInfo { hasNextPage endCursor }
      headPosition
    }
  }`;

/** What {@link EVENTS} returns. */
export interface EventsAnswer {
  readonly events: Omit<Schema.EventPage, 'events'> & { readonly events: readonly LoggedEvent[] };
}
