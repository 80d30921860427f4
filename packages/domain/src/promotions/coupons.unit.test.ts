import { test } from 'uvu';
import { deciderSpecification } from '@orderflow/core/testing';
import { couponDecider, couponStream } from './index.ts';
import * as assert from 'node:assert/strict';
import {
  coupon,
  defined,
  definedAt,
  redeemed,
  refused,
  released,
  reserve,
  reserved,
  tenPercent,
} from './test-fixtures.ts';

const spec = deciderSpecification(couponDecider);

test('a coupon is defined once; the same definition again changes nothing, another is ALREADY_EXISTS', () => {
  spec
    .given([])
    .when({ type: 'DefineCoupon', data: { ...tenPercent, definedAt } })
    .then([defined()]);
  spec
    .given([defined()])
    .when({ type: 'DefineCoupon', data: { ...tenPercent, definedAt } })
    .thenNothing();
  spec
    .given([defined()])
    .when({ type: 'DefineCoupon', data: { ...coupon({ value: 2000 }), definedAt } })
    .thenThrows('ALREADY_EXISTS');
});

test('bad definitions are VALIDATION_FAILED naming the field', () => {
  const bad: Array<[ReturnType<typeof coupon>, string]> = [
    [coupon({ code: 'sp' }), 'code'],
    [coupon({ value: 10_001 }), 'value'],
    [coupon({ kind: 'AMOUNT_OFF', value: 500, currency: null }), 'currency'],
    [coupon({ kind: 'AMOUNT_OFF', value: 0.5, currency: 'GBP' }), 'value'],
    [coupon({ skus: [] }), 'skus'],
    [
      coupon({ conditions: { validFrom: '2025-02-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' } }),
      'conditions.validUntil',
    ],
    [coupon({ limits: { totalRedemptions: 0 } }), 'limits.totalRedemptions'],
    [coupon({ conditions: { customers: [' c-1'] } }), 'conditions.customers[0]'],
  ];
  for (const [definition, field] of bad) {
    const code = definition.code === 'sp' ? 'sp' : definition.code;
    spec
      .given([])
      .when({ type: 'DefineCoupon', data: { ...definition, code, definedAt } })
      .thenThrows('VALIDATION_FAILED', field === 'code' ? 'code' : undefined);
  }
});

test('a coupon is reserved, then redeemed or released; repeats are no-ops', () => {
  spec
    .given([defined()])
    .when(reserve('o-1'))
    .then([reserved('o-1')]);
  spec
    .given([defined(), reserved('o-1')])
    .when(reserve('o-1'))
    .thenNothing();
  spec
    .given([defined(), reserved('o-1')])
    .when({ type: 'RedeemCoupon', data: { code: 'SPRING10', orderId: 'o-1' } })
    .then([redeemed('o-1')]);
  spec
    .given([defined(), reserved('o-1'), redeemed('o-1')])
    .when({ type: 'RedeemCoupon', data: { code: 'SPRING10', orderId: 'o-1' } })
    .thenNothing();
  spec
    .given([defined(), reserved('o-1')])
    .when({ type: 'ReleaseCoupon', data: { code: 'SPRING10', orderId: 'o-1' } })
    .then([released('o-1')]);
  spec
    .given([defined(), reserved('o-1'), released('o-1')])
    .when({ type: 'ReleaseCoupon', data: { code: 'SPRING10', orderId: 'o-1' } })
    .thenNothing();
  // a released order does not get the coupon again (its saga is over)
  spec
    .given([defined(), reserved('o-1'), released('o-1')])
    .when(reserve('o-1'))
    .thenNothing();
  spec
    .given([defined()])
    .when({ type: 'RedeemCoupon', data: { code: 'SPRING10', orderId: 'o-9' } })
    .thenThrows('INVALID_STATE');
});

test('a capped code is EXHAUSTED once reserved + redeemed reach the cap; a release frees a use', () => {
  const capped = defined(coupon({ limits: { totalRedemptions: 2 } }));
  spec
    .given([capped, reserved('o-1'), redeemed('o-1'), reserved('o-2')])
    .when(reserve('o-3', 'c-3'))
    .then([refused('o-3', 'EXHAUSTED', 'c-3')]);
  spec
    .given([capped, reserved('o-1', 'c-1'), reserved('o-2', 'c-2'), released('o-2', 'c-2')])
    .when(reserve('o-3', 'c-3'))
    .then([reserved('o-3', 'c-3')]);
});

test('a once-per-customer code is ALREADY_USED_BY_CUSTOMER for the same customer only', () => {
  const once = defined(coupon({ limits: { perCustomer: 1 } }));
  spec
    .given([once, reserved('o-1', 'c-1')])
    .when(reserve('o-2', 'c-1'))
    .then([refused('o-2', 'ALREADY_USED_BY_CUSTOMER')]);
  spec
    .given([once, reserved('o-1', 'c-1')])
    .when(reserve('o-2', 'c-2'))
    .then([reserved('o-2', 'c-2')]);
  spec
    .given([once, reserved('o-1', 'c-1'), released('o-1', 'c-1')])
    .when(reserve('o-2', 'c-1'))
    .then([reserved('o-2', 'c-1')]);
});

test('conditions: validity window, customer list, currency, SKUs, minimum subtotal, stacking', () => {
  const window = defined(
    coupon({ conditions: { validFrom: '2025-01-15T00:00:00Z', validUntil: '2025-02-01T12:00:00Z' } }),
  );
  spec
    .given([window])
    .when(reserve('o-1'))
    .then([refused('o-1', 'EXPIRED')]);
  spec
    .given([window])
    .when(reserve('o-1', 'c-1', { placedAt: '2025-01-20T00:00:00Z' }))
    .then([reserved('o-1')]);
  spec
    .given([window])
    .when(reserve('o-1', 'c-1', { placedAt: '2025-01-01T00:00:00Z' }))
    .then([refused('o-1', 'EXPIRED')]);
  const vip = defined(coupon({ conditions: { customers: ['c-7'] } }));
  spec
    .given([vip])
    .when(reserve('o-1'))
    .then([refused('o-1', 'NOT_APPLICABLE')]);
  spec
    .given([vip])
    .when(reserve('o-1', 'c-7'))
    .then([reserved('o-1', 'c-7')]);
  const fiver = defined(coupon({ kind: 'AMOUNT_OFF', value: 500, currency: 'EUR' }));
  spec
    .given([fiver])
    .when(reserve('o-1'))
    .then([refused('o-1', 'NOT_APPLICABLE')]);
  const mugs = defined(coupon({ skus: ['MUG'] }));
  spec
    .given([mugs])
    .when(reserve('o-1'))
    .then([refused('o-1', 'NOT_APPLICABLE')]);
  spec
    .given([mugs])
    .when(reserve('o-1', 'c-1', { skus: ['A', 'MUG'] }))
    .then([reserved('o-1')]);
  const spend = defined(coupon({ conditions: { minimumSubtotal: 5001 } }));
  spec
    .given([spend])
    .when(reserve('o-1'))
    .then([refused('o-1', 'NOT_APPLICABLE')]);
  const alone = defined(coupon({ limits: { stackable: false } }));
  spec
    .given([alone])
    .when(reserve('o-1', 'c-1', { codes: ['SPRING10', 'OTHER'] }))
    .then([refused('o-1', 'NOT_STACKABLE')]);
  spec
    .given([alone])
    .when(reserve('o-1'))
    .then([reserved('o-1')]);
});

test('an undefined code is refused UNKNOWN_COUPON, a disabled one DISABLED; held reservations still redeem', () => {
  spec
    .given([])
    .when(reserve('o-1'))
    .then([refused('o-1', 'UNKNOWN_COUPON')]);
  const disabled = {
    type: 'CouponDisabled' as const,
    data: { code: 'SPRING10', reason: 'leaked', disabledAt: definedAt },
  };
  spec.given([defined()]).when({ type: 'DisableCoupon', data: disabled.data }).then([disabled]);
  spec.given([defined(), disabled]).when({ type: 'DisableCoupon', data: disabled.data }).thenNothing();
  spec.given([]).when({ type: 'DisableCoupon', data: disabled.data }).thenThrows('NOT_FOUND');
  spec
    .given([defined(), reserved('o-1'), disabled])
    .when(reserve('o-2'))
    .then([refused('o-2', 'DISABLED')]);
  spec
    .given([defined(), reserved('o-1'), disabled])
    .when({ type: 'RedeemCoupon', data: { code: 'SPRING10', orderId: 'o-1' } })
    .then([redeemed('o-1')]);
});

test('a command for another code than the stream is VALIDATION_FAILED', () => {
  spec
    .given([defined()])
    .when(reserve('o-1', 'c-1', { code: 'OTHER' }))
    .thenThrows('VALIDATION_FAILED');
});

test('couponStream names the stream coupon-<CODE>', () => {
  assert.equal(couponStream('SPRING10'), 'coupon-SPRING10');
});

test.run();
