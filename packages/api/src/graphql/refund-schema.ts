/** The refunds part of the GraphQL schema (SDL). */
export const refundSchema = /* GraphQL */ `
  input RefundLineInput {
    sku: String!
    "Units of the line to refund, 1 or more (at most those not refunded yet)."
    quantity: Int!
  }

  "One line of a refund: units given back and the minor units they refund (their share of the line's discounted amount)."
  type RefundLine {
    sku: String!
    quantity: Int!
    amount: Money!
  }

  "A refund asked of the payment provider."
  type Refund {
    orderId: ID!
    refundId: ID!
    "REQUESTED (at the provider), REFUNDED or DECLINED (the provider refused or never answered; the order is as it was)."
    status: String!
    lines: [RefundLine!]!
    "Σ lines' amounts, minor units of currency."
    amount: Money!
    currency: String!
    reason: String!
    restockOnReturn: Boolean!
    "Position of OrderRefundRequested; null when this refundId had been asked already (a repeat)."
    position: String
  }

  extend type Mutation {
    "Refunds a CONFIRMED, SHIPPED or DELIVERED order through the payment provider: the lines named (units of SKUs of the order), or without lines everything not refunded yet. The order becomes PARTIALLY_REFUNDED or REFUNDED once the provider gave the money back; restockOnReturn puts the units back on hand then. Errors: INVALID_STATE (pending, cancelled or fully refunded), VALIDATION_FAILED (a SKU the order does not have), REFUND_EXCEEDS_PAYMENT (more units than are left). A retry with the same refundId refunds once. Admin only."
    refundOrder(
      orderId: ID!
      lines: [RefundLineInput!]
      reason: String!
      restockOnReturn: Boolean = false
      refundId: ID
    ): Refund!
  }
`;
