import { hasErrorCode, validationFailed, type RecordedEvent } from '@orderflow/core';
import { canSearchEvents, type EventStore } from '@orderflow/eventstore';
import { requireAdmin } from '../auth/principal.ts';
import { guarded } from './errors.ts';

/** Page sizes of `stream` and `events`: enough for any order's stream, small enough to render. */
const MAX_LIMIT = 500;
const MAX_TYPES = 20;
const MAX_TEXT = 200;
const DECIMAL = /^\d{1,40}$/;

const limitOf = (limit: number | null | undefined): number => {
  const value = limit ?? 100;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw validationFailed(`limit must be 1..${MAX_LIMIT}, got ${value}`, { field: 'limit' });
  return value;
};

const decimal = (field: string, value: string | null | undefined): bigint | undefined => {
  if (value == null) return undefined;
  if (!DECIMAL.test(value))
    throw validationFailed(`${field} must be a decimal string of digits, got ${JSON.stringify(value)}`, {
      field,
    });
  return BigInt(value);
};

const text = (field: string, value: string | null | undefined): string | undefined => {
  if (value == null) return undefined;
  if (value.length < 1 || value.length > MAX_TEXT)
    throw validationFailed(`${field} must be 1..${MAX_TEXT} characters`, { field });
  return value;
};

const typesOf = (types: readonly string[] | null | undefined): readonly string[] | undefined => {
  if (types == null) return undefined;
  if (types.length < 1 || types.length > MAX_TYPES)
    throw validationFailed(`types must name 1..${MAX_TYPES} event types`, { field: 'types' });
  types.forEach((type) => text('types', type));
  return types;
};

/** An event as GraphQL serves it; `recordedAt` moves out of the metadata into its own field. */
const loggedEvent = (event: RecordedEvent) => {
  const { recordedAt, ...metadata } = event.metadata;
  return {
    id: event.id,
    type: event.type,
    streamName: event.streamName,
    revision: event.revision.toString(),
    position: event.position.toString(),
    recordedAt: recordedAt.toISOString(),
    data: event.data,
    metadata,
  };
};

/** The stream's last revision, null when it does not exist. */
async function currentRevision(store: EventStore, name: string): Promise<bigint | null> {
  try {
    const [last] = await store.readStream(name, { direction: 'backwards', maxCount: 1 });
    return last?.revision ?? null;
  } catch (error) {
    if (hasErrorCode(error, 'STREAM_NOT_FOUND')) return null;
    throw error;
  }
}

/**
 * Resolvers of the event browser (see `event-schema.ts`): `stream` reads one stream through the
 * port; `events` reads `$all` through the port, or, with a correlation or order id, through the
 * adapter's {@link canSearchEvents} capability (VALIDATION_FAILED `reason:
 * UNSUPPORTED_BY_EVENT_STORE` on an adapter without it). Admin only (FORBIDDEN otherwise); bad
 * input is VALIDATION_FAILED with `field` before anything is read.
 */
export function eventResolvers({ store }: { store: EventStore }) {
  return {
    Query: {
      stream: guarded(
        async (args: { name: string; from?: string | null; limit?: number | null }, { principal }) => {
          requireAdmin(principal);
          const name = text('name', args.name)!;
          // `$`-streams are EventStoreDB's system streams, not the application's.
          if (name.startsWith('$'))
            throw validationFailed('name must be an application stream, not a $-system stream', {
              field: 'name',
            });
          const from = decimal('from', args.from) ?? 0n;
          const limit = limitOf(args.limit);
          const revision = await currentRevision(store, name);
          if (revision === null || from > revision)
            return { name, revision: revision?.toString() ?? null, events: [], nextRevision: null };
          const events = await store.readStream(name, { fromRevision: from, maxCount: limit });
          const last = events.at(-1)?.revision ?? from - 1n;
          return {
            name,
            revision: revision.toString(),
            events: events.map(loggedEvent),
            nextRevision: last < revision ? (last + 1n).toString() : null,
          };
        },
      ),
      events: guarded(
        async (
          args: {
            after?: string | null;
            types?: string[] | null;
            correlationId?: string | null;
            orderId?: string | null;
            limit?: number | null;
          },
          { principal },
        ) => {
          requireAdmin(principal);
          const after = decimal('after', args.after) ?? 0n;
          const eventTypes = typesOf(args.types);
          const correlationId = text('correlationId', args.correlationId);
          const orderId = text('orderId', args.orderId);
          const limit = limitOf(args.limit);
          // One more than the page, to know whether another follows.
          const maxCount = limit + 1;
          let events: RecordedEvent[];
          if (correlationId === undefined && orderId === undefined) {
            events = await store.readAll({ after, maxCount, filter: eventTypes && { eventTypes } });
          } else if (canSearchEvents(store)) {
            events = await store.searchEvents({ after, maxCount, eventTypes, correlationId, orderId });
          } else {
            throw validationFailed('this event store cannot search by correlation or order id', {
              field: correlationId !== undefined ? 'correlationId' : 'orderId',
              reason: 'UNSUPPORTED_BY_EVENT_STORE',
            });
          }
          const page = events.slice(0, limit);
          return {
            events: page.map(loggedEvent),
            pageInfo: {
              hasNextPage: events.length > limit,
              endCursor: page.at(-1)?.position.toString() ?? null,
            },
            headPosition: (await store.headPosition()).toString(),
          };
        },
      ),
    },
  };
}
