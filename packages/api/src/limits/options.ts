/**
 * What the API bounds for a hostile or buggy client, and the defaults. The figures are chosen
 * against the legitimate traffic of this repository: the README's example session, the saga
 * dashboard's queries (packages/dashboard/web/api/queries.ts) and `orderflow load`, each of
 * which stays well inside (limits.e2e.test.ts checks it).
 */

/** Bounds on one GraphQL operation, checked before it executes. */
export interface QueryLimits {
  /**
   * Lexical tokens of a document (graphql-js `parse(…, { maxTokens })`). 2,000: the whole
   * introspection query GraphiQL sends has 183, the dashboard's largest query about 90.
   */
  readonly maxTokens: number;
  /**
   * Nesting depth of fields (graphql-armor max-depth; introspection's `__schema` excepted). 10:
   * the deepest query of the dashboard (`saga { steps { edges { node { seq } } } }`) has 5.
   */
  readonly maxDepth: number;
  /** Aliased fields in an operation (graphql-armor max-aliases). 20: our own clients use none. */
  readonly maxAliases: number;
  /**
   * How often one response key may be selected in one selection set (fragments included).
   * graphql-js' OverlappingFieldsCanBeMerged rule is quadratic in it: 200 repeats of
   * `b(x: 1) { c }` take 40–60 ms to validate on the development machine. 10.
   */
  readonly maxFieldRepeats: number;
  /** Directives in an operation (graphql-armor max-directives). 10. */
  readonly maxDirectives: number;
  /**
   * Estimated cost (graphql-query-complexity; see `query-cost.ts`): about the number of values a
   * response can hold. 50,000: the dashboard's largest (sagas(first: 500) with its row fields)
   * costs about 8,500, a saga's detail with 500 steps about 6,200.
   */
  readonly maxCost: number;
  /** Items of one list argument (after variables are applied). 1,000 (an order has at most 500 lines). */
  readonly maxListLength: number;
}

/**
 * Request budgets per API key (fixed windows, @fastify/rate-limit), with separate budgets for
 * mutations and for queries. Requests without a valid key share a budget per IP address.
 */
export interface RateLimits {
  readonly enabled: boolean;
  /** Length of a window, ms. 60,000. */
  readonly windowMs: number;
  /**
   * Queries per key and window. 12,000 a minute (200/s): a dashboard polls well under 1/s, a
   * storefront's key a few per order.
   */
  readonly queries: number;
  /**
   * Mutations per key and window. 6,000 a minute (100/s): about a third of the orders per second
   * the whole 2-core server sustained in the README's load (296/s), so one key cannot take it.
   */
  readonly mutations: number;
  /** Requests (of both kinds) per IP address and window without a valid key. 600 a minute. */
  readonly anonymous: number;
  /**
   * Admin keys are not limited (operators' loads, benchmarks and the dashboard); false gives them
   * the same budgets as customer keys. Default true.
   */
  readonly exemptAdmin: boolean;
}

/** Bounds on GraphQL subscriptions over WebSocket. */
export interface WebSocketLimits {
  /** A socket that sends no `connection_init` within this is closed (4408), ms. 5,000. */
  readonly initTimeoutMs: number;
  /** Open connections per API key (without a key: per IP address); more are closed with 4429. 50. */
  readonly maxConnectionsPerKey: number;
  /** Active subscriptions per connection; more are refused with RATE_LIMITED. 100. */
  readonly maxSubscriptionsPerConnection: number;
  /**
   * How often each open connection's key is checked again, uncached, ms; a revoked key's sockets
   * are closed (4403). 10,000: within the 30 s the HTTP key cache keeps a revoked key.
   */
  readonly authRecheckMs: number;
  /** Largest WebSocket message, bytes. 65,536 (a subscribe message is well under 1 KiB). */
  readonly maxMessageBytes: number;
}

/** Everything the API bounds; see the README's "Limits" section. */
export interface ApiLimits {
  /**
   * Largest request body, bytes: a larger Content-Length is answered 413 before the body is read.
   * 1 MiB (fastify's default).
   */
  readonly bodyLimitBytes: number;
  readonly query: QueryLimits;
  readonly rate: RateLimits;
  readonly websocket: WebSocketLimits;
}

/** The defaults, with the reasons in the field docs above. */
export const DEFAULT_LIMITS: ApiLimits = {
  bodyLimitBytes: 1_048_576,
  query: {
    maxTokens: 2_000,
    maxDepth: 10,
    maxAliases: 20,
    maxFieldRepeats: 10,
    maxDirectives: 10,
    maxCost: 50_000,
    maxListLength: 1_000,
  },
  rate: {
    enabled: true,
    windowMs: 60_000,
    queries: 12_000,
    mutations: 6_000,
    anonymous: 600,
    exemptAdmin: true,
  },
  websocket: {
    initTimeoutMs: 5_000,
    maxConnectionsPerKey: 50,
    maxSubscriptionsPerConnection: 100,
    authRecheckMs: 10_000,
    maxMessageBytes: 65_536,
  },
};

/** Some of {@link ApiLimits}, group by group. */
export interface ApiLimitsOverrides {
  readonly bodyLimitBytes?: number;
  readonly query?: Partial<QueryLimits>;
  readonly rate?: Partial<RateLimits>;
  readonly websocket?: Partial<WebSocketLimits>;
}

/** {@link DEFAULT_LIMITS} with `overrides` applied. */
export function resolveLimits(overrides: ApiLimitsOverrides = {}): ApiLimits {
  return {
    bodyLimitBytes: overrides.bodyLimitBytes ?? DEFAULT_LIMITS.bodyLimitBytes,
    query: { ...DEFAULT_LIMITS.query, ...overrides.query },
    rate: { ...DEFAULT_LIMITS.rate, ...overrides.rate },
    websocket: { ...DEFAULT_LIMITS.websocket, ...overrides.websocket },
  };
}
