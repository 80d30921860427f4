import * as assert from 'node:assert/strict';
import { test } from 'uvu';
import { COMPENSATION_FORCED } from '../runtime/process-manager.ts';
import { input, processManagerSpecification } from '../testing/specification.ts';
import { createReturns, REFUND_TIMED_OUT } from './index.ts';

const pm = createReturns({ refundTimeoutMs: 60_000, maxAttempts: 2 });
const spec = processManagerSpecification(pm);
const at = new Date('2026-11-20T10:00:00.000Z');
const orderId = 'o-1';
const refundId = 'r-1';

const requested = (restockOnReturn = true) =>
  input(
    'OrderRefundRequested',
    {
      orderId,
      refundId,
      lines: [{ sku: 'MUG', quantity: 2, amount: 500 }],
      amount: 500,
      currency: 'GBP',
      full: false,
      reason: 'damaged',
      restockOnReturn,
    },
    at,
  );
const asked = (attempt: number) => input('RefundRequested', { paymentId: orderId, refundId, attempt });
const completed = input('RefundCompleted', {
  paymentId: orderId,
  refundId,
  providerRef: 'rf-1',
  amount: 500,
});
const failed = (reason: string) => input('RefundFailed', { paymentId: orderId, refundId, reason });
const refunded = input('OrderRefunded', {
  orderId,
  refundId,
  lines: [{ sku: 'MUG', quantity: 2, amount: 500 }],
});
const declined = input('OrderRefundDeclined', { orderId, refundId });
const timedOut = (attempt: number) =>
  input(REFUND_TIMED_OUT, { refundId, attempt }, new Date(at.getTime() + attempt * 60_000));

test('a refund asks the provider and arms the timeout of its first attempt', () => {
  const out = spec.given([]).when(requested());
  assert.deepEqual(out.commands, [['RequestRefund', 'damaged']]);
  const request = out.raw[0]!;
  assert.ok(request.type === 'RequestRefund');
  assert.deepEqual([request.data.paymentId, request.data.amount, request.data.attempt], [orderId, 500, 1]);
  assert.deepEqual(
    out.timers.map((t) => [t.name, t.dueAt.toISOString()]),
    [['refund-timeout-1', '2026-11-20T10:01:00.000Z']],
  );
  assert.equal(out.status, 'running');
});

test('the provider refunds → the order records it → the goods go back on hand; completed', () => {
  const done = spec.given([requested(), asked(1)]).when(completed);
  assert.deepEqual(done.commands, [['CompleteOrderRefund', null]]);
  assert.deepEqual(done.timers, [], 'no timeout once answered');
  const restocked = spec.given([requested(), asked(1), completed]).when(refunded);
  assert.deepEqual(restocked.commands, [['Restock', 'MUG']]);
  assert.equal(restocked.status, 'completed');
  const noRestock = spec.given([requested(false), asked(1), completed]).when(refunded);
  assert.deepEqual(noRestock.commands, []);
});

test('the provider refuses → the order refund is declined (compensation) → compensated', () => {
  const refused = spec.given([requested(), asked(1)]).when(failed('REFUND_DECLINED'));
  assert.deepEqual(refused.commands, [['DeclineOrderRefund', 'REFUND_DECLINED']]);
  assert.equal(refused.status, 'compensating');
  const settled = spec.given([requested(), asked(1), failed('REFUND_DECLINED')]).when(declined);
  assert.equal(settled.status, 'compensated');
  assert.equal(settled.state!.failure, 'REFUND_DECLINED');
});

test('no answer: asked again, then given up with FailRefund and compensated; stale timers do nothing', () => {
  const retried = spec.given([requested(), asked(1)]).when(timedOut(1));
  assert.deepEqual(retried.commands, [['RequestRefund', 'damaged']]);
  const again = retried.raw[0]!;
  assert.ok(again.type === 'RequestRefund' && again.data.attempt === 2);
  assert.deepEqual(
    retried.timers.map((t) => t.name),
    ['refund-timeout-2'],
  );
  assert.deepEqual(spec.given([requested(), asked(1), timedOut(1)]).when(timedOut(1)).commands, []);
  const givenUp = spec.given([requested(), timedOut(1), asked(2)]).when(timedOut(2));
  assert.deepEqual(
    givenUp.commands.map(([type]) => type),
    ['FailRefund'],
  );
  assert.match(String((givenUp.raw[0]!.data as { reason: string }).reason), /PROVIDER_TIMEOUT/);
  assert.equal(givenUp.status, 'compensating');
  const ours = failed('PROVIDER_TIMEOUT: no answer after 2 attempts');
  const history = [requested(), timedOut(1), timedOut(2)];
  assert.deepEqual(spec.given(history).when(ours).commands, [['DeclineOrderRefund', ours.data.reason]]);
  assert.equal(spec.given([...history, ours]).when(declined).status, 'compensated');
});

test('a refund the provider completes after it was given up is still recorded on the order', () => {
  const history = [requested(), timedOut(1), timedOut(2), failed('PROVIDER_TIMEOUT'), declined];
  const late = spec.given(history).when(completed);
  assert.deepEqual(late.commands, [['CompleteOrderRefund', null]]);
  assert.equal(spec.given([...history, completed]).when(refunded).status, 'completed');
});

test('a capture after a void is refunded in full, automatically', () => {
  const captured = input(
    'PaymentCapturedAfterVoid',
    { paymentId: orderId, orderId, providerRef: 'ch', amount: 900 },
    at,
  );
  const out = spec.given([]).when(captured);
  assert.deepEqual(out.commands, [['RequestRefund', 'LATE_CAPTURE']]);
  assert.equal(out.state!.refundId, `late-capture-${orderId}`);
  assert.equal(
    pm.correlate({
      ...captured,
      streamName: 'payment-o-1',
      revision: 0n,
      position: 1n,
      metadata: {},
    } as never),
    `late-capture-${orderId}`,
  );
  const done = spec
    .given([captured])
    .when(input('RefundCompleted', { paymentId: orderId, refundId: out.state!.refundId }));
  assert.deepEqual(done.commands, [], 'no order to change');
  assert.equal(done.status, 'completed');
  const refused = spec
    .given([captured])
    .when(input('RefundFailed', { paymentId: orderId, refundId: out.state!.refundId, reason: 'NO' }));
  assert.equal(refused.status, 'compensating', 'stays visible for an operator: the money is still held');
  assert.match(pm.compensationRefusal!(refused.state!)!, /captured after a void/);
});

test('an operator forcing compensation gives the refund up; not once the provider refunded', () => {
  const forced = input(COMPENSATION_FORCED, { actor: 'ops', reason: null });
  assert.deepEqual(
    spec
      .given([requested(), asked(1)])
      .when(forced)
      .commands.map(([t]) => t),
    ['FailRefund'],
  );
  const after = spec.given([requested(), asked(1), completed]).when(forced);
  assert.deepEqual(after.commands, []);
  assert.match(pm.compensationRefusal!(after.state!)!, /given back/);
  assert.throws(() => createReturns({ maxAttempts: 0 }), RangeError);
});

test.run();
