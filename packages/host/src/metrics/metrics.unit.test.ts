import * as assert from 'node:assert/strict';
import { parse } from 'graphql';
import { test } from 'uvu';
import { operationLabel } from './graphql.ts';
import { createMetrics, outcomeCode } from './metrics.ts';

test('each host has its own registry: two in one process count apart', async () => {
  const a = createMetrics();
  const b = createMetrics();
  a.ordersPlaced.inc(3);
  assert.equal((await a.ordersPlaced.get()).values[0]?.value, 3);
  assert.equal((await b.ordersPlaced.get()).values[0]?.value ?? 0, 0);
  assert.match(await a.registry.metrics(), /^orderflow_orders_placed_total 3$/m);
});

test('the operation label is the root fields, not the client-chosen name', () => {
  assert.deepEqual(operationLabel(parse('mutation Mine { placeOrder(input: 1) { orderId } }')), {
    operation: 'placeOrder',
    type: 'mutation',
  });
  assert.deepEqual(operationLabel(parse('query X { orders { id } order(id: 1) { id } }')), {
    operation: 'order,orders',
    type: 'query',
  });
});

test('outcome codes are catalog codes, never messages', () => {
  assert.equal(outcomeCode(undefined), 'OK');
  assert.equal(outcomeCode({ code: 'OUT_OF_STOCK' }), 'OUT_OF_STOCK');
  assert.equal(outcomeCode({ code: 'order 123 is gone' }), 'ERROR');
  assert.equal(outcomeCode(new Error('boom')), 'ERROR');
});

test.run();
