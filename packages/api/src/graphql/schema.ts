/** The GraphQL schema (SDL). Positions are strings: they are 64-bit and GraphQL's Int is 32-bit. */
export const schema = /* GraphQL */ `
  enum OrderStatus {
    PENDING
    AWAITING_PAYMENT
    CONFIRMED
    CANCELLED
    SHIPPED
    DELIVERED
    "Part of what was paid went back (refundOrder with lines); the order may still ship and be delivered."
    PARTIALLY_REFUNDED
    "Everything paid went back."
    REFUNDED
  }

  "Where a shipped order went."
  type Shipment {
    carrier: String!
    trackingNumber: String!
    "ISO 8601"
    shippedAt: String!
  }

  type OrderLine {
    sku: String!
    quantity: Int!
    "The catalog price of one unit when the order was placed (the order's price snapshot), minor units of the order's currency."
    unitPrice: Money!
    "What the order's coupons took off this line's amount (quantity × unitPrice), minor units."
    discount: Money!
  }

  type Order {
    id: ID!
    customerId: String!
    status: OrderStatus!
    "OUT_OF_STOCK, PAYMENT_FAILED, PAYMENT_TIMEOUT, CUSTOMER_CANCELLED or COUPON_REJECTED when CANCELLED."
    cancellationReason: String
    "The coupon refused, and why, when the reason is COUPON_REJECTED."
    rejectedCoupon: RejectedCoupon
    "Σ quantity × unitPrice before coupons, minor units of currency."
    subtotal: Money!
    "What the coupons took off: Σ coupons' discounts."
    discount: Money!
    "The amount charged: subtotal − discount."
    total: Money!
    currency: String!
    "The coupon codes applied, in the order they were applied (percent-off first, then amount-off)."
    coupons: [AppliedCoupon!]!
    "Where the order ships; null when unknown (orders placed before this field existed)."
    shippingCountry: String
    lines: [OrderLine!]!
    "Once SHIPPED: the carrier and tracking number."
    shipment: Shipment
    "When it was DELIVERED (ISO 8601)."
    deliveredAt: String
    "Minor units refunded so far (refunds the provider completed); 0 without."
    refundedAmount: Money!
    createdAt: String!
    updatedAt: String!
    "Position of the last event reflected in this view."
    position: String!
  }

  type Product {
    sku: String!
    name: String!
    "The current catalog price of one unit, minor units of currency."
    unitPrice: Money!
    currency: String!
    onHand: Int!
    reserved: Int!
    available: Int!
    updatedAt: String!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type OrderEdge {
    cursor: String!
    node: Order!
  }

  type OrderConnection {
    totalCount: Int!
    edges: [OrderEdge!]!
    pageInfo: PageInfo!
  }

  type ProductEdge {
    cursor: String!
    node: Product!
  }

  type ProductConnection {
    totalCount: Int!
    edges: [ProductEdge!]!
    pageInfo: PageInfo!
  }

  input OrderLineInput {
    sku: String!
    quantity: Int!
    "Optional: the price the client expects to pay for one unit (minor units). The order is always priced from the catalog; when this differs from the catalog price the order is refused with PRICE_CHANGED, naming the SKU and its current price."
    unitPrice: Money
  }

  input PlaceOrderInput {
    customerId: String!
    "ISO 4217; default: the products' currency. Another currency than the products' is VALIDATION_FAILED."
    currency: String
    "Where the order ships (1–60 characters), optional."
    shippingCountry: String
    lines: [OrderLineInput!]!
    "Coupon codes (any case), at most 5. An unknown code is NOT_FOUND and one the order cannot use COUPON_REJECTED, before anything is written; a code that runs out meanwhile cancels the order COUPON_REJECTED (EXHAUSTED)."
    couponCodes: [String!]
  }

  type PlaceOrderResult {
    orderId: ID!
    "Position of the OrderCreated event."
    position: String!
  }

  type OrderChange {
    orderId: ID!
    "Position of the appended event; null when the command changed nothing (a repeat)."
    position: String
  }

  type StockChange {
    sku: String!
    position: String!
  }

  type PriceChange {
    sku: String!
    "The catalog price now, minor units of the product's currency."
    unitPrice: Money!
    "Position of the PriceChanged event; null when the price was that already."
    position: String
  }

  type DailySales {
    "UTC day the orders were placed, YYYY-MM-DD."
    day: String!
    "Shipping country; Unknown for orders without one."
    country: String!
    currency: String!
    orders: Int!
    units: Int!
    "Minor units of currency."
    revenue: Money!
  }

  "An order's status, served from Redis (Postgres when Redis is down or behind)."
  type OrderStatusEntry {
    orderId: ID!
    status: OrderStatus!
    cancellationReason: String
  }

  "Units of a SKU, served from Redis (Postgres when Redis is down or behind)."
  type StockAvailability {
    sku: String!
    onHand: Int!
    reserved: Int!
    available: Int!
  }

  type TopSeller {
    sku: String!
    "Units sold (committed to orders)."
    units: Int!
  }

  type ProjectionStatus {
    name: String!
    "postgres or redis"
    store: String!
    version: Int!
    """
    starting, catching-up, running, retrying (waiting out a failure: see lastError), standby
    (another process applies it) or stopped
    """
    state: String!
    "When it entered its state (ISO 8601)."
    since: String!
    checkpoint: String!
    "Position of $all its subscription has scanned (at least the checkpoint)."
    scanned: String!
    lagPositions: String!
    lagMs: Int!
    eventsPerSecond: Float!
    parked: Int!
    lastError: String
  }

  type ParkedEvent {
    projection: String!
    eventId: ID!
    position: String!
    eventType: String!
    streamName: String!
    error: String!
    attempts: Int!
    parkedAt: String!
  }

  type OrderStatusChange {
    orderId: ID!
    status: OrderStatus!
    cancellationReason: String
    "Position of the event that changed the status."
    position: String!
    at: String!
  }

  "minPosition: wait (bounded) until the read model has processed the event log up to this position (as returned by a mutation); TIMEOUT otherwise."
  type Query {
    order(id: ID!, minPosition: String): Order
    orders(
      customerId: String
      status: OrderStatus
      first: Int = 20
      after: String
      minPosition: String
    ): OrderConnection!
    product(sku: String!, minPosition: String): Product
    products(first: Int = 20, after: String, minPosition: String): ProductConnection!
    "Orders, units and revenue of confirmed orders per day, country and currency; newest day first."
    dailySales(
      from: String
      to: String
      country: String
      first: Int = 100
      minPosition: String
    ): [DailySales!]!
    orderStatus(id: ID!, minPosition: String): OrderStatusEntry
    stockAvailability(sku: String!, minPosition: String): StockAvailability
    "Best-selling SKUs by units sold, most first (ties by SKU); first is 1..100."
    topSellers(first: Int = 10, minPosition: String): [TopSeller!]!
    "Checkpoint, lag, throughput and parked events of each read model."
    projections: [ProjectionStatus!]!
    parkedEvents(projection: String): [ParkedEvent!]!
  }

  type Subscription {
    "Each status change of the order, as soon as the order-details read model applied it."
    orderStatusChanged(orderId: ID!): OrderStatusChange!
  }

  type Mutation {
    "Adds a product to the catalog; give its price as price (Money) — unitPrice (Int, 32-bit) is kept for older clients."
    registerProduct(
      sku: String!
      name: String!
      price: Money
      unitPrice: Int
        @deprecated(reason: "Int is 32-bit; use price (Money). Exactly one of the two is required.")
      currency: String!
      initialStock: Int!
      "Low-stock threshold, units (see setStockThreshold); default 0: no alerts."
      lowStockThreshold: Int
    ): StockChange!
    "Sets a product's catalog price (minor units of its currency). Orders placed before keep their price; orders placed after the stock-levels read model applied the change (use product(sku, minPosition: position)) get the new one. Admin only."
    changePrice(sku: String!, unitPrice: Money!): PriceChange!
    restock(sku: String!, quantity: Int!): StockChange!
    "Idempotent by idempotencyKey (per customer): a retry returns the first result."
    placeOrder(input: PlaceOrderInput!, idempotencyKey: String!): PlaceOrderResult!
    cancelOrder(orderId: ID!): OrderChange!
    "Hands a CONFIRMED order to a carrier (each 1–100 characters): status SHIPPED. The same call again changes nothing. Admin only."
    shipOrder(orderId: ID!, carrier: String!, trackingNumber: String!): OrderChange!
    "Records that a SHIPPED order reached the customer: status DELIVERED. Admin only."
    markDelivered(orderId: ID!): OrderChange!
  }
`;
