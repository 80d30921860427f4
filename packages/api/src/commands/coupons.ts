import {
  OrderflowError,
  loadAggregate,
  validationFailed,
  type Clock,
  type CommandRunner,
  type StreamStore,
} from '@orderflow/core';
import {
  COUPON_CODE_PATTERN,
  MAX_ORDER_COUPONS,
  couponDecider,
  couponConditionRefusal,
  couponStream,
  type CouponDefinition,
  type CouponRequest,
  type CouponTerms,
} from '@orderflow/domain';
import { loadCouponRows } from '@orderflow/projections';
import type { Knex } from 'knex';

/**
 * The defined coupons among `codes`, by code: their definition and whether they are disabled.
 * A code that no coupon has is absent.
 */
export type CouponLookup = (
  codes: readonly string[],
) => Promise<Map<string, { definition: CouponDefinition; disabled: boolean }>>;

/**
 * Coupons from the coupons read model (one query), and for a code it does not hold yet — a
 * coupon defined a moment ago — from its stream, which is then a few events long. Definitions
 * never change, so the read model's lag can only delay a disabling by milliseconds; whether the
 * order may really use the coupon is decided by its stream when the order reserves it.
 */
export function createCouponLookup(db: Knex, store: StreamStore): CouponLookup {
  return async (codes) => {
    const rows = await loadCouponRows(db, codes);
    const out = new Map<string, { definition: CouponDefinition; disabled: boolean }>();
    for (const [code, row] of rows)
      if (row.definition) out.set(code, { definition: row.definition, disabled: row.status === 'DISABLED' });
    const missing = codes.filter((code) => !out.has(code));
    const states = await Promise.all(
      missing.map(async (code) => ({
        code,
        ...(await loadAggregate(store, couponDecider, couponStream(code))),
      })),
    );
    for (const { code, state } of states)
      if (state.status !== 'undefined')
        out.set(code, { definition: state.definition, disabled: state.status === 'disabled' });
    return out;
  };
}

/**
 * The coupon codes of a placeOrder request, normalised: trimmed and upper-cased (customers type
 * codes in any case), at most {@link MAX_ORDER_COUPONS}, each once.
 * @throws OrderflowError VALIDATION_FAILED (`field: couponCodes[i]`) for a malformed or repeated code.
 */
export function normaliseCouponCodes(codes: unknown): string[] {
  if (codes === undefined || codes === null) return [];
  if (!Array.isArray(codes) || codes.length > MAX_ORDER_COUPONS)
    throw validationFailed(`an order carries at most ${MAX_ORDER_COUPONS} coupon codes`, {
      field: 'couponCodes',
    });
  const seen = new Set<string>();
  return codes.map((raw: unknown, i) => {
    const code = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
    const field = `couponCodes[${i}]`;
    if (!COUPON_CODE_PATTERN.test(code))
      throw validationFailed(`${field} must be 3–32 letters, digits, "_" or "-"`, { field });
    if (seen.has(code)) throw validationFailed(`coupon ${code} appears more than once`, { field });
    seen.add(code);
    return code;
  });
}

/**
 * Checks the order's coupons before anything is appended, on what does not depend on other
 * orders: the code exists, is not disabled, is valid at `placedAt`, and the order meets its
 * conditions and stacking rule. Limits (EXHAUSTED, ALREADY_USED_BY_CUSTOMER) are left to the
 * reservation, which alone sees concurrent orders.
 * @returns the coupons' terms, in the order of `codes`, for pricing the order.
 * @throws OrderflowError NOT_FOUND (`details.couponCode`) for a code no coupon has;
 *   COUPON_REJECTED (`details.couponCode`, `details.reason`) for one the order cannot use.
 */
export async function checkOrderCoupons(
  lookup: CouponLookup,
  codes: readonly string[],
  request: Omit<CouponRequest, 'codes'>,
): Promise<CouponTerms[]> {
  if (codes.length === 0) return [];
  const coupons = await lookup(codes);
  return codes.map((code) => {
    const coupon = coupons.get(code);
    if (!coupon)
      throw new OrderflowError('NOT_FOUND', `no coupon has the code ${code}`, { couponCode: code });
    const reason = couponConditionRefusal(coupon.definition, coupon.disabled, { ...request, codes });
    if (reason === null) {
      const { code: c, kind, value, currency, skus } = coupon.definition;
      return { code: c, kind, value, currency, skus };
    }
    throw new OrderflowError('COUPON_REJECTED', `coupon ${code} cannot be used with this order: ${reason}`, {
      couponCode: code,
      reason,
    });
  });
}

/** defineCoupon's input: a coupon definition (see `validateCouponDefinition`). */
export type DefineCouponInput = CouponDefinition;

/**
 * Defines a coupon (admin). Defining the same coupon again changes nothing.
 * @returns the position of CouponDefined, or null when it was defined already with these terms.
 * @throws VALIDATION_FAILED, ALREADY_EXISTS (the code has another definition).
 */
export async function defineCoupon(
  run: CommandRunner,
  clock: Clock,
  input: DefineCouponInput,
): Promise<bigint | null> {
  const result = await run(couponDecider, couponStream(input.code), {
    type: 'DefineCoupon',
    data: { ...input, definedAt: clock.now().toISOString() },
  });
  return result.position;
}

/**
 * Disables a coupon (admin): new orders cannot reserve it; orders holding it keep it.
 * @returns the position of CouponDisabled, or null when it was disabled already.
 * @throws VALIDATION_FAILED, NOT_FOUND.
 */
export async function disableCoupon(
  run: CommandRunner,
  clock: Clock,
  code: string,
  reason: string,
): Promise<bigint | null> {
  const result = await run(couponDecider, couponStream(code), {
    type: 'DisableCoupon',
    data: { code, reason, disabledAt: clock.now().toISOString() },
  });
  return result.position;
}
