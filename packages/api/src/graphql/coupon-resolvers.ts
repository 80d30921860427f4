import type { Clock, CommandRunner } from '@orderflow/core';
import type { CouponKind } from '@orderflow/domain';
import { couponDays, getCoupon, listCoupons, remainingUses, type CouponRow } from '@orderflow/projections';
import type { Knex } from 'knex';
import { defineCoupon, disableCoupon } from '../commands/coupons.ts';
import { requireAdmin } from '../auth/principal.ts';
import { guarded } from './errors.ts';
import { awaitPosition, servingProjection, type ReadModels } from './freshness.ts';

type Fresh = { minPosition?: string | null };

/** defineCoupon's GraphQL input (flat; conditions and limits are grouped for the domain). */
interface DefineCouponArgs {
  code: string;
  kind: CouponKind;
  value: number;
  currency?: string | null;
  skus?: string[] | null;
  minimumSubtotal?: number | null;
  customers?: string[] | null;
  validFrom?: string | null;
  validUntil?: string | null;
  totalRedemptions?: number | null;
  perCustomer?: number | null;
  stackable?: boolean | null;
}

const coupon = (db: Knex) => (row: CouponRow) => {
  const d = row.definition;
  return {
    code: row.code,
    status: row.status,
    kind: d?.kind ?? null,
    value: d?.value ?? null,
    currency: d?.currency ?? null,
    skus: d?.skus ?? null,
    minimumSubtotal: d?.conditions.minimumSubtotal ?? null,
    customers: d?.conditions.customers ?? null,
    validFrom: d?.conditions.validFrom ?? null,
    validUntil: d?.conditions.validUntil ?? null,
    totalRedemptions: d?.limits.totalRedemptions ?? null,
    perCustomer: d?.limits.perCustomer ?? null,
    stackable: d?.limits.stackable ?? null,
    reserved: row.reserved,
    redeemed: row.redeemed,
    released: row.released,
    refused: row.refused,
    remaining: remainingUses(row),
    refusals: Object.entries(row.refusals).map(([reason, count]) => ({ reason, count })),
    byDay: ({ days }: { days?: number | null }) => couponDays(db, row.code, days ?? 31),
    definedAt: row.definedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
};

/**
 * Resolvers of the coupons schema: `coupon`, `coupons` (the coupons read model) and the admin
 * mutations `defineCoupon`, `disableCoupon`. Every field needs an admin key (FORBIDDEN otherwise).
 */
export function couponResolvers(deps: {
  db: Knex;
  clock: Clock;
  run: CommandRunner;
  readModels: ReadModels;
  minPositionTimeoutMs: number;
}) {
  const { db, clock, run, readModels, minPositionTimeoutMs } = deps;
  const toCoupon = coupon(db);
  const fresh = (query: 'coupon' | 'coupons', args: Fresh) =>
    awaitPosition(readModels, servingProjection(readModels, query), args.minPosition, minPositionTimeoutMs);
  return {
    Query: {
      coupon: guarded(async (args: { code: string } & Fresh, { principal }) => {
        requireAdmin(principal);
        await fresh('coupon', args);
        const row = await getCoupon(db, String(args.code).trim().toUpperCase());
        return row && toCoupon(row);
      }),
      coupons: guarded(async (args: { first?: number; after?: string } & Fresh, { principal }) => {
        requireAdmin(principal);
        await fresh('coupons', args);
        const page = await listCoupons(db, args);
        return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toCoupon(e.node) })) };
      }),
    },
    Mutation: {
      defineCoupon: guarded(async ({ input }: { input: DefineCouponArgs }, { principal }) => {
        requireAdmin(principal);
        const position = await defineCoupon(run, clock, {
          code: input.code,
          kind: input.kind,
          value: input.value,
          currency: input.currency ?? null,
          skus: input.skus ?? null,
          conditions: {
            minimumSubtotal: input.minimumSubtotal ?? null,
            customers: input.customers ?? null,
            validFrom: input.validFrom ?? null,
            validUntil: input.validUntil ?? null,
          },
          limits: {
            totalRedemptions: input.totalRedemptions ?? null,
            perCustomer: input.perCustomer ?? null,
            stackable: input.stackable ?? false,
          },
        });
        return { code: input.code, position: position?.toString() ?? null };
      }),
      disableCoupon: guarded(async ({ code, reason }: { code: string; reason: string }, { principal }) => {
        requireAdmin(principal);
        return { code, position: (await disableCoupon(run, clock, code, reason))?.toString() ?? null };
      }),
    },
  };
}
