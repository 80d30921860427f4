import type { Projection } from '../../runtime/postgres/projection.ts';
import { loadCouponRows } from './queries.ts';
import {
  COUPONS_EVENTS,
  codeOf,
  couponDayDelta,
  evolveCouponRow,
  type CouponDayRow,
  type CouponRow,
  type CouponsEvent,
} from './row.ts';
import { COUPON_DAYS_TABLE, COUPONS_TABLE } from './schema.ts';

/**
 * The coupons read model: a row per code (definition, status, counts, refusals by reason) and a
 * row per code and day. A batch costs three statements at most: load the touched codes, upsert
 * them, add the day counts (applied once: the checkpoint commits in the same transaction).
 */
export const couponsProjection: Projection<CouponsEvent> = {
  name: 'coupons',
  version: 1,
  eventTypes: COUPONS_EVENTS,
  tables: [COUPONS_TABLE, COUPON_DAYS_TABLE],
  async apply(trx, events, tables) {
    const rows = await loadCouponRows(trx, [...new Set(events.map(codeOf))], tables);
    const changed = new Map<string, CouponRow>();
    const days = new Map<string, CouponDayRow>();
    for (const event of events) {
      const code = codeOf(event);
      const after = evolveCouponRow(rows.get(code) ?? null, event);
      if (after !== rows.get(code)) {
        rows.set(code, after);
        changed.set(code, after);
      }
      const delta = couponDayDelta(event);
      if (delta) {
        const key = `${delta.code}\u0000${delta.day}`;
        const sum = days.get(key);
        days.set(
          key,
          sum
            ? {
                ...sum,
                reserved: sum.reserved + delta.reserved,
                redeemed: sum.redeemed + delta.redeemed,
                released: sum.released + delta.released,
                refused: sum.refused + delta.refused,
              }
            : delta,
        );
      }
    }
    if (changed.size > 0) {
      await trx(tables(COUPONS_TABLE))
        .insert(
          [...changed.values()].map((r) => ({
            code: r.code,
            kind: r.definition?.kind ?? 'UNDEFINED',
            value: r.definition?.value ?? 0,
            currency: r.definition?.currency ?? null,
            definition: JSON.stringify(r.definition),
            status: r.status,
            reserved: r.reserved,
            redeemed: r.redeemed,
            released: r.released,
            refused: r.refused,
            refusals: JSON.stringify(r.refusals),
            defined_at: r.definedAt,
            updated_at: r.updatedAt,
            position: r.position.toString(),
          })),
        )
        .onConflict('code')
        .merge();
    }
    if (days.size > 0) {
      const table = tables(COUPON_DAYS_TABLE);
      await trx(table)
        .insert([...days.values()])
        .onConflict(['code', 'day'])
        .merge({
          reserved: trx.raw('??.reserved + excluded.reserved', [table]),
          redeemed: trx.raw('??.redeemed + excluded.redeemed', [table]),
          released: trx.raw('??.released + excluded.released', [table]),
          refused: trx.raw('??.refused + excluded.refused', [table]),
        });
    }
  },
};
