import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { describeStep } from './timeline.ts';

const test = suite('timeline: describeStep');

test('events in, decisions and commands out each get their lane', () => {
  assert.equal(
    describeStep({
      kind: 'event',
      actor: null,
      detail: { type: 'OrderCreated', stream: 'order-1', revision: 0 },
    }),
    { lane: 'in', title: 'event OrderCreated', text: 'order-1@0' },
  );
  assert.equal(
    describeStep({
      kind: 'decision',
      actor: null,
      detail: {
        input: 'OrderCreated',
        statusBefore: null,
        statusAfter: 'running',
        commands: [
          { type: 'ReserveStock', data: { sku: 'MUG' } },
          { type: 'ReserveCoupon', data: { code: 'SAVE10', orderId: 'o-1' } },
        ],
      },
    }),
    {
      lane: 'decision',
      title: 'on OrderCreated',
      text: 'new → running; send ReserveStock(MUG), ReserveCoupon(SAVE10)',
    },
  );
  const sent = describeStep({
    kind: 'command',
    actor: null,
    detail: { type: 'RequestPayment', commandId: 'abcdef0123', outcome: 'sent', attempts: 1 },
  });
  assert.equal(sent, {
    lane: 'out',
    title: 'command RequestPayment',
    text: 'abcdef01 sent after 1 attempt(s)',
  });
});

test('a failure that parks the saga is an error step saying so', () => {
  const view = describeStep({
    kind: 'error',
    actor: null,
    detail: {
      type: 'RequestPayment',
      commandId: 'abcdef0123',
      attempt: 1,
      error: 'INVALID_STATE: provider account suspended',
      parked: true,
    },
  });
  assert.is(view.lane, 'error');
  assert.is(view.title, 'RequestPayment failed → parked');
  assert.match(view.text, 'provider account suspended');
});

test('operator actions show the actor, the reason and the re-queued commands', () => {
  const view = describeStep({
    kind: 'operator',
    actor: 'graphql:admin',
    detail: {
      action: 'retry',
      reason: 'account restored',
      commands: [{ type: 'RequestPayment' }],
      previousError: 'boom',
    },
  });
  assert.equal(view, {
    lane: 'operator',
    title: 'operator retry by graphql:admin',
    text: 'reason: "account restored"; re-queued RequestPayment; was: boom',
  });
});

test('timers: set, fired, cancelled', () => {
  assert.is(
    describeStep({
      kind: 'timer-set',
      actor: null,
      detail: { name: 'payment-timeout', dueAt: '2025-01-01T00:00:00Z', input: 'PaymentTimedOut' },
    }).title,
    'timer payment-timeout set',
  );
  assert.is(describeStep({ kind: 'timer-cancelled', actor: null, detail: { name: 'x' } }).lane, 'timer');
});

test.run();
