import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { historyFileName } from './history.ts';
import {
  allEventsVariables,
  orderStream,
  pageStart,
  readAllEventsFilters,
  streamPath,
  writeAllEventsFilters,
} from './streams.ts';

const test = suite('streams: links, $all filters in the URL, history file name');

test('stream links encode the name and land on the page of the marked event', () => {
  assert.is(streamPath('order-1'), '/streams/order-1');
  assert.is(
    streamPath('inventory-A B/1', { position: '42', revision: '3' }),
    '/streams/inventory-A%20B%2F1?position=42',
  );
  assert.is(
    streamPath('inventory-X', { position: '9007199254740993', revision: '1234' }),
    '/streams/inventory-X?from=1200&position=9007199254740993',
  );
  assert.is(pageStart('199'), '0');
  assert.is(pageStart('200'), '200');
  assert.is(pageStart('18446744073709551615'), '18446744073709551600');
  assert.is(orderStream('3f2c'), 'order-3f2c');
});

test('filters survive the URL both ways; empty ones are left out', () => {
  const filters = {
    types: ' OrderCreated, StockReserved ',
    correlationId: 'c1',
    orderId: '',
    after: '99',
    limit: '',
  };
  const params = writeAllEventsFilters(filters);
  assert.is(params.toString(), 'types=OrderCreated%2C+StockReserved&correlationId=c1&after=99');
  assert.equal(readAllEventsFilters(params), {
    types: 'OrderCreated, StockReserved',
    correlationId: 'c1',
    orderId: '',
    after: '99',
    limit: '',
  });
  assert.equal(readAllEventsFilters(new URLSearchParams()), {
    types: '',
    correlationId: '',
    orderId: '',
    after: '',
    limit: '',
  });
});

test('variables: types split on commas, empty filters not sent', () => {
  assert.equal(
    allEventsVariables({ types: 'A, ,B', correlationId: '', orderId: 'o1', after: '', limit: '' }, 50),
    {
      limit: 50,
      types: ['A', 'B'],
      orderId: 'o1',
    },
  );
  assert.equal(
    allEventsVariables({ types: '', correlationId: 'c', orderId: '', after: '7', limit: '2' }, 10),
    {
      limit: 2,
      correlationId: 'c',
      after: '7',
    },
  );
});

test('a history file name keeps only safe characters', () => {
  assert.is(historyFileName('order-fulfillment:3f2c-a1'), 'saga-order-fulfillment-3f2c-a1.json');
  assert.is(historyFileName('x/../y z'), 'saga-x-..-y-z.json');
});

test.run();
