import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { overviewOf } from '../runtime/overview.ts';
import { processManagers } from '../registry.ts';
import { fulfillmentOverview } from './overview.ts';
import type { FulfillmentState } from './state.ts';

const state: FulfillmentState = {
  orderId: 'o-1',
  customerId: 'c-1',
  total: 1250,
  currency: 'GBP',
  status: 'reserving',
  lines: [
    { sku: 'A', quantity: 1, status: 'reserved' },
    { sku: 'B', quantity: 2, status: 'pending' },
  ],
  payment: 'none',
  order: 'pending',
  reason: null,
};

test('an order on its way: what it waits for, no outcome yet, searchable by its ids and SKUs', () => {
  assert.deepEqual(fulfillmentOverview(state), {
    orderId: 'o-1',
    customerId: 'c-1',
    total: 1250,
    currency: 'GBP',
    outcome: null,
    currentStep: 'reserving stock (1/2 lines)',
    searchKeys: ['o-1', 'c-1', 'A', 'B'],
  });
});

test('the outcome is CONFIRMED or the cancellation reason; compensation says what it undoes', () => {
  assert.equal(
    fulfillmentOverview({ ...state, status: 'completed', order: 'confirmed' }).outcome,
    'CONFIRMED',
  );
  const compensating = fulfillmentOverview({ ...state, status: 'compensating', reason: 'OUT_OF_STOCK' });
  assert.equal(compensating.outcome, 'OUT_OF_STOCK');
  assert.equal(compensating.currentStep, 'compensating: releasing stock, cancelling the order');
});

test('overviewOf: by the process manager of the type; an unknown type or unreadable state gives nulls', () => {
  assert.equal(overviewOf(processManagers, 'order-fulfillment', state).customerId, 'c-1');
  assert.equal(overviewOf(processManagers, 'nope', state).orderId, null);
  assert.equal(overviewOf(processManagers, 'order-fulfillment', { lines: 'broken' }).orderId, null);
  assert.equal(overviewOf(processManagers, 'order-fulfillment', null).outcome, null);
});

test.run();
