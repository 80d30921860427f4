/** The refunds part of the GraphQL schema (SDL). */
export const refundSchema = /* GraphQL */ `
  "Units of one line of the order to refund."
  input RefundLineInput {
    "A SKU of the order (VALIDATION_FAILED for one it does not have)."
    sku: String!
    "Units of the line to refund, 1 or more (at most those not refunded yet)."
    quantity: Int!
  }

  "One line of a refund: units given back and the minor units they refund (their share of the line's discounted amount)."
  type RefundLine {
    "The SKU of the order's line."
    sku: String!
    "Units given back."
    quantity: Int!
    "Minor units refunded for them: their share of the line's discounted amount (exact, remainders to the last unit)."
    amount: Money!
  }

  "A refund asked of the payment provider."
  type Refund {
    "The order refunded."
    orderId: ID!
    "Names the refund: the refundId given, else a generated UUID; a retry with it refunds once."
    refundId: ID!
    "REQUESTED (at the provider), REFUNDED or DECLINED (the provider refused or never answered; the order is as it was)."
    status: String!
    "The lines refunded, with their units and amounts."
    lines: [RefundLine!]!
    "Σ lines' amounts, minor units of currency."
    amount: Money!
    "ISO 4217 code of the order's currency."
    currency: String!
    "Why, free text as given (1–200 characters)."
    reason: String!
    "True when the units go back on hand once the refund is completed (the goods came back)."
    restockOnReturn: Boolean!
    "Position of OrderRefundRequested; null when this refundId had been asked already (a repeat)."
    position: String
  }

  extend type Mutation {
    "Refunds a CONFIRMED, SHIPPED or DELIVERED order through the payment provider: the lines named (units of SKUs of the order), or without lines everything not refunded yet. The order becomes PARTIALLY_REFUNDED or REFUNDED once the provider gave the money back; restockOnReturn puts the units back on hand then. Errors: INVALID_STATE (pending, cancelled or fully refunded), VALIDATION_FAILED (a SKU the order does not have), REFUND_EXCEEDS_PAYMENT (more units than are left). A retry with the same refundId refunds once. Admin only."
    refundOrder(
      "The order (NOT_FOUND when there is none)."
      orderId: ID!
      "Units per SKU to refund; absent or null: everything not refunded yet."
      lines: [RefundLineInput!]
      "Why, free text, 1–200 characters."
      reason: String!
      "Put the units back on hand when the refund completes (the goods came back)."
      restockOnReturn: Boolean = false
      "Names the refund (1–200 characters) so that a retry refunds once; default a fresh UUID."
      refundId: ID
    ): Refund!
  }
`;
