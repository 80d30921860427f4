/**
 * A client subscription to `$all` as an async iterable of batches, with back-pressure and with
 * the server's caught-up signal kept in order with the events.
 *
 * The client's subscription is a Node.js object-mode Readable whose `caughtUp` event is emitted
 * when the server's caught-up message is transformed, i.e. after every event before it has been
 * pushed but possibly before those events have been read. So at that moment the signal belongs
 * after `consumed + readableLength` events, and the source yields it exactly there. Events are
 * pulled with `read()` only when the consumer asks for the next batch: while a batch is being
 * handled, the Readable's buffer fills up to its `highWaterMark`, the pipe from the gRPC call
 * pauses, and HTTP/2 flow control holds the server back.
 */
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';

/** What a source yields: events as the client read them, or "everything committed so far was yielded". */
export type SourceItem =
  | { readonly kind: 'events'; readonly events: readonly AllStreamResolvedEvent[] }
  | { readonly kind: 'caughtUp' };

/**
 * An open subscription to `$all`. Iterating it yields items until the connection fails (the
 * iteration throws the client's error) or ends (the iteration returns); `close()` ends it.
 */
export interface EventSource extends AsyncIterable<SourceItem> {
  close(): Promise<void>;
}

/**
 * Wraps a client subscription (`client.subscribeToAll(...)`) as an {@link EventSource} yielding
 * batches of at most `batchSize` events (all that are buffered, never waiting to fill a batch).
 * The `caughtUp` signal needs EventStoreDB 23.10 or later; older servers never send it. Call it
 * right after `subscribeToAll`, in the same tick, so that no signal is emitted before it listens.
 */
export function subscriptionSource(subscription: AllStreamSubscription, batchSize: number): EventSource {
  let consumed = 0;
  const caughtUpAfter: number[] = []; // events pushed before each caught-up signal not yet yielded
  let failure: { error: unknown } | undefined;
  let ended = false;
  let closed = false;
  let wake: (() => void) | undefined;
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  subscription.on('readable', signal);
  subscription.on('end', () => {
    ended = true;
    signal();
  });
  subscription.on('error', (error) => {
    failure = { error };
    signal();
  });
  subscription.on('caughtUp', () => {
    caughtUpAfter.push(consumed + subscription.readableLength);
    signal();
  });

  async function* items(): AsyncGenerator<SourceItem> {
    while (!closed) {
      const limit = caughtUpAfter.length > 0 ? Math.min(batchSize, caughtUpAfter[0]! - consumed) : batchSize;
      const events: AllStreamResolvedEvent[] = [];
      while (events.length < limit) {
        const next = subscription.read() as AllStreamResolvedEvent | null;
        if (next === null) break;
        consumed++;
        events.push(next);
      }
      if (events.length > 0) {
        yield { kind: 'events', events };
      } else if (caughtUpAfter.length > 0 && consumed >= caughtUpAfter[0]!) {
        caughtUpAfter.shift();
        yield { kind: 'caughtUp' };
      } else if (failure) {
        throw failure.error;
      } else if (ended) {
        return;
      } else {
        await new Promise<void>((resolve) => (wake = resolve));
      }
    }
  }

  return {
    [Symbol.asyncIterator]: items,
    async close() {
      closed = true;
      signal();
      await subscription.unsubscribe().catch(() => undefined);
    },
  };
}
