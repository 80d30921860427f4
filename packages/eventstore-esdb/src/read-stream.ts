import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type Direction,
  type EventStoreDBClient,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { ReadStreamOptions, RecordedEvent } from '@orderflow/core';
import { mapReadError } from './errors.ts';
import { toRecordedEvent } from './mapping.ts';
import { NO_POSITION } from './position.ts';
import { validateFromRevision, validateMaxCount } from '@orderflow/eventstore';

const toDirection = (direction: 'forwards' | 'backwards'): Direction => {
  switch (direction) {
    case 'forwards':
      return FORWARDS;
    case 'backwards':
      return BACKWARDS;
    default: {
      const _exhaustive: never = direction;
      throw new TypeError(`unknown direction ${String(_exhaustive)}`);
    }
  }
};

/** Reads a whole (bounded) client read into memory, so that no gRPC call is left half-consumed. */
export async function drain<T>(read: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
}

/**
 * Events of one stream in revision order (or reverse order, backwards).
 * @throws OrderflowError STREAM_NOT_FOUND when the stream does not exist (or was tombstoned);
 *   VALIDATION_FAILED for a negative `maxCount` or `fromRevision`.
 */
export async function readStream(
  client: EventStoreDBClient,
  stream: string,
  options: ReadStreamOptions = {},
): Promise<RecordedEvent[]> {
  validateMaxCount(options.maxCount);
  validateFromRevision(options.fromRevision);
  const direction = options.direction ?? 'forwards';
  // Never send a count of 0 (what the server makes of it is not documented): read one event,
  // so that a missing stream still throws, and return none.
  const maxCount = options.maxCount === 0 ? 1 : options.maxCount;
  let page: ResolvedEvent[];
  try {
    page = await drain(
      client.readStream(stream, {
        direction: toDirection(direction),
        fromRevision: options.fromRevision ?? (direction === 'backwards' ? END : START),
        ...(maxCount !== undefined ? { maxCount } : {}),
      }),
    );
  } catch (error) {
    throw mapReadError(error, stream);
  }
  return options.maxCount === 0 ? [] : page.map(toRecordedEvent);
}

/** The stream's last revision, or null when it does not exist. */
export async function currentRevision(client: EventStoreDBClient, stream: string): Promise<bigint | null> {
  try {
    const [last] = await readStream(client, stream, { direction: 'backwards', maxCount: 1 });
    return last?.revision ?? null;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'STREAM_NOT_FOUND') return null;
    throw error;
  }
}

/** The position of the event at `revision` of `stream`; NO_POSITION when the server reports none. */
export async function positionAt(
  client: EventStoreDBClient,
  stream: string,
  revision: bigint,
): Promise<bigint> {
  const [event] = await readStream(client, stream, { fromRevision: revision, maxCount: 1 });
  return event?.position ?? NO_POSITION;
}
