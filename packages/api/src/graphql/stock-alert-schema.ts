/** The low-stock alerts part of the GraphQL schema (SDL). */
export const stockAlertSchema = /* GraphQL */ `
  "A SKU's low-stock state: raised (low) when available stock fell below its threshold, cleared when back at or above it."
  type StockAlert {
    "The product's stock-keeping unit."
    sku: String!
    "True while the alert is raised (available below threshold); false once cleared."
    low: Boolean!
    "Units available (onHand − reserved) when the alert was raised or cleared."
    available: Int!
    "The SKU's threshold, units; 0: no alerts."
    threshold: Int!
    "Position of the event that raised or cleared it."
    position: String!
    "When that event was recorded (ISO 8601)."
    at: String!
  }

  "What setStockThreshold did."
  type ThresholdChange {
    "The product the command was for."
    sku: String!
    "The SKU's threshold now, units."
    threshold: Int!
    "Position of the appended event; null when the threshold was that already."
    position: String
  }

  extend type Query {
    "SKUs whose low-stock alert is raised now, by SKU; first is 1..1000. Admin only."
    lowStock(
      "How many SKUs at most, 1..1000."
      first: Int = 100
      "Wait until the stock-alerts read model reached this position (see Query)."
      minPosition: String
    ): [StockAlert!]!
  }

  extend type Mutation {
    "Sets a SKU's low-stock threshold (units, 0..10,000,000; 0 turns its alerts off). An alert is raised at once when stock is already below it. Admin only."
    setStockThreshold(
      "The product's SKU; an unknown one is NOT_FOUND."
      sku: String!
      "Units, 0..10,000,000; alerts are raised when available stock falls below it."
      threshold: Int!
    ): ThresholdChange!
  }

  extend type Subscription {
    "Every low-stock alert raised or cleared, as soon as it is recorded. Admin only."
    stockAlerts: StockAlert!
  }
`;
