import type { RecordedEvent } from '@orderflow/core';
import type { DomainEvent } from '@orderflow/domain';

/** The domain events of the types `T`, with their `data` shapes. */
export type DomainEventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * Whether `event` is one of `types`; narrows it to those domain events. For code that reads
 * `$all` itself (a subscription filtered on `types` hands over only those).
 */
export function isEventOf<T extends DomainEvent['type']>(
  types: readonly T[],
  event: RecordedEvent,
): event is RecordedEvent<DomainEventOf<T>> {
  return (types as readonly string[]).includes(event.type);
}
