/** The hourly reports part of the GraphQL schema (SDL): hourly sales and fulfilment, admin only. */
export const reportSchema = /* GraphQL */ `
  "Orders cancelled for one reason."
  type CancellationCount {
    "OUT_OF_STOCK, PAYMENT_FAILED, PAYMENT_TIMEOUT, CUSTOMER_CANCELLED or COUPON_REJECTED."
    reason: String!
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
    placed: Int!
    confirmed: Int!
    "Units of the confirmed orders."
    units: Int!
    "Totals (after coupons) of the confirmed orders."
    revenue: Money!
    "What coupons took off the confirmed orders."
    discount: Money!
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
    sku: String!
    units: Int!
    orders: Int!
  }

  "Fulfilment of the orders placed in one UTC hour."
  type HourlyFulfilment {
    "YYYY-MM-DDTHH:00:00Z"
    hour: String!
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
    paymentsRequested: Int!
    paymentsFailed: Int!
    "paymentsFailed / paymentsRequested, 0..1; null when no payment was requested."
    paymentFailureRate: Float
    "The 20 best-selling SKUs by units confirmed, most first (ties by SKU)."
    topSkus: [HourlySkuSales!]!
  }

  extend type Query {
    "Hourly sales from the hour from (inclusive) to the hour to (exclusive), ISO-8601 date-times on whole UTC hours, at most 31 days; oldest first. Admin only."
    hourlySales(from: String!, to: String!, country: String, minPosition: String): [HourlySales!]!
    "Hourly fulfilment from the hour from (inclusive) to to (exclusive), as hourlySales; hours without a confirmation or payment are left out. Admin only."
    hourlyFulfilment(from: String!, to: String!, minPosition: String): [HourlyFulfilment!]!
  }
`;
