import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { filterVariables, readFilters, writeFilters } from './filters.ts';
import { currentAfter, firstPage, nextPage, pageNumber, previousPage } from './paging.ts';

const test = suite('list filters and paging');

test('filters round-trip through the query string; malformed values are dropped', () => {
  const filters = { status: 'PARKED', type: 'order-fulfillment', stuckForSeconds: 300, age: 'gt1h' } as const;
  assert.is(writeFilters(filters).toString(), 'status=PARKED&type=order-fulfillment&stuck=300&age=gt1h');
  assert.equal(readFilters(writeFilters(filters)), filters);
  assert.equal(readFilters(new URLSearchParams('status=STUCK&stuck=-5&type=&age=toString')), {
    status: null,
    type: null,
    stuckForSeconds: null,
    age: null,
  });
  assert.equal(filterVariables(filters), {
    status: 'PARKED',
    type: 'order-fulfillment',
    stuck: 300,
    minAge: 3600,
    maxAge: null,
  });
  assert.equal(filterVariables({ ...filters, age: 'lt5m' }).maxAge, 300);
});

test('next and previous pages walk the cursors the API handed out', () => {
  let trail = firstPage();
  assert.is(currentAfter(trail), null);
  trail = nextPage(trail, 'c1');
  trail = nextPage(trail, 'c2');
  assert.is(pageNumber(trail), 3);
  assert.is(currentAfter(trail), 'c2');
  trail = previousPage(trail);
  assert.is(currentAfter(trail), 'c1');
  trail = previousPage(previousPage(trail));
  assert.is(pageNumber(trail), 1);
  assert.is(currentAfter(trail), null);
});

test.run();
