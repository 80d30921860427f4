/** The coupons part of the GraphQL schema (SDL): coupon definitions, their use, admin mutations. */
export const couponSchema = /* GraphQL */ `
  "AMOUNT_OFF takes value minor units off; PERCENT_OFF takes value basis points (1/100 %) off."
  enum CouponKind {
    AMOUNT_OFF
    PERCENT_OFF
  }

  "ACTIVE coupons can be reserved; DISABLED ones only keep the reservations they had; UNDEFINED codes were only ever refused."
  enum CouponStatus {
    ACTIVE
    DISABLED
    UNDEFINED
  }

  "A coupon applied to an order and what it took off."
  type AppliedCoupon {
    code: String!
    "Minor units of the order's currency."
    discount: Money!
  }

  "The coupon a COUPON_REJECTED order was refused, and why."
  type RejectedCoupon {
    code: String!
    "EXPIRED, EXHAUSTED, ALREADY_USED_BY_CUSTOMER, NOT_APPLICABLE, NOT_STACKABLE, DISABLED or UNKNOWN_COUPON."
    reason: String!
  }

  type CouponRefusals {
    reason: String!
    count: Int!
  }

  "One UTC day of a coupon's use, counted by the events recorded that day."
  type CouponDay {
    "YYYY-MM-DD"
    day: String!
    reserved: Int!
    redeemed: Int!
    released: Int!
    refused: Int!
  }

  type Coupon {
    code: String!
    status: CouponStatus!
    kind: CouponKind
    "Minor units (AMOUNT_OFF) or basis points (PERCENT_OFF)."
    value: Money
    "ISO 4217; null for a PERCENT_OFF coupon valid in any currency."
    currency: String
    "SKUs whose lines it discounts; null: every line."
    skus: [String!]
    minimumSubtotal: Money
    "Customers allowed to use it; null: everyone."
    customers: [String!]
    validFrom: String
    validUntil: String
    "Orders that may hold it (reserved or redeemed); null: unlimited."
    totalRedemptions: Int
    perCustomer: Int
    stackable: Boolean
    "Orders holding it now (neither redeemed nor released)."
    reserved: Int!
    redeemed: Int!
    released: Int!
    refused: Int!
    "totalRedemptions − reserved − redeemed; null when unlimited."
    remaining: Int
    refusals: [CouponRefusals!]!
    "Newest day first, at most days (1..366)."
    byDay(days: Int = 31): [CouponDay!]!
    definedAt: String
    updatedAt: String!
  }

  type CouponEdge {
    cursor: String!
    node: Coupon!
  }

  type CouponConnection {
    totalCount: Int!
    edges: [CouponEdge!]!
    pageInfo: PageInfo!
  }

  input DefineCouponInput {
    "3–32 upper-case letters, digits, _ or -."
    code: String!
    kind: CouponKind!
    "Minor units (AMOUNT_OFF) or basis points 1..10000 (PERCENT_OFF)."
    value: Money!
    "Required for AMOUNT_OFF; optional for PERCENT_OFF (then it applies in any currency)."
    currency: String
    "Only lines of these SKUs are discounted; an order with none of them cannot use it."
    skus: [String!]
    "The order's subtotal (before coupons) must be at least this, minor units."
    minimumSubtotal: Money
    "Only these customers may use it (e.g. a single-use code sent to one customer)."
    customers: [String!]
    "ISO 8601; orders placed from then on."
    validFrom: String
    "ISO 8601; orders placed before then."
    validUntil: String
    "Orders that may use it in all; unlimited when absent."
    totalRedemptions: Int
    "Orders one customer may use it on; unlimited when absent."
    perCustomer: Int
    "Whether it may be combined with other codes on one order. Default false."
    stackable: Boolean = false
  }

  type CouponChange {
    code: String!
    "Position of the appended event; null when the command changed nothing (a repeat)."
    position: String
  }

  extend type Query {
    "One coupon by code (any case). Admin only."
    coupon(code: String!, minPosition: String): Coupon
    "Coupons by code. Admin only."
    coupons(first: Int = 20, after: String, minPosition: String): CouponConnection!
  }

  extend type Mutation {
    "Defines a coupon; defining the same coupon again changes nothing, another definition of the code is ALREADY_EXISTS. Admin only."
    defineCoupon(input: DefineCouponInput!): CouponChange!
    "Stops a coupon from being used by new orders; orders holding it keep it. Admin only."
    disableCoupon(code: String!, reason: String!): CouponChange!
  }
`;
