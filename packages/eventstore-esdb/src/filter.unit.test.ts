import * as assert from 'node:assert/strict';
import { EVENT_TYPE, STREAM_NAME } from '@eventstore/db-client';
import { test } from 'uvu';
import { exactlyOneOf, isWanted, matchesFilter, MATCH_NOTHING, toServerFilter } from './filter.ts';
import { encodePosition } from './position.ts';
import { resolvedEvent } from './test-fixtures.ts';

test('event types become an anchored, escaped regex: exact matches only', () => {
  const regex = exactlyOneOf(['OrderPlaced', 'Price.Set', 'a+b']);
  assert.equal(regex, '^(?:OrderPlaced|Price\\.Set|a\\+b)$');
  const re = new RegExp(regex); // the same syntax in JavaScript and .NET for these constructs
  assert.ok(re.test('OrderPlaced'));
  assert.ok(re.test('Price.Set'));
  assert.ok(!re.test('OrderPlacedV2'));
  assert.ok(!re.test('XOrderPlaced'));
  assert.ok(!re.test('PriceXSet'));
  assert.equal(exactlyOneOf([]), MATCH_NOTHING);
  assert.ok(!new RegExp(MATCH_NOTHING).test(''));
});

test('server filter: stream prefixes win, else event types, else no system events', () => {
  const byStream = toServerFilter({ streamPrefixes: ['order-'], eventTypes: ['A'] });
  assert.equal(byStream.filterOn, STREAM_NAME);
  assert.deepEqual('prefixes' in byStream && byStream.prefixes, ['order-']);

  const byType = toServerFilter({ eventTypes: ['A', 'B'] });
  assert.equal(byType.filterOn, EVENT_TYPE);
  assert.equal('regex' in byType && byType.regex, '^(?:A|B)$');

  const none = toServerFilter();
  assert.equal(none.filterOn, EVENT_TYPE);
  assert.equal('regex' in none && none.regex, '^[^$].*');

  const empty = toServerFilter({ streamPrefixes: [] });
  assert.equal('regex' in empty && empty.regex, MATCH_NOTHING);
});

test('the client re-checks both lists (AND), each list being an OR', () => {
  const filter = { eventTypes: ['X', 'Y'], streamPrefixes: ['alpha-', 'beta-'] };
  assert.ok(matchesFilter(filter, { type: 'X', streamName: 'alpha-1' }));
  assert.ok(matchesFilter(filter, { type: 'Y', streamName: 'beta-1' }));
  assert.ok(!matchesFilter(filter, { type: 'Z', streamName: 'alpha-1' }));
  assert.ok(!matchesFilter(filter, { type: 'X', streamName: 'gamma-1' }));
  assert.ok(matchesFilter(undefined, { type: 'Z', streamName: 'gamma-1' }));
  assert.ok(!matchesFilter({ eventTypes: [] }, { type: 'Z', streamName: 'gamma-1' }));
});

test('wanted: strictly after `after`, not a system event, passing the filter', () => {
  const at = (commit: bigint, fields = {}) =>
    resolvedEvent({ position: { commit, prepare: commit }, ...fields });
  const after = encodePosition({ commit: 10n, prepare: 10n });
  assert.ok(!isWanted(at(10n), undefined, after), 'the event at `after` itself');
  assert.ok(isWanted(at(11n), undefined, after));
  assert.ok(!isWanted(at(11n, { type: '$metadata' }), undefined, after));
  assert.ok(!isWanted(at(11n, { type: 'Other' }), { eventTypes: ['Happened'] }, after));
  assert.ok(isWanted(at(11n), { eventTypes: ['Happened'] }, 0n));
});

test.run();
