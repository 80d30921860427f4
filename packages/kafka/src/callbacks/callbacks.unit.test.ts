import * as assert from 'node:assert/strict';
import { deterministicId } from '@orderflow/core';
import { test } from 'uvu';
import { parsePaymentCallback, type PaymentCallback } from './callback.ts';
import { callbackCommand } from './command.ts';
import { deadLetter } from './dead-letter.ts';

const good = {
  callbackId: 'cb-1',
  paymentId: 'p-1',
  outcome: 'approved',
  providerRef: 'ch_1',
  occurredAt: '2025-03-01T10:00:00.000Z',
};
const parse = (value: unknown) =>
  parsePaymentCallback(typeof value === 'string' ? value : Buffer.from(JSON.stringify(value)));
const error = (value: unknown) => {
  const parsed = parse(value);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(value)} to be refused`);
  return (parsed as { error: string }).error;
};

test('a valid approval and a valid decline parse; unknown fields are ignored', () => {
  assert.deepEqual(parse({ ...good, extra: 1 }), { ok: true, callback: { ...good, type: 'payment' } });
  const declined = { callbackId: 'cb-2', paymentId: 'p-1', outcome: 'declined', occurredAt: good.occurredAt };
  assert.deepEqual(parse(declined), { ok: true, callback: { ...declined, type: 'payment' } });
});

test('a refund callback names its refund and becomes CompleteRefund or FailRefund', () => {
  const refund = { ...good, type: 'refund', refundId: 'r-1' };
  const parsed = parse(refund);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.callback, refund);
  const complete = callbackCommand(parsed.callback);
  assert.deepEqual(
    [complete.type, complete.data],
    [
      'CompleteRefund',
      { paymentId: 'p-1', refundId: 'r-1', providerRef: 'ch_1', completedAt: good.occurredAt },
    ],
  );
  const declined = parse({ ...refund, outcome: 'declined', providerRef: undefined, reason: 'NO_FUNDS' });
  assert.ok(declined.ok);
  const fail = callbackCommand(declined.callback);
  assert.deepEqual(
    [fail.type, fail.data],
    ['FailRefund', { paymentId: 'p-1', refundId: 'r-1', reason: 'NO_FUNDS', failedAt: good.occurredAt }],
  );
  assert.match(error({ ...refund, refundId: undefined }), /refundId/);
  assert.match(error({ ...good, type: 'chargeback' }), /type/);
});

test('malformed values are refused with a message naming the problem', () => {
  assert.match(error('{not json'), /not JSON/);
  assert.match(error('[1]'), /JSON object/);
  assert.match(error('null'), /JSON object/);
  assert.match(parsePaymentCallback(null).ok ? '' : 'empty', /empty/);
  assert.match(error({ ...good, callbackId: undefined }), /callbackId/);
  assert.match(error({ ...good, callbackId: ' ' }), /callbackId/);
  assert.match(error({ ...good, paymentId: 7 }), /paymentId/);
  assert.match(error({ ...good, paymentId: 'x'.repeat(201) }), /paymentId/);
  assert.match(error({ ...good, outcome: 'APPROVED' }), /outcome/);
  assert.match(error({ ...good, providerRef: undefined }), /providerRef is required/);
  assert.match(error({ ...good, providerRef: '' }), /providerRef/);
  assert.match(error({ ...good, outcome: 'declined', reason: 3 }), /reason/);
  assert.match(error({ ...good, occurredAt: 'yesterday' }), /occurredAt/);
  assert.match(error({ ...good, occurredAt: '2025-02-30T10:00:00' }), /occurredAt/);
  assert.match(error({ ...good, occurredAt: '2025-13-45T10:00:00Z' }), /occurredAt/);
});

test('approved → ConfirmPayment, declined → FailPayment, with a command id derived from the callback id', () => {
  const approved = callbackCommand(good as PaymentCallback, 'order-9');
  assert.deepEqual(approved, {
    type: 'ConfirmPayment',
    data: { paymentId: 'p-1', providerRef: 'ch_1', confirmedAt: good.occurredAt },
    metadata: { commandId: deterministicId('payment-callback', 'cb-1'), correlationId: 'order-9' },
  });
  const declined = callbackCommand({ ...good, outcome: 'declined', callbackId: 'cb-2' } as PaymentCallback);
  assert.equal(declined.type, 'FailPayment');
  assert.deepEqual(declined.data, { paymentId: 'p-1', reason: 'DECLINED', failedAt: good.occurredAt });
  assert.equal(declined.metadata?.correlationId, 'p-1');
  assert.notEqual(declined.metadata?.commandId, approved.metadata?.commandId);
});

test('a dead letter keeps key, value and headers and adds the error', () => {
  const letter = deadLetter(
    {
      key: Buffer.from('p-1'),
      value: Buffer.from('{bad'),
      headers: { 'correlation-id': Buffer.from('o-1') },
      offset: '41',
      timestamp: '0',
      attributes: 0,
    },
    { topic: 'payments.callbacks', partition: 2 },
    { error: 'value is not JSON', code: 'MALFORMED' },
  );
  assert.equal(letter.key?.toString(), 'p-1');
  assert.equal(letter.value?.toString(), '{bad');
  const headers = letter.headers!;
  assert.equal(headers['correlation-id']?.toString(), 'o-1');
  assert.equal(headers.error, 'value is not JSON');
  assert.equal(headers['error-code'], 'MALFORMED');
  assert.equal(headers['original-topic'], 'payments.callbacks');
  assert.equal(headers['original-partition'], '2');
  assert.equal(headers['original-offset'], '41');
  assert.ok(!isNaN(Date.parse(String(headers['failed-at']))));
});

test.run();
