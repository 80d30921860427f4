/** The GraphQL schema (SDL). Positions are strings: they are 64-bit and GraphQL's Int is 32-bit. */
export const schema = /* GraphQL */ `
  enum OrderStatus {
    PENDING
    AWAITING_PAYMENT
    CONFIRMED
    CANCELLED
  }

  type OrderLine {
    sku: String!
    quantity: Int!
    "Minor units of the order's currency."
    unitPrice: Int!
  }

  type Order {
    id: ID!
    customerId: String!
    status: OrderStatus!
    "OUT_OF_STOCK, PAYMENT_FAILED, PAYMENT_TIMEOUT or CUSTOMER_CANCELLED when CANCELLED."
    cancellationReason: String
    "Minor units of currency."
    total: Int!
    currency: String!
    "Where the order ships; null when unknown (orders placed before this field existed)."
    shippingCountry: String
    lines: [OrderLine!]!
    createdAt: String!
    updatedAt: String!
    "Position of the last event reflected in this view."
    position: String!
  }

  type Product {
    sku: String!
    name: String!
    unitPrice: Int!
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
    "Minor units (e.g. pence)."
    unitPrice: Int!
  }

  input PlaceOrderInput {
    customerId: String!
    currency: String = "GBP"
    "Where the order ships (1–60 characters), optional."
    shippingCountry: String
    lines: [OrderLineInput!]!
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

  type Query {
    order(id: ID!): Order
    orders(customerId: String, status: OrderStatus, first: Int = 20, after: String): OrderConnection!
    product(sku: String!): Product
    products(first: Int = 20, after: String): ProductConnection!
  }

  type Mutation {
    registerProduct(
      sku: String!
      name: String!
      unitPrice: Int!
      currency: String!
      initialStock: Int!
    ): StockChange!
    restock(sku: String!, quantity: Int!): StockChange!
    "Idempotent by idempotencyKey (per customer): a retry returns the first result."
    placeOrder(input: PlaceOrderInput!, idempotencyKey: String!): PlaceOrderResult!
    cancelOrder(orderId: ID!): OrderChange!
  }
`;
