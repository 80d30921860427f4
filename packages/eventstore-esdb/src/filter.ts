/**
 * The port's `$all` filter as EventStoreDB server-side filters. A server filter matches either
 * event types or stream names, never both (KurrentDB-Client-NodeJS, docs/api/subscriptions.md,
 * "Server-side Filtering"), while the port ANDs `eventTypes` with `streamPrefixes`. So the server
 * filters on stream prefixes when there are any (else on event types, else it excludes system
 * events), and {@link matchesFilter} re-checks the whole filter on the client.
 */
import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@eventstore/db-client';
import type { RecordedEvent } from '@orderflow/core';
import type { AllFilter } from '@orderflow/eventstore';
import { isSystemEvent, type AnyResolvedEvent } from './mapping.ts';
import { positionOf } from './position.ts';

/** A regular expression (.NET syntax, as the server uses) that matches no string at all. */
export const MATCH_NOTHING = '(?!)';

/** `value` with every regular-expression metacharacter escaped. */
const escapeRegex = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regular expression matching exactly one of `values` (anchored at both ends, metacharacters
 * escaped), or {@link MATCH_NOTHING} for an empty list. Prefix filters would also let `OrderPlacedV2`
 * through a filter on `OrderPlaced`, hence the regex.
 */
export function exactlyOneOf(values: readonly string[]): string {
  return values.length === 0 ? MATCH_NOTHING : `^(?:${values.map(escapeRegex).join('|')})$`;
}

/**
 * The server-side filter of a read or subscription for the port's `filter`: stream-name prefixes
 * if given, else exact event types, else "no system events". An empty list in the port matches
 * nothing, so it becomes a regex that matches nothing.
 */
export function toServerFilter(filter: AllFilter = {}): Filter {
  if (filter.streamPrefixes !== undefined) {
    return filter.streamPrefixes.length === 0
      ? streamNameFilter({ regex: MATCH_NOTHING })
      : streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  }
  if (filter.eventTypes !== undefined) return eventTypeFilter({ regex: exactlyOneOf(filter.eventTypes) });
  return excludeSystemEvents();
}

/** True when the event passes the port's filter (both lists, when given, must match). */
export function matchesFilter(
  filter: AllFilter | undefined,
  event: Pick<RecordedEvent, 'type' | 'streamName'>,
): boolean {
  if (filter?.eventTypes !== undefined && !filter.eventTypes.includes(event.type)) return false;
  if (
    filter?.streamPrefixes !== undefined &&
    !filter.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix))
  ) {
    return false;
  }
  return true;
}

/**
 * True for an event of `$all` that a read or subscription returns: not a system event (see
 * `isSystemEvent`), strictly after `after`, and passing the port's filter.
 */
export function isWanted(resolved: AnyResolvedEvent, filter: AllFilter | undefined, after: bigint): boolean {
  const event = resolved.event;
  if (event === undefined || isSystemEvent(resolved)) return false;
  return (
    positionOf(event.position) > after &&
    matchesFilter(filter, { type: event.type, streamName: event.streamId })
  );
}
