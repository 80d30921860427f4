import {
  createTestDatabase,
  eventually,
  testRedisUrl,
  uniqueSuffix,
  type TestDatabase,
} from '@orderflow/testing';
import { createApiKey, generateKey } from '../auth/api-keys.ts';
import { startOrderflow, type Orderflow, type OrderflowOptions } from '@orderflow/host';

/** A GraphQL response as the tests see it. */
export interface GqlResponse<T = Record<string, any>> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string; [k: string]: unknown } }>;
}

/** An admin key for tests that start their own server (`startOrderflow({ adminKey })`). */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789';

/** One Orderflow on its own fresh database, driven through `app.inject`. */
export interface Harness {
  readonly orderflow: Orderflow;
  readonly db: TestDatabase;
  /** The admin key the server was started with (ORDERFLOW_ADMIN_KEY); `gql` and `ok` send it. */
  readonly adminKey: string;
  /** `authorization` header value of the admin key. */
  readonly adminAuth: string;
  /** Like gql, with another `authorization` header value (or none, with null). */
  gqlAs<T = Record<string, any>>(
    authorization: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GqlResponse<T>>;
  /** Issues a customer key for `customerId` and returns its `authorization` header value. */
  customerAuth(customerId: string): Promise<string>;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>>;
  /** Like gql, but fails on errors and returns `data`. */
  ok<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /**
   * POST /graphql with any payload (object → JSON, string or Buffer as is) and headers; the
   * admin key unless `authorization` is given (null: none). Returns status, headers and the
   * parsed body (null when it is not JSON).
   */
  post(
    payload: unknown,
    options?: { authorization?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Record<string, unknown>; body: GqlResponse | null }>;
  /** Rows of `eventstore.events`: the whole event log, or the events of one `type`. */
  eventCount(type?: string): Promise<number>;
  orderStatus(orderId: string): Promise<{ status: string; cancellationReason: string | null } | null>;
  waitForStatus(
    orderId: string,
    statuses: string[],
    timeoutMs?: number,
  ): Promise<{ status: string; cancellationReason: string | null }>;
  close(): Promise<void>;
}

/**
 * Starts an Orderflow on a fresh database with a random admin key. `server` passes further
 * {@link OrderflowOptions} (process-manager tuning, payment timeout, …).
 */
export async function startHarness(
  options: {
    approvalRate?: number;
    latencyMs?: number;
    redis?: boolean;
    server?: Partial<OrderflowOptions>;
  } = {},
): Promise<Harness> {
  const db = await createTestDatabase('e2e');
  const adminKey = generateKey();
  const adminAuth = `Bearer ${adminKey}`;
  const orderflow = await startOrderflow({
    adminKey,
    databaseUrl: db.url,
    paymentSimulator: { approvalRate: options.approvalRate ?? 1, latencyMs: options.latencyMs ?? 5 },
    minPositionTimeoutMs: 1000,
    redis: options.redis ? { url: testRedisUrl(), keyPrefix: `test-${uniqueSuffix()}` } : undefined,
    ...options.server,
  });
  const gqlAs = async <T>(
    authorization: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ) => {
    const response = await orderflow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: authorization ? { authorization } : {},
      payload: { query, variables },
    });
    return response.json() as GqlResponse<T>;
  };
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    gqlAs<T>(adminAuth, query, variables);
  const ok = async <T>(query: string, variables?: Record<string, unknown>) => {
    const response = await gql<T>(query, variables);
    if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    return response.data!;
  };
  const post: Harness['post'] = async (payload, postOptions = {}) => {
    const authorization = postOptions.authorization === undefined ? adminAuth : postOptions.authorization;
    const response = await orderflow.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { ...(authorization ? { authorization } : {}), ...postOptions.headers },
      payload: payload as never,
    });
    let body: GqlResponse | null = null;
    try {
      body = response.json() as GqlResponse;
    } catch {
      body = null;
    }
    return { status: response.statusCode, headers: response.headers, body };
  };
  const eventCount = async (type?: string) =>
    Number(
      (
        (await orderflow.db.raw(
          `select count(*)::int as n from eventstore.events${type ? ' where type = ?' : ''}`,
          type ? [type] : [],
        )) as {
          rows: [{ n: number }];
        }
      ).rows[0].n,
    );
  const orderStatus = async (orderId: string) =>
    (
      await ok<{ order: { status: string; cancellationReason: string | null } | null }>(
        `query($id: ID!) { order(id: $id) { status cancellationReason } }`,
        { id: orderId },
      )
    ).order;
  return {
    orderflow,
    db,
    adminKey,
    adminAuth,
    gqlAs,
    customerAuth: async (customerId) =>
      `Bearer ${(await createApiKey(orderflow.db, { role: 'customer', customerId, label: customerId })).key}`,
    gql,
    ok,
    post,
    eventCount,
    orderStatus,
    waitForStatus: (orderId, statuses, timeoutMs = 15_000) =>
      eventually(
        `order ${orderId} to be ${statuses.join('|')}`,
        async () => {
          const order = await orderStatus(orderId);
          return order && statuses.includes(order.status) ? order : undefined;
        },
        { timeoutMs },
      ),
    async close() {
      await orderflow.stop();
      await db.drop();
    },
  };
}

export const REGISTER = `mutation($sku: String!, $stock: Int!, $price: Money = 250, $currency: String = "GBP") {
  registerProduct(sku: $sku, name: "Test product", price: $price, currency: $currency, initialStock: $stock) { sku position }
}`;

export const PLACE = `mutation($input: PlaceOrderInput!, $key: String!) {
  placeOrder(input: $input, idempotencyKey: $key) { orderId position }
}`;

export const PRODUCT = `query($sku: String!) { product(sku: $sku) { onHand reserved available } }`;
