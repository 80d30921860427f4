/** The coupons part of the GraphQL schema (SDL): coupon definitions, their use, admin mutations. */
export const couponSchema = /* GraphQL */ `
  "AMOUNT_OFF takes value minor units off; PERCENT_OFF takes value basis points (1/100 %) off."
  enum CouponKind {
    "A fixed amount off, minor units of the coupon's currency."
    AMOUNT_OFF
    "A share off, basis points (1/100 %) of the discounted lines' amount."
    PERCENT_OFF
  }

  "ACTIVE coupons can be reserved; DISABLED ones only keep the reservations they had; UNDEFINED codes were only ever refused."
  enum CouponStatus {
    "Defined and usable by new orders (within its conditions and limits)."
    ACTIVE
    "Stopped by disableCoupon: new orders are refused it; orders holding it keep it."
    DISABLED
    "Never defined: orders only ever tried the code and were refused."
    UNDEFINED
  }

  "A coupon applied to an order and what it took off."
  type AppliedCoupon {
    "The coupon's code (upper case)."
    code: String!
    "Minor units of the order's currency."
    discount: Money!
  }

  "The coupon a COUPON_REJECTED order was refused, and why."
  type RejectedCoupon {
    "The code the order gave (upper case)."
    code: String!
    "EXPIRED, EXHAUSTED, ALREADY_USED_BY_CUSTOMER, NOT_APPLICABLE, NOT_STACKABLE, DISABLED or UNKNOWN_COUPON."
    reason: String!
  }

  "How many times orders were refused a coupon for one reason."
  type CouponRefusals {
    "EXPIRED, EXHAUSTED, ALREADY_USED_BY_CUSTOMER, NOT_APPLICABLE, NOT_STACKABLE, DISABLED or UNKNOWN_COUPON."
    reason: String!
    "Refusals for that reason."
    count: Int!
  }

  "One UTC day of a coupon's use, counted by the events recorded that day."
  type CouponDay {
    "YYYY-MM-DD"
    day: String!
    "Orders that reserved the coupon that day."
    reserved: Int!
    "Reservations redeemed that day (their order was confirmed)."
    redeemed: Int!
    "Reservations released that day (their order was cancelled)."
    released: Int!
    "Orders refused the coupon that day."
    refused: Int!
  }

  "A coupon code: its definition, its use so far and its refusals (the coupons read model). Definition fields are null for an UNDEFINED code."
  type Coupon {
    "The code, upper case."
    code: String!
    "Whether new orders may use it."
    status: CouponStatus!
    "What it takes off."
    kind: CouponKind
    "Minor units (AMOUNT_OFF) or basis points (PERCENT_OFF)."
    value: Money
    "ISO 4217; null for a PERCENT_OFF coupon valid in any currency."
    currency: String
    "SKUs whose lines it discounts; null: every line."
    skus: [String!]
    "The order subtotal (before coupons) it needs, minor units; null: none."
    minimumSubtotal: Money
    "Customers allowed to use it; null: everyone."
    customers: [String!]
    "Orders placed from then on may use it (ISO 8601); null: from its definition."
    validFrom: String
    "Orders placed before then may use it (ISO 8601); null: no end."
    validUntil: String
    "Orders that may hold it (reserved or redeemed); null: unlimited."
    totalRedemptions: Int
    "Orders one customer may use it on; null: unlimited."
    perCustomer: Int
    "Whether it may be combined with other codes on one order."
    stackable: Boolean
    "Orders holding it now (neither redeemed nor released)."
    reserved: Int!
    "Orders that used it and were confirmed, in all."
    redeemed: Int!
    "Reservations given back by cancelled orders, in all."
    released: Int!
    "Orders refused it, in all (see refusals for why)."
    refused: Int!
    "totalRedemptions − reserved − redeemed; null when unlimited."
    remaining: Int
    "Refusals by reason; reasons never met are left out."
    refusals: [CouponRefusals!]!
    "The days it was used or refused, newest first (days without activity have no entry)."
    byDay("How many entries at most, 1..366 (VALIDATION_FAILED otherwise)." days: Int = 31): [CouponDay!]!
    "When it was first defined (ISO 8601); null for an UNDEFINED code."
    definedAt: String
    "When the last event about it was recorded (ISO 8601, UTC)."
    updatedAt: String!
  }

  "One coupon of a page, with its cursor."
  type CouponEdge {
    "Opaque position of this coupon in the list, to pass as after."
    cursor: String!
    "The coupon."
    node: Coupon!
  }

  "A page of coupons, by code (Relay cursor connection)."
  type CouponConnection {
    "How many coupon codes are known (all pages)."
    totalCount: Int!
    "The coupons of this page."
    edges: [CouponEdge!]!
    "Whether more pages follow, and the cursor to ask for the next."
    pageInfo: PageInfo!
  }

  "A coupon's definition."
  input DefineCouponInput {
    "3–32 upper-case letters, digits, _ or -."
    code: String!
    "What it takes off."
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

  "What a coupon command did."
  type CouponChange {
    "The coupon the command was for."
    code: String!
    "Position of the appended event; null when the command changed nothing (a repeat)."
    position: String
  }

  extend type Query {
    "One coupon by code (any case). Admin only."
    coupon(
      "The code, any case."
      code: String!
      "Wait until the coupons read model reached this position (see Query)."
      minPosition: String
    ): Coupon
    "Coupons by code. Admin only."
    coupons(
      "Page size, 0..100."
      first: Int = 20
      "The endCursor of the previous page."
      after: String
      "Wait until the coupons read model reached this position (see Query)."
      minPosition: String
    ): CouponConnection!
  }

  extend type Mutation {
    "Defines a coupon; defining the same coupon again changes nothing, another definition of the code is ALREADY_EXISTS. Admin only."
    defineCoupon("The definition." input: DefineCouponInput!): CouponChange!
    "Stops a coupon from being used by new orders; orders holding it keep it. Disabling it again changes nothing; an unknown code is NOT_FOUND. Admin only."
    disableCoupon(
      "The code as defined (upper case)."
      code: String!
      "Why, for the record (kept in the CouponDisabled event)."
      reason: String!
    ): CouponChange!
  }
`;
