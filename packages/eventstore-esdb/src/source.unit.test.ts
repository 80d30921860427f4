/**
 * The source over the client's real `Subscription` transform (client 6.2.1), fed by a fake gRPC
 * call: checks that the caught-up signal stays in order with the events, that batches respect
 * their size, that a slow consumer pauses the call (back-pressure), and errors and close.
 */
import * as assert from 'node:assert/strict';
import { PassThrough, type Writable } from 'node:stream';
import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { Subscription } from '@eventstore/db-client/dist/streams/utils/Subscription.js';
import { test } from 'uvu';
import { subscriptionSource, type SourceItem } from './source.ts';
import { eventsAt } from './test-fixtures.ts';

/** A gRPC read call as the client sees it: an object stream of responses, cancellable. */
function fakeCall() {
  const call = Object.assign(new PassThrough({ objectMode: true, highWaterMark: 4 }), { cancelled: false });
  return Object.assign(call, {
    cancel() {
      call.cancelled = true;
      call.end();
    },
    event: (resolved: AllStreamResolvedEvent) =>
      call.write({ hasEvent: () => true, getEvent: () => resolved }),
    caughtUp: () => call.write({ hasCaughtUp: () => true }),
  });
}

function subscribe(highWaterMark = 4) {
  const call = fakeCall();
  const subscription = new Subscription<AllStreamResolvedEvent>(
    () => Promise.resolve(call as never),
    ((resolved: AllStreamResolvedEvent) => resolved) as never,
    { highWaterMark },
  ) as unknown as AllStreamSubscription;
  return { call, subscription };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const shape = (item: IteratorResult<SourceItem>) =>
  item.done
    ? 'done'
    : item.value.kind === 'events'
      ? item.value.events.map((e) => (e.event!.data as { i: number }).i)
      : item.value.kind;

test('the caught-up signal is yielded right after the events that preceded it', async () => {
  const { call, subscription } = subscribe(16);
  const items = subscriptionSource(subscription, 10)[Symbol.asyncIterator]();
  const events = eventsAt(100n, 5);
  for (const e of events.slice(0, 3)) call.event(e);
  call.caughtUp();
  for (const e of events.slice(3)) call.event(e);
  await settle(); // everything is buffered before the consumer reads anything
  assert.deepEqual(shape(await items.next()), [0, 1, 2]);
  assert.equal(shape(await items.next()), 'caughtUp');
  assert.deepEqual(shape(await items.next()), [3, 4]);
  call.caughtUp();
  assert.equal(shape(await items.next()), 'caughtUp');
  await items.return?.(undefined);
});

test('batches hold at most batchSize events and never wait to fill up', async () => {
  const { call, subscription } = subscribe(16);
  const items = subscriptionSource(subscription, 2)[Symbol.asyncIterator]();
  for (const e of eventsAt(100n, 5)) call.event(e);
  await settle();
  assert.deepEqual(shape(await items.next()), [0, 1]);
  assert.deepEqual(shape(await items.next()), [2, 3]);
  assert.deepEqual(shape(await items.next()), [4]);
  const pending = items.next();
  call.event(eventsAt(600n, 1)[0]!);
  assert.deepEqual(shape(await pending), [0]);
});

test('a consumer that does not read pauses the gRPC call (back-pressure)', async () => {
  const { call, subscription } = subscribe(4);
  subscriptionSource(subscription, 4);
  const events = eventsAt(100n, 100);
  for (const e of events) call.event(e);
  await settle();
  const inSubscription = subscription.readableLength + (subscription as unknown as Writable).writableLength;
  const inCall = call.readableLength + call.writableLength;
  assert.ok(inSubscription <= 8, `the subscription took ${inSubscription} responses`);
  assert.ok(inCall >= 90, `only ${inCall} responses were held back in the call`);
});

test('a dropped connection: the buffered events come first, then the error', async () => {
  const { call, subscription } = subscribe(16);
  const items = subscriptionSource(subscription, 10)[Symbol.asyncIterator]();
  for (const e of eventsAt(100n, 2)) call.event(e);
  await settle();
  call.destroy(new Error('connection reset'));
  await settle();
  assert.deepEqual(shape(await items.next()), [0, 1]);
  await assert.rejects(items.next(), /connection reset/);
});

test('close() unsubscribes and ends the iteration', async () => {
  const { call, subscription } = subscribe();
  const source = subscriptionSource(subscription, 10);
  const items = source[Symbol.asyncIterator]();
  const pending = items.next();
  await source.close();
  assert.equal(shape(await pending), 'done');
  await settle();
  assert.ok(call.cancelled, 'the gRPC call was cancelled');
});

test.run();
