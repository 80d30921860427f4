import type { RecordedEvent } from '@orderflow/core';
import type { CouponDefinition, CouponRefusalReason, DomainEvent } from '@orderflow/domain';
import type { DomainEventOf } from '../events.ts';

/** A coupon as operators see it. Counts are orders; `reserved` are held now (neither redeemed nor released). */
export interface CouponRow {
  readonly code: string;
  /** Null while only refusals are known (reservations of a code never defined). */
  readonly definition: CouponDefinition | null;
  readonly status: 'ACTIVE' | 'DISABLED' | 'UNDEFINED';
  readonly reserved: number;
  readonly redeemed: number;
  readonly released: number;
  readonly refused: number;
  /** Refusals by reason. */
  readonly refusals: Readonly<Partial<Record<CouponRefusalReason, number>>>;
  readonly definedAt: Date | null;
  readonly updatedAt: Date;
  readonly position: bigint;
}

/** One code's activity on one UTC day (`YYYY-MM-DD`), counted by the events recorded that day. */
export interface CouponDayRow {
  readonly code: string;
  readonly day: string;
  readonly reserved: number;
  readonly redeemed: number;
  readonly released: number;
  readonly refused: number;
}

/** The event types the coupons read model handles. */
export const COUPONS_EVENTS = [
  'CouponDefined',
  'CouponDisabled',
  'CouponReserved',
  'CouponReservationRefused',
  'CouponRedeemed',
  'CouponReleased',
] as const satisfies readonly DomainEvent['type'][];

/** The events of {@link COUPONS_EVENTS}. */
export type CouponsEvent = DomainEventOf<(typeof COUPONS_EVENTS)[number]>;

/** The coupon code an event of {@link COUPONS_EVENTS} is about. */
export const codeOf = (event: RecordedEvent<CouponsEvent>): string => event.data.code;

/** Uses still available: totalRedemptions − reserved − redeemed, or null when unlimited. */
export const remainingUses = (row: CouponRow): number | null => {
  const cap = row.definition?.limits.totalRedemptions ?? null;
  return cap === null ? null : Math.max(0, cap - row.reserved - row.redeemed);
};

const emptyRow = (code: string, event: RecordedEvent<CouponsEvent>): CouponRow => ({
  code,
  definition: null,
  status: 'UNDEFINED',
  reserved: 0,
  redeemed: 0,
  released: 0,
  refused: 0,
  refusals: {},
  definedAt: null,
  updatedAt: event.metadata.recordedAt,
  position: event.position,
});

/**
 * Pure: the row after `event` (a row is created by any coupon event, so refusals of unknown
 * codes are counted too). Mirrors the coupon decider's counts: a redemption or release moves an
 * order out of `reserved`.
 */
export function evolveCouponRow(row: CouponRow | null, event: RecordedEvent<CouponsEvent>): CouponRow {
  const before = row ?? emptyRow(codeOf(event), event);
  const r = { ...before, updatedAt: event.metadata.recordedAt, position: event.position };
  switch (event.type) {
    case 'CouponDefined': {
      if (before.definition) return before;
      const { definedAt, ...definition } = event.data;
      return { ...r, definition, status: 'ACTIVE', definedAt: new Date(definedAt) };
    }
    case 'CouponDisabled':
      return before.status === 'ACTIVE' ? { ...r, status: 'DISABLED' } : before;
    case 'CouponReserved':
      return { ...r, reserved: r.reserved + 1 };
    case 'CouponReservationRefused': {
      const reason = event.data.reason;
      return {
        ...r,
        refused: r.refused + 1,
        refusals: { ...r.refusals, [reason]: (r.refusals[reason] ?? 0) + 1 },
      };
    }
    case 'CouponRedeemed':
      return { ...r, reserved: r.reserved - 1, redeemed: r.redeemed + 1 };
    case 'CouponReleased':
      return { ...r, reserved: r.reserved - 1, released: r.released + 1 };
    default: {
      const _exhaustive: never = event;
      return before;
    }
  }
}

/** Pure: what `event` adds to its code's day row (null for definitions and disabling). */
export function couponDayDelta(recorded: RecordedEvent<CouponsEvent>): CouponDayRow | null {
  const counts = { reserved: 0, redeemed: 0, released: 0, refused: 0 };
  switch (recorded.type) {
    case 'CouponReserved':
      counts.reserved = 1;
      break;
    case 'CouponRedeemed':
      counts.redeemed = 1;
      break;
    case 'CouponReleased':
      counts.released = 1;
      break;
    case 'CouponReservationRefused':
      counts.refused = 1;
      break;
    case 'CouponDefined':
    case 'CouponDisabled':
      return null;
    default: {
      const _exhaustive: never = recorded;
      return null;
    }
  }
  return { code: codeOf(recorded), day: recorded.metadata.recordedAt.toISOString().slice(0, 10), ...counts };
}
