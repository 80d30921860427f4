import * as assert from 'node:assert/strict';
import type { EventStore } from '@orderflow/eventstore';
import type { FastifyBaseLogger } from 'fastify';
import { suite } from 'uvu';
import { eventResolvers } from './event-resolvers.ts';

/**
 * The event browser on an event store without the search capability (as the EventStoreDB
 * adapter): a search by correlation or order id is refused with a typed error before anything
 * is read, while plain reads of `$all` still go through the port.
 */
const test = suite('event resolvers: an adapter without EventSearchCapability');

const reads: string[] = [];
// Only the port's methods, as createEsdbEventStore returns: no searchEvents.
const portOnly = {
  readAll: async () => {
    reads.push('readAll');
    return [];
  },
  headPosition: async () => 0n,
} as unknown as EventStore;

const ctx = {
  reply: { log: { error: () => undefined } as unknown as FastifyBaseLogger },
  principal: { role: 'admin' as const, keyId: 'k', actor: 'graphql:test' },
};
const { events } = eventResolvers({ store: portOnly }).Query;

test('a correlation or order search is VALIDATION_FAILED UNSUPPORTED_BY_EVENT_STORE and reads nothing', async () => {
  const searches: Array<[string, { correlationId?: string; orderId?: string; types?: string[] }]> = [
    ['correlationId', { correlationId: 'c-1' }],
    ['orderId', { orderId: 'o-1', types: ['OrderCreated'] }],
  ];
  for (const [field, args] of searches) {
    const error = await events(null, args, ctx).then(
      () => assert.fail('expected a refusal'),
      (e: { extensions?: Record<string, unknown> }) => e,
    );
    assert.deepEqual(error.extensions, {
      code: 'VALIDATION_FAILED',
      field,
      reason: 'UNSUPPORTED_BY_EVENT_STORE',
    });
  }
  assert.deepEqual(reads, []);
});

test('a read of $all by type still goes through the port', async () => {
  const page = await events(null, { types: ['OrderCreated'] }, ctx);
  assert.deepEqual(page, {
    events: [],
    pageInfo: { hasNextPage: false, endCursor: null },
    headPosition: '0',
  });
  assert.deepEqual(reads, ['readAll']);
});

test.run();
