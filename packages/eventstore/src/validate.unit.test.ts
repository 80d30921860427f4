import * as assert from 'node:assert/strict';
import { hasErrorCode, newId, type NewEvent } from '@orderflow/core';
import { test } from 'uvu';
import { validateAppend, validateFromRevision, validateMaxCount } from './validate.ts';

const ev = (fields: Partial<NewEvent> = {}): NewEvent => ({
  id: newId(),
  type: 'Happened',
  data: {},
  ...fields,
});

const rejects = (run: () => void, field: string) =>
  assert.throws(run, (e: unknown) => hasErrorCode(e, 'VALIDATION_FAILED') && e.details.field === field);

test('a well-formed append passes', () => {
  validateAppend('order-1', [ev(), ev()], 'no_stream');
  validateAppend('order_line-a-b', [ev()], 0n);
  validateAppend('Order2-x', [ev({ type: 'T'.repeat(200) })], 'any');
});

test('stream name, event list, ids, types and expected revision are checked', () => {
  rejects(() => validateAppend('nodash', [ev()], 'any'), 'stream');
  rejects(() => validateAppend('-1', [ev()], 'any'), 'stream');
  rejects(() => validateAppend('$ce-order', [ev()], 'any'), 'stream');
  rejects(() => validateAppend('order-', [ev()], 'any'), 'stream');
  rejects(() => validateAppend('order-1', [], 'any'), 'events');
  rejects(() => validateAppend('order-1', [ev({ id: 'not-a-uuid' })], 'any'), 'events[0].id');
  const dup = ev();
  rejects(() => validateAppend('order-1', [dup, ev(), dup], 'any'), 'events[2].id');
  rejects(
    () => validateAppend('order-1', [dup, { ...dup, id: dup.id.toUpperCase() }], 'any'),
    'events[1].id',
  );
  rejects(() => validateAppend('order-1', [ev({ type: '' })], 'any'), 'events[0].type');
  rejects(() => validateAppend('order-1', [ev({ type: 'T'.repeat(201) })], 'any'), 'events[0].type');
  rejects(() => validateAppend('order-1', [ev()], -1n), 'expectedRevision');
});

test('read limits', () => {
  validateMaxCount(undefined);
  validateMaxCount(0);
  validateFromRevision(0n);
  rejects(() => validateMaxCount(-1), 'maxCount');
  rejects(() => validateMaxCount(1.5), 'maxCount');
  rejects(() => validateMaxCount(Number.POSITIVE_INFINITY), 'maxCount');
  rejects(() => validateFromRevision(-1n), 'fromRevision');
});

test.run();
