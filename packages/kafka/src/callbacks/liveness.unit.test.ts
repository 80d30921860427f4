import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { Consumer } from 'kafkajs';
import { test } from 'uvu';
import { ConsumerLiveness, OUT_OF_TOUCH_MS } from './liveness.ts';

/** A stand-in for a kafkajs consumer's instrumentation events (names as kafkajs spells them). */
function consumerEvents() {
  const emitter = new EventEmitter();
  const events = {
    GROUP_JOIN: 'consumer.group_join',
    HEARTBEAT: 'consumer.heartbeat',
    FETCH: 'consumer.fetch',
    CRASH: 'consumer.crash',
  };
  const consumer = {
    events,
    on: (event: string, listener: (e: unknown) => void) => emitter.on(event, listener),
  } as unknown as Consumer;
  return {
    consumer,
    emit: (event: keyof typeof events, payload: object = {}) => emitter.emit(events[event], { payload }),
  };
}

test('starting until the first contact, running while heartbeats come, retrying after 3 s of silence', () => {
  let now = 1_000_000;
  const liveness = new ConsumerLiveness(() => now);
  const { consumer, emit } = consumerEvents();
  liveness.follow(consumer);
  assert.equal(liveness.health().state, 'starting');
  emit('GROUP_JOIN');
  now += 500;
  emit('HEARTBEAT');
  now += OUT_OF_TOUCH_MS - 1;
  assert.equal(liveness.health().state, 'running');
  now += 1;
  const silent = liveness.health();
  assert.equal(silent.state, 'retrying');
  assert.equal(silent.since.getTime(), 1_000_500 + OUT_OF_TOUCH_MS);
  assert.match(silent.lastError!, /no contact with the Kafka brokers for 3 s/);
  emit('FETCH');
  assert.deepEqual(liveness.health(), { state: 'running', since: new Date(now), lastError: null });
});

test('a crash is retrying at once, with its error, until the next contact', () => {
  let now = 5000;
  const liveness = new ConsumerLiveness(() => now);
  const { consumer, emit } = consumerEvents();
  liveness.follow(consumer);
  emit('GROUP_JOIN');
  now += 10;
  emit('CRASH', { error: new Error('Connection error: connect ECONNREFUSED'), restart: true });
  assert.deepEqual(liveness.health(), {
    state: 'retrying',
    since: new Date(5010),
    lastError: 'Error: Connection error: connect ECONNREFUSED',
  });
  now += 10;
  emit('GROUP_JOIN');
  assert.equal(liveness.health().state, 'running');
});

test.run();
