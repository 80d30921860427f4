/**
 * Input checks of the port, made by every adapter before anything reaches its server, so that
 * malformed input is VALIDATION_FAILED (nothing written) whatever the adapter. An adapter may
 * add a count limit (the Postgres adapter's comes from its position encoding; EventStoreDB's
 * limit is the append's size in bytes, which it reports itself).
 */
import { isUuid, validationFailed, type ExpectedRevision, type NewEvent } from '@orderflow/core';

const STREAM_NAME = /^[A-Za-z][A-Za-z0-9_]*-.+$/;

/** Longest event type accepted, in UTF-16 code units. */
export const MAX_EVENT_TYPE_LENGTH = 200;

/**
 * Rejects a malformed append: a stream name that is not `<category>-<id>`, no events, an event id
 * that is not a UUID or repeats within the append, an empty or over-long type, or a negative
 * expected revision.
 * @throws OrderflowError VALIDATION_FAILED with `details.field` naming the offending input.
 */
export function validateAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  { maxEvents = Infinity }: { maxEvents?: number } = {},
): void {
  if (!STREAM_NAME.test(stream)) {
    throw validationFailed(`stream name must be <category>-<id>: ${JSON.stringify(stream)}`, {
      field: 'stream',
    });
  }
  if (events.length === 0) throw validationFailed('an append needs at least one event', { field: 'events' });
  if (events.length > maxEvents)
    throw validationFailed(`an append carries at most ${maxEvents} events`, { field: 'events' });
  if (typeof expected === 'bigint' && expected < 0n) {
    throw validationFailed('expected revision must be >= 0', { field: 'expectedRevision' });
  }
  const ids = new Set<string>();
  events.forEach((event, i) => {
    if (!isUuid(event.id)) throw validationFailed('event id must be a UUID', { field: `events[${i}].id` });
    const id = event.id.toLowerCase();
    if (ids.has(id)) throw validationFailed('duplicate event id in one append', { field: `events[${i}].id` });
    ids.add(id);
    if (
      typeof event.type !== 'string' ||
      event.type.length === 0 ||
      event.type.length > MAX_EVENT_TYPE_LENGTH
    ) {
      throw validationFailed(
        `event type must be a non-empty string of at most ${MAX_EVENT_TYPE_LENGTH} characters`,
        {
          field: `events[${i}].type`,
        },
      );
    }
  });
}

/**
 * Rejects a `maxCount` that is not a non-negative safe integer.
 * @throws OrderflowError VALIDATION_FAILED (`details.field` = 'maxCount').
 */
export function validateMaxCount(maxCount: number | undefined): void {
  if (maxCount !== undefined && (!Number.isSafeInteger(maxCount) || maxCount < 0)) {
    throw validationFailed('maxCount must be a non-negative integer', { field: 'maxCount' });
  }
}

/**
 * Rejects a negative `fromRevision` of a stream read.
 * @throws OrderflowError VALIDATION_FAILED (`details.field` = 'fromRevision').
 */
export function validateFromRevision(fromRevision: bigint | undefined): void {
  if (fromRevision !== undefined && fromRevision < 0n) {
    throw validationFailed('fromRevision must be >= 0', { field: 'fromRevision' });
  }
}
