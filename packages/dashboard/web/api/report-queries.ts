/**
 * The GraphQL operations of the Reports page (the reports schema in
 * packages/api/src/graphql/report-schema.ts) and the shapes they return.
 */
import type * as Schema from './schema.generated.ts';

/** One row of `hourlySales` as the page reads it. */
export type HourlySalesRow = Pick<
  Schema.HourlySales,
  | 'hour'
  | 'country'
  | 'currency'
  | 'placed'
  | 'confirmed'
  | 'units'
  | 'revenue'
  | 'cancelled'
  | 'refunds'
  | 'refundCount'
>;

/** One hour of `hourlyFulfilment` as the page reads it. */
export type HourlyFulfilmentRow = Pick<
  Schema.HourlyFulfilment,
  | 'hour'
  | 'confirmed'
  | 'fulfilmentP50Ms'
  | 'fulfilmentP95Ms'
  | 'shipped'
  | 'shippingP50Ms'
  | 'shippingP95Ms'
  | 'paymentFailureRate'
> & { readonly topSkus: ReadonlyArray<Pick<Schema.HourlySkuSales, 'sku' | 'units'>> };

/** Both hourly reports of one range (`from` inclusive, `to` exclusive, whole UTC hours). */
export const HOURLY_REPORTS = /* GraphQL */ `
  query HourlyReports($from: String!, $to: String!, $country: String) {
    hourlySales(from: $from, to: $to, country: $country) {
      hour
      country
      currency
      placed
      confirmed
      units
      revenue
      cancelled
      refunds
      refundCount
    }
    hourlyFulfilment(from: $from, to: $to) {
      hour
      confirmed
      fulfilmentP50Ms
      fulfilmentP95Ms
      shipped
      shippingP50Ms
      shippingP95Ms
      paymentFailureRate
      topSkus {
        sku
        units
      }
    }
  }
`;

/** What {@link HOURLY_REPORTS} returns. */
export interface HourlyReports {
  readonly hourlySales: readonly HourlySalesRow[];
  readonly hourlyFulfilment: readonly HourlyFulfilmentRow[];
}
