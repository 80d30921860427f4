/** The hourly reports part of the GraphQL schema (SDL): hourly sales and fulfilment, admin only. */
export const reportSchema = /* GraphQL */ `
  "Orders cancelled for one reason."
  type CancellationCount {
    "OUT_OF_STOCK, PAYMENT_FAILED, PAYMENT_TIMEOUT, CUSTOMER_CANCELLED or COUPON_REJECTED."
    reason: String!
    "Orders cancelled for it."
    orders: Int!
  }

  "Orders placed in one UTC hour that ship to one country, in one currency."
  type HourlySales {
    "The UTC hour the orders were placed (placedAt), YYYY-MM-DDTHH:00:00Z."
    hour: String!
    "Shipping country; Unknown for orders without one."
    country: String!
    "ISO 4217; every amount of the row is in minor units of it."
    currency: String!
    "Orders placed in the hour."
    placed: Int!
    "Of those, orders confirmed (whenever the confirmation came)."
    confirmed: Int!
    "Units of the confirmed orders."
    units: Int!
    "Totals (after coupons) of the confirmed orders."
    revenue: Money!
    "What coupons took off the confirmed orders."
    discount: Money!
    "Of the orders placed in the hour, those cancelled."
    cancelled: Int!
    "Cancelled orders by reason, most first."
    cancellations: [CancellationCount!]!
    "Minor units refunded on the hour's orders (refunds count in the hour the order was placed, whenever they happened)."
    refunds: Money!
    "How many refunds the hour's orders had."
    refundCount: Int!
  }

  "A SKU's units in the confirmed orders of an hour."
  type HourlySkuSales {
    "The product's stock-keeping unit."
    sku: String!
    "Units of it in the hour's confirmed orders."
    units: Int!
    "Confirmed orders of the hour with a line of it."
    orders: Int!
  }

  "Fulfilment of the orders placed in one UTC hour."
  type HourlyFulfilment {
    "YYYY-MM-DDTHH:00:00Z"
    hour: String!
    "Orders placed in the hour that were confirmed."
    confirmed: Int!
    "Median created → confirmed time in ms, from a log-scale histogram (within 4.4 %); null without confirmations."
    fulfilmentP50Ms: Int
    "95th percentile created → confirmed time in ms (within 4.4 %); null without confirmations."
    fulfilmentP95Ms: Int
    "Orders of the hour shipped so far."
    shipped: Int!
    "Median confirmed → shipped time in ms (same histogram, within 4.4 %); null without shipments."
    shippingP50Ms: Int
    "95th percentile confirmed → shipped time in ms (within 4.4 %); null without shipments."
    shippingP95Ms: Int
    "Payments requested (PaymentRequested events) for the orders placed in the hour."
    paymentsRequested: Int!
    "Payments the provider refused (PaymentFailed events) for the orders placed in the hour."
    paymentsFailed: Int!
    "paymentsFailed / paymentsRequested, 0..1; null when no payment was requested."
    paymentFailureRate: Float
    "The 20 best-selling SKUs by units confirmed, most first (ties by SKU)."
    topSkus: [HourlySkuSales!]!
  }

  extend type Query {
    "Hourly sales from the hour from (inclusive) to the hour to (exclusive), ISO-8601 date-times on whole UTC hours, at most 31 days; oldest first. Admin only."
    hourlySales(
      "First hour, inclusive: an ISO-8601 date-time on a whole UTC hour (e.g. 2026-01-31T09:00:00Z)."
      from: String!
      "End hour, exclusive, on a whole UTC hour; at most 31 days after from (VALIDATION_FAILED otherwise)."
      to: String!
      "Only this shipping country (Unknown: orders without one)."
      country: String
      "Wait until the hourly-sales read model reached this position (see Query)."
      minPosition: String
    ): [HourlySales!]!
    "Hourly fulfilment from the hour from (inclusive) to to (exclusive), as hourlySales; hours without a confirmation or payment are left out. Admin only."
    hourlyFulfilment(
      "First hour, inclusive, as in hourlySales."
      from: String!
      "End hour, exclusive, as in hourlySales."
      to: String!
      "Wait until the hourly-fulfilment read model reached this position (see Query)."
      minPosition: String
    ): [HourlyFulfilment!]!
  }
`;
