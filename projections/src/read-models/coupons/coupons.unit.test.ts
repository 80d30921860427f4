import * as assert from 'node:assert/strict';
import type { CouponDefinition } from '@orderflow/domain';
import { test } from 'uvu';
import { evolveSpecification } from '../../testing/evolve-specification.ts';
import { recordedEvent } from '../../testing/redis-specification.ts';
import { couponDayDelta, evolveCouponRow, type CouponRow, type CouponsEvent } from './row.ts';

const spec = evolveSpecification<CouponRow | null, CouponsEvent>(evolveCouponRow, null);
const code = 'SAVE10';
const definition: CouponDefinition = {
  code,
  kind: 'PERCENT_OFF',
  value: 1000,
  currency: null,
  skus: null,
  conditions: { minimumSubtotal: null, customers: null, validFrom: null, validUntil: null },
  limits: { totalRedemptions: 100, perCustomer: 1, stackable: false },
};
const defined: CouponsEvent = {
  type: 'CouponDefined',
  data: { ...definition, definedAt: '2025-01-30T00:00:00.000Z' },
};
const use = (
  type: 'CouponReserved' | 'CouponRedeemed' | 'CouponReleased',
  orderId: string,
): CouponsEvent => ({
  type,
  data: { code, orderId, customerId: 'c-1' },
});
const refused: CouponsEvent = {
  type: 'CouponReservationRefused',
  data: { code, orderId: 'o-9', customerId: 'c-1', reason: 'EXHAUSTED' },
};

test('CouponDefined makes an ACTIVE row with its definition; a repeat changes nothing', () => {
  spec
    .given([])
    .when(defined)
    .then({ code, definition, status: 'ACTIVE', definedAt: new Date('2025-01-30T00:00:00.000Z') });
  spec.given([defined]).when(defined).thenUnchanged();
});

test('CouponDisabled disables an active coupon only', () => {
  spec
    .given([defined])
    .when({ type: 'CouponDisabled', data: { code, reason: 'fraud', disabledAt: '2025-01-31T00:00:00Z' } })
    .then({ status: 'DISABLED' });
});

test('a redemption or release moves an order out of reserved', () => {
  spec.given([defined]).when(use('CouponReserved', 'o-1')).then({ reserved: 1, redeemed: 0 });
  spec
    .given([
      defined,
      use('CouponReserved', 'o-1'),
      use('CouponReserved', 'o-2'),
      use('CouponRedeemed', 'o-1'),
    ])
    .when(use('CouponReleased', 'o-2'))
    .then({ reserved: 0, redeemed: 1, released: 1 });
});

test('refusals are counted by reason, also for a code never defined', () => {
  spec
    .given([])
    .when(refused)
    .then({ status: 'UNDEFINED', definition: null, refused: 1, refusals: { EXHAUSTED: 1 } });
});

test('the day row counts uses on the UTC day they were recorded; definitions count nothing', () => {
  const at = new Date('2025-01-31T23:30:00Z');
  assert.deepEqual(couponDayDelta(recordedEvent(use('CouponRedeemed', 'o-1'), { recordedAt: at })), {
    code,
    day: '2025-01-31',
    reserved: 0,
    redeemed: 1,
    released: 0,
    refused: 0,
  });
  assert.equal(couponDayDelta(recordedEvent(defined)), null);
});

test.run();
