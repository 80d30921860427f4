/**
 * The orders and catalog types of the GraphQL schema (SDL): orders and their lines, products,
 * pages (Relay connections), the inputs of placeOrder and the results of the commands.
 * Amounts are Money (minor units); positions are decimal strings (64-bit).
 */
export const orderSchema = /* GraphQL */ `
  "Where an order is in its life. CANCELLED, SHIPPED, DELIVERED, PARTIALLY_REFUNDED and REFUNDED come after CONFIRMED; CANCELLED and REFUNDED are final, and a DELIVERED order can still be refunded."
  enum OrderStatus {
    "Placed; its stock is being reserved and payment not yet requested."
    PENDING
    "Payment requested (its stock is reserved); waiting for the payment provider's answer or the payment timeout."
    AWAITING_PAYMENT
    "Paid and its stock committed; ready to ship."
    CONFIRMED
    "Cancelled (see cancellationReason); any reserved stock and coupons were released."
    CANCELLED
    "Handed to a carrier (see shipment)."
    SHIPPED
    "Reached the customer (see deliveredAt)."
    DELIVERED
    "Part of what was paid went back (refundOrder with lines); the order may still ship and be delivered."
    PARTIALLY_REFUNDED
    "Everything paid went back."
    REFUNDED
  }

  "Where a shipped order went."
  type Shipment {
    "The carrier's name as given to shipOrder (1–100 characters)."
    carrier: String!
    "The carrier's tracking number as given to shipOrder (1–100 characters)."
    trackingNumber: String!
    "When the order was handed to the carrier (ISO 8601, UTC)."
    shippedAt: String!
  }

  "One line of an order: a SKU, how many, and its price snapshot."
  type OrderLine {
    "The product's stock-keeping unit."
    sku: String!
    "Units ordered (a positive integer)."
    quantity: Int!
    "The catalog price of one unit when the order was placed (the order's price snapshot), minor units of the order's currency."
    unitPrice: Money!
    "What the order's coupons took off this line's amount (quantity × unitPrice), minor units."
    discount: Money!
  }

  "An order as the order-details read model holds it (Postgres)."
  type Order {
    "The order's id (a UUID), as placeOrder returned it."
    id: ID!
    "The customer who placed it."
    customerId: String!
    "Where the order is now."
    status: OrderStatus!
    "OUT_OF_STOCK, PAYMENT_FAILED, PAYMENT_TIMEOUT, CUSTOMER_CANCELLED or COUPON_REJECTED when CANCELLED; null otherwise."
    cancellationReason: String
    "The coupon refused, and why, when the reason is COUPON_REJECTED."
    rejectedCoupon: RejectedCoupon
    "Σ quantity × unitPrice before coupons, minor units of currency."
    subtotal: Money!
    "What the coupons took off: Σ coupons' discounts."
    discount: Money!
    "The amount charged: subtotal − discount."
    total: Money!
    "ISO 4217 code of every amount of the order (e.g. GBP)."
    currency: String!
    "The coupon codes applied, in the order they were applied (percent-off first, then amount-off)."
    coupons: [AppliedCoupon!]!
    "Where the order ships; null when unknown (orders placed before this field existed)."
    shippingCountry: String
    "The order's lines, as placed."
    lines: [OrderLine!]!
    "Once SHIPPED: the carrier and tracking number."
    shipment: Shipment
    "When it was DELIVERED (ISO 8601)."
    deliveredAt: String
    "Minor units refunded so far (refunds the provider completed); 0 without."
    refundedAmount: Money!
    "When the order was placed: the time its OrderCreated event was recorded (ISO 8601, UTC)."
    createdAt: String!
    "When the last event reflected here was recorded (ISO 8601, UTC)."
    updatedAt: String!
    "Position of the last event reflected in this view."
    position: String!
  }

  "A product of the catalog with its stock, as the stock-levels read model holds it."
  type Product {
    "The stock-keeping unit (the product's key)."
    sku: String!
    "The product's display name."
    name: String!
    "The current catalog price of one unit, minor units of currency."
    unitPrice: Money!
    "ISO 4217 code of unitPrice; orders of this product are in it."
    currency: String!
    "Units in the warehouse, reserved ones included."
    onHand: Int!
    "Units held by orders not yet confirmed or cancelled."
    reserved: Int!
    "Units that a new order can reserve: onHand − reserved, never below 0."
    available: Int!
    "When the last event reflected here was recorded (ISO 8601, UTC)."
    updatedAt: String!
  }

  "Relay pagination state of one page of a connection."
  type PageInfo {
    "Whether more items follow this page (ask again with after: endCursor)."
    hasNextPage: Boolean!
    "The cursor of the page's last item, to pass as after; null when the page is empty."
    endCursor: String
  }

  "One order of a page, with its cursor."
  type OrderEdge {
    "Opaque position of this order in the list, to pass as after."
    cursor: String!
    "The order."
    node: Order!
  }

  "A page of orders, newest first (Relay cursor connection)."
  type OrderConnection {
    "How many orders match the filters (all pages)."
    totalCount: Int!
    "The orders of this page."
    edges: [OrderEdge!]!
    "Whether more pages follow, and the cursor to ask for the next."
    pageInfo: PageInfo!
  }

  "One product of a page, with its cursor."
  type ProductEdge {
    "Opaque position of this product in the list, to pass as after."
    cursor: String!
    "The product."
    node: Product!
  }

  "A page of products, by SKU (Relay cursor connection)."
  type ProductConnection {
    "How many products the catalog has (all pages)."
    totalCount: Int!
    "The products of this page."
    edges: [ProductEdge!]!
    "Whether more pages follow, and the cursor to ask for the next."
    pageInfo: PageInfo!
  }

  "One line of a new order."
  input OrderLineInput {
    "A SKU of the catalog; an unknown one is NOT_FOUND."
    sku: String!
    "Units to order, a positive integer."
    quantity: Int!
    "Optional: the price the client expects to pay for one unit (minor units). The order is always priced from the catalog; when this differs from the catalog price the order is refused with PRICE_CHANGED, naming the SKU and its current price."
    unitPrice: Money
  }

  "A new order."
  input PlaceOrderInput {
    "Who orders; a customer key may only give its own customer id (FORBIDDEN otherwise)."
    customerId: String!
    "ISO 4217; default: the products' currency. Another currency than the products' is VALIDATION_FAILED."
    currency: String
    "Where the order ships (1–60 characters), optional."
    shippingCountry: String
    "At least one line; all of the products' currency."
    lines: [OrderLineInput!]!
    "Coupon codes (any case), at most 5. An unknown code is NOT_FOUND and one the order cannot use COUPON_REJECTED, before anything is written; a code that runs out meanwhile cancels the order COUPON_REJECTED (EXHAUSTED)."
    couponCodes: [String!]
    "Admin only (FORBIDDEN for a customer key): the order's business time, when the customer placed it, ISO-8601 with a zone (e.g. 2010-12-01T08:26:00Z), for importing past orders; the sales reports (dailySales, hourly reports) group by it. Default: now. Not ISO-8601, or later than now (60 s of clock skew allowed): VALIDATION_FAILED. Part of the idempotency check: a retry must send the same time."
    placedAt: String
  }

  "What placeOrder did."
  type PlaceOrderResult {
    "The new order's id (the first result's again when the idempotency key was used before)."
    orderId: ID!
    "Position of the OrderCreated event."
    position: String!
  }

  "What a command on an order did."
  type OrderChange {
    "The order the command was for."
    orderId: ID!
    "Position of the appended event; null when the command changed nothing (a repeat)."
    position: String
  }

  "What a catalog or stock command did."
  type StockChange {
    "The product the command was for."
    sku: String!
    "Position of the appended event (pass it as minPosition to read the change)."
    position: String!
  }

  "What changePrice did."
  type PriceChange {
    "The product whose price changed."
    sku: String!
    "The catalog price now, minor units of the product's currency."
    unitPrice: Money!
    "Position of the PriceChanged event; null when the price was that already."
    position: String
  }
`;
