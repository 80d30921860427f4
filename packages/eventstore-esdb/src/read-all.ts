import {
  BACKWARDS,
  END,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ReadPosition,
} from '@eventstore/db-client';
import type { RecordedEvent } from '@orderflow/core';
import type { ReadAllOptions } from '@orderflow/eventstore';
import { isWanted, toServerFilter } from './filter.ts';
import { isSystemEvent, toRecordedEvent } from './mapping.ts';
import { decodePosition, NO_POSITION, positionOf, startingAfter } from './position.ts';
import { drain } from './read-stream.ts';
import { subscriptionSource } from './source.ts';
import { validateMaxCount } from '@orderflow/eventstore';

/**
 * Events of `$all` after `options.after` in position order, without system events. Without a
 * filter it pages through plain reads (a read includes the event at its start position, which is
 * dropped). With a filter the server filters: the 6.x client's `readAll` takes no filter, so this
 * opens a filtered catch-up subscription, whose catch-up phase is a filtered server-side read,
 * and stops at `maxCount` events or at the server's caught-up signal (EventStoreDB 23.10 and
 * later; an older server never sends it, and the read would wait for `maxCount` matches).
 * @throws OrderflowError VALIDATION_FAILED for a bad `after` or `maxCount`.
 */
export async function readAll(
  client: EventStoreDBClient,
  options: ReadAllOptions = {},
): Promise<RecordedEvent[]> {
  const after = options.after ?? NO_POSITION;
  const maxCount = options.maxCount ?? 1000;
  validateMaxCount(maxCount);
  startingAfter(after);
  if (maxCount === 0) return [];
  return options.filter === undefined
    ? readAllPages(client, after, maxCount)
    : readAllFiltered(client, after, maxCount, options);
}

async function readAllPages(
  client: EventStoreDBClient,
  after: bigint,
  maxCount: number,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let from = after; ;) {
    const pageSize = Math.min(Math.max(maxCount - out.length + 1, 100), 5000);
    const page = await drain(client.readAll({ fromPosition: startingAfter(from), maxCount: pageSize }));
    for (const resolved of page) {
      // `from` rather than `after`: a page starts with the last event of the page before
      if (out.length < maxCount && isWanted(resolved, undefined, from)) out.push(toRecordedEvent(resolved));
    }
    const last = positionOf(page.at(-1)?.event?.position);
    if (out.length >= maxCount || page.length < pageSize || last <= from) return out;
    from = last;
  }
}

async function readAllFiltered(
  client: EventStoreDBClient,
  after: bigint,
  maxCount: number,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const batchSize = Math.min(maxCount, 1000);
  const subscription = client.subscribeToAll(
    { fromPosition: startingAfter(after), filter: toServerFilter(options.filter) },
    { highWaterMark: batchSize },
  );
  const source = subscriptionSource(subscription, batchSize);
  const out: RecordedEvent[] = [];
  try {
    for await (const item of source) {
      if (item.kind === 'caughtUp') return out;
      for (const resolved of item.events) {
        if (isWanted(resolved, options.filter, after)) out.push(toRecordedEvent(resolved));
        if (out.length === maxCount) return out;
      }
    }
    throw new Error('EventStoreDB ended a filtered read of $all before it caught up');
  } finally {
    await source.close();
  }
}

/**
 * Position of the last non-system event of `$all`, 0n when there is none: reads `$all` backwards
 * in pages of 32 until it finds one.
 */
export async function headPosition(client: EventStoreDBClient): Promise<bigint> {
  const pageSize = 32;
  for (let before: ReadPosition = END, cursor: bigint | undefined; ;) {
    const page: AllStreamResolvedEvent[] = await drain(
      client.readAll({ direction: BACKWARDS, fromPosition: before, maxCount: pageSize }),
    );
    for (const resolved of page) {
      const position = positionOf(resolved.event?.position);
      if (!isSystemEvent(resolved) && (cursor === undefined || position < cursor)) return position;
    }
    const last = positionOf(page.at(-1)?.event?.position);
    if (page.length < pageSize || last === NO_POSITION || (cursor !== undefined && last >= cursor)) return 0n;
    cursor = last;
    before = decodePosition(last);
  }
}
