import { validationFailed } from '@orderflow/core';
import type { CouponDefinition, CouponRefusalReason } from '@orderflow/domain';
import type { Knex } from 'knex';
import { liveTables, type TableNames } from '../../runtime/postgres/projection.ts';
import { type Page } from '../order-details/queries.ts';
import { pageByKey } from '../key-page.ts';
import type { CouponDayRow, CouponRow } from './row.ts';
import { COUPON_DAYS_TABLE, COUPONS_TABLE } from './schema.ts';

interface DbCoupon {
  code: string;
  definition: CouponDefinition | null;
  status: CouponRow['status'];
  reserved: number;
  redeemed: number;
  released: number;
  refused: number;
  refusals: Partial<Record<CouponRefusalReason, number>>;
  defined_at: Date | null;
  updated_at: Date;
  position: string;
}

const fromDb = (r: DbCoupon): CouponRow => ({
  code: r.code,
  definition: r.definition,
  status: r.status,
  reserved: r.reserved,
  redeemed: r.redeemed,
  released: r.released,
  refused: r.refused,
  refusals: r.refusals,
  definedAt: r.defined_at,
  updatedAt: r.updated_at,
  position: BigInt(r.position),
});

/** Rows of those of `codes` that exist, by code (one indexed query). */
export async function loadCouponRows(
  db: Knex,
  codes: readonly string[],
  tables: TableNames = liveTables,
): Promise<Map<string, CouponRow>> {
  if (codes.length === 0) return new Map();
  const { rows } = (await db.raw('SELECT * FROM ?? WHERE code = ANY(?)', [
    tables(COUPONS_TABLE),
    [...codes],
  ])) as {
    rows: DbCoupon[];
  };
  return new Map(rows.map((r) => [r.code, fromDb(r)]));
}

/** One coupon, or null. */
export async function getCoupon(db: Knex, code: string): Promise<CouponRow | null> {
  return (await loadCouponRows(db, [code])).get(code) ?? null;
}

/**
 * Coupons by code, as a cursor connection (`first` 0..100, `after` a cursor).
 * @throws OrderflowError VALIDATION_FAILED for a bad `first` or `after`.
 */
export function listCoupons(
  db: Knex,
  input: { first?: number | null; after?: string | null },
): Promise<Page<CouponRow>> {
  return pageByKey<DbCoupon, CouponRow>(db, COUPONS_TABLE, 'code', input, fromDb);
}

/** A code's activity by UTC day, newest first, at most `days` (1..366, default 31) days. */
export async function couponDays(db: Knex, code: string, days = 31): Promise<CouponDayRow[]> {
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw validationFailed('days must be an integer from 1 to 366', { field: 'days' });
  // to_char: a `date` read through pg becomes a Date at local midnight, which shifts by time zone.
  return (await db(COUPON_DAYS_TABLE)
    .select(
      'code',
      db.raw(`to_char(day, 'YYYY-MM-DD') AS day`),
      'reserved',
      'redeemed',
      'released',
      'refused',
    )
    .where({ code })
    .orderBy(COUPON_DAYS_TABLE + '.day', 'desc')
    .limit(days)) as CouponDayRow[];
}
