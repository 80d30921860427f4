import type { EventStoreDBClient } from '@eventstore/db-client';
import type { AppendResult, EventSchemaRegistry, ExpectedRevision, NewEvent } from '@orderflow/core';
import { wrongExpectedVersion, validateAppend } from '@orderflow/eventstore';
import { mapAppendError, toExpectedRevision } from './errors.ts';
import { toEsdbEvent } from './mapping.ts';
import { NO_POSITION, positionOf } from './position.ts';
import { currentRevision, positionAt } from './read-stream.ts';

/**
 * Appends `events` to `stream` atomically if the stream is at `expected`.
 *
 * Retries: EventStoreDB recognises a retried append by its event ids and answers with the
 * original revisions instead of writing again (guaranteed for every expected revision but `any`,
 * best effort for `any`: the client's `ExpectedRevision` docs); the same ids with other events
 * are a wrong expected version. So a retry returns the original result.
 *
 * Position: the result's `position` is read back from the stream (the event at the new
 * revision), one extra read per append. The append reply cannot be used for it: the server sends
 * its commit position as both commit and prepare position (EventStore/EventStore,
 * src/EventStore.Core/Services/RequestManager/Managers/WriteEvents.cs: "not technically correct,
 * but matches current behavior"), which is not the last event's `$all` position when the events
 * share a commit, and older servers send no position for a retried append. Servers before 22.6
 * report no positions on stream reads; then the reply's position is used as it is.
 *
 * @throws OrderflowError VALIDATION_FAILED (nothing sent) or WRONG_EXPECTED_VERSION with
 *   `details.expected` and `details.actual`; other client errors are rethrown unchanged.
 */
export async function appendToStream(
  client: EventStoreDBClient,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  schemas?: EventSchemaRegistry,
): Promise<AppendResult> {
  validateAppend(stream, events, expected);
  let result: Awaited<ReturnType<EventStoreDBClient['appendToStream']>>;
  try {
    result = await client.appendToStream(
      stream,
      events.map((event) => toEsdbEvent(event, schemas)),
      { expectedRevision: toExpectedRevision(expected) },
    );
  } catch (error) {
    throw mapAppendError(error, stream, expected);
  }
  // A client created with `throwOnAppendFailure: false` reports a conflict in the result, and
  // its batch-append path (client 6.2.1) reports the actual revision wrongly, so read it.
  if (!result.success) throw wrongExpectedVersion(stream, expected, await currentRevision(client, stream));
  const readBack = await positionAt(client, stream, result.nextExpectedRevision);
  return {
    nextExpectedRevision: result.nextExpectedRevision,
    position: readBack !== NO_POSITION ? readBack : positionOf(result.position),
  };
}
