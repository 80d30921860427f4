/**
 * The read-side types and the root types (Query, Subscription, Mutation) of the GraphQL schema
 * (SDL); the order and catalog types are in order-schema.ts. Positions are strings: they are
 * 64-bit and GraphQL's Int is 32-bit.
 */
export const schema = /* GraphQL */ `
  "Confirmed orders of one UTC day, country and currency."
  type DailySales {
    "UTC day the orders were placed, YYYY-MM-DD."
    day: String!
    "Shipping country; Unknown for orders without one."
    country: String!
    "ISO 4217 code of revenue."
    currency: String!
    "How many orders were confirmed."
    orders: Int!
    "Units of those orders."
    units: Int!
    "Minor units of currency."
    revenue: Money!
  }

  "An order's status, served from Redis (Postgres when Redis is down or behind)."
  type OrderStatusEntry {
    "The order's id."
    orderId: ID!
    "Where the order is now."
    status: OrderStatus!
    "Why it was cancelled, when CANCELLED (as Order.cancellationReason); null otherwise."
    cancellationReason: String
  }

  "Units of a SKU, served from Redis (Postgres when Redis is down or behind)."
  type StockAvailability {
    "The product's stock-keeping unit."
    sku: String!
    "Units in the warehouse, reserved ones included."
    onHand: Int!
    "Units held by orders not yet confirmed or cancelled."
    reserved: Int!
    "onHand − reserved, never below 0."
    available: Int!
  }

  "A SKU and how many units of it were sold."
  type TopSeller {
    "The product's stock-keeping unit."
    sku: String!
    "Units sold (committed to orders)."
    units: Int!
  }

  "A read model's subscription to the event log: where it is and how it is doing."
  type ProjectionStatus {
    "The read model's name (e.g. order-details)."
    name: String!
    "postgres or redis"
    store: String!
    "The read model's version (a new version rebuilds it from the start of the event log)."
    version: Int!
    """
    starting, catching-up, running, retrying (waiting out a failure: see lastError), standby
    (another process applies it) or stopped
    """
    state: String!
    "When it entered its state (ISO 8601)."
    since: String!
    "Position of the last event applied, parked or scanned past: its stored checkpoint (decimal string)."
    checkpoint: String!
    "Position of $all its subscription has scanned (at least the checkpoint)."
    scanned: String!
    "Head position of $all minus scanned; 0 when caught up (positions are not dense: not an event count)."
    lagPositions: String!
    "When behind the head: ms since the last applied event was recorded (how stale it is); 0 when caught up."
    lagMs: Int!
    "Events applied per second over the last 10 s, by this process."
    eventsPerSecond: Float!
    "Events it failed on for good and set aside (see parkedEvents)."
    parked: Int!
    "The last error: why it is retrying, or the last event parked; null when none."
    lastError: String
  }

  "An event a read model failed on for good and set aside (parked), to retry or skip later."
  type ParkedEvent {
    "The read model that parked it."
    projection: String!
    "The event's id (a UUID)."
    eventId: ID!
    "The event's position in the log (decimal string)."
    position: String!
    "The event's type, e.g. OrderCreated."
    eventType: String!
    "The stream the event belongs to, e.g. order-<id>."
    streamName: String!
    "The error of its last attempt."
    error: String!
    "How many times applying it was tried."
    attempts: Int!
    "When it was parked (ISO 8601, UTC)."
    parkedAt: String!
  }

  "A change of an order's status, as a subscription delivers it."
  type OrderStatusChange {
    "The order whose status changed."
    orderId: ID!
    "The status it has now."
    status: OrderStatus!
    "Why it was cancelled, when the new status is CANCELLED; null otherwise."
    cancellationReason: String
    "Position of the event that changed the status."
    position: String!
    "When that event was recorded (ISO 8601, UTC)."
    at: String!
  }

  """
  Reads. Every field needs an API key (authorization: Bearer <key>): UNAUTHENTICATED without.
  minPosition: wait (bounded) until the read model has processed the event log up to this
  position (as returned by a mutation); TIMEOUT otherwise. Page sizes (first) are 0..100 unless
  said otherwise; after takes a cursor of the same list (VALIDATION_FAILED otherwise).
  """
  type Query {
    "One order by id; null when there is none, or when a customer key asks for another customer's."
    order(
      "The order's id."
      id: ID!
      "Wait until the order-details read model reached this position (see Query)."
      minPosition: String
    ): Order
    "Orders, newest first. A customer key sees its own orders only (a customerId of another customer is FORBIDDEN)."
    orders(
      "Only this customer's orders (admin); a customer key may only name itself."
      customerId: String
      "Only orders in this status."
      status: OrderStatus
      "Page size, 0..100."
      first: Int = 20
      "The endCursor of the previous page."
      after: String
      "Wait until the order-details read model reached this position (see Query)."
      minPosition: String
    ): OrderConnection!
    "One product by SKU; null when the catalog has none."
    product(
      "The product's SKU."
      sku: String!
      "Wait until the stock-levels read model reached this position (see Query)."
      minPosition: String
    ): Product
    "The catalog, by SKU."
    products(
      "Page size, 0..100."
      first: Int = 20
      "The endCursor of the previous page."
      after: String
      "Wait until the stock-levels read model reached this position (see Query)."
      minPosition: String
    ): ProductConnection!
    "Orders, units and revenue of confirmed orders per day, country and currency; newest day first. Admin only."
    dailySales(
      "First UTC day, YYYY-MM-DD, inclusive (VALIDATION_FAILED otherwise)."
      from: String
      "Last UTC day, YYYY-MM-DD, inclusive."
      to: String
      "Only this shipping country (Unknown: orders without one)."
      country: String
      "Most rows, 1..1000."
      first: Int = 100
      "Wait until the daily-sales read model reached this position (see Query)."
      minPosition: String
    ): [DailySales!]!
    "An order's status from the Redis read model (Postgres when Redis is down or behind); null when there is none or it is another customer's."
    orderStatus(
      "The order's id."
      id: ID!
      "Wait until the order-status read model reached this position (see Query)."
      minPosition: String
    ): OrderStatusEntry
    "A SKU's units from the Redis read model (Postgres when Redis is down or behind); null for an unknown SKU."
    stockAvailability(
      "The product's SKU."
      sku: String!
      "Wait until the stock-availability read model reached this position (see Query)."
      minPosition: String
    ): StockAvailability
    "Best-selling SKUs by units sold, most first (ties by SKU); first is 1..100."
    topSellers(
      "How many SKUs, 1..100."
      first: Int = 10
      "Wait until the top-sellers read model reached this position (see Query)."
      minPosition: String
    ): [TopSeller!]!
    "Checkpoint, lag, throughput and parked events of each read model. Admin only."
    projections: [ProjectionStatus!]!
    "Events the read models parked (set aside after their handler kept failing). Admin only."
    parkedEvents("Only those of this read model (ProjectionStatus.name)." projection: String): [ParkedEvent!]!
  }

  "Live updates over WebSocket at /graphql (graphql-ws); the key goes in connection_init as { authorization: 'Bearer <key>' }."
  type Subscription {
    "Each status change of the order, as soon as the order-details read model applied it. A customer key may follow only its own orders (FORBIDDEN for another's); an order not placed yet may be followed."
    orderStatusChanged("The order to follow." orderId: ID!): OrderStatusChange!
  }

  "Commands. Each appends events to the log and returns the position to pass as minPosition to read its effect."
  type Mutation {
    "Adds a product to the catalog; give its price as price (Money) — unitPrice (Int, 32-bit) is kept for older clients. A SKU registered before is ALREADY_EXISTS. Admin only."
    registerProduct(
      "The new product's stock-keeping unit."
      sku: String!
      "Its display name."
      name: String!
      "The price of one unit, minor units of currency."
      price: Money
      "The price of one unit as a 32-bit Int, minor units (older clients)."
      unitPrice: Int
        @deprecated(reason: "Int is 32-bit; use price (Money). Exactly one of the two is required.")
      "ISO 4217 code of the price."
      currency: String!
      "Units in the warehouse to start with, 0 or more."
      initialStock: Int!
      "Low-stock threshold, units (see setStockThreshold); default the server's STOCK_ALERT_DEFAULT_THRESHOLD (0 unless configured: no alerts)."
      lowStockThreshold: Int
    ): StockChange!
    "Sets a product's catalog price (minor units of its currency). Orders placed before keep their price; orders placed after the stock-levels read model applied the change (use product(sku, minPosition: position)) get the new one. Admin only."
    changePrice(
      "The product's SKU; an unknown one is NOT_FOUND."
      sku: String!
      "The new price of one unit, minor units of the product's currency."
      unitPrice: Money!
    ): PriceChange!
    "Adds units to a product's stock. Admin only."
    restock(
      "The product's SKU; an unknown one is NOT_FOUND."
      sku: String!
      "Units received, a positive integer."
      quantity: Int!
    ): StockChange!
    "Places an order: stock is reserved, then payment requested, by the order-fulfillment saga. Idempotent by idempotencyKey (per customer): a retry returns the first result."
    placeOrder(
      "The order."
      input: PlaceOrderInput!
      "The client's key for this order (e.g. a UUID it made); the same key again returns the first order instead of placing another."
      idempotencyKey: String!
    ): PlaceOrderResult!
    "Cancels an order that is not yet confirmed (reason CUSTOMER_CANCELLED); INVALID_STATE once confirmed, shipped or delivered, NOT_FOUND for no such order. A customer key may cancel only its own orders (FORBIDDEN). Cancelling a cancelled order changes nothing."
    cancelOrder("The order to cancel." orderId: ID!): OrderChange!
    "Hands a CONFIRMED order to a carrier (each 1–100 characters): status SHIPPED. The same call again changes nothing. Admin only."
    shipOrder(
      "The order to ship; INVALID_STATE unless CONFIRMED."
      orderId: ID!
      "The carrier's name, 1–100 characters."
      carrier: String!
      "The carrier's tracking number, 1–100 characters."
      trackingNumber: String!
    ): OrderChange!
    "Records that a SHIPPED order reached the customer: status DELIVERED. Admin only."
    markDelivered("The order delivered; INVALID_STATE unless SHIPPED." orderId: ID!): OrderChange!
  }
`;
