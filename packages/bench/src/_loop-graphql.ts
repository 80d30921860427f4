/**
 * GraphQL over HTTP for `pnpm bench loop`: an undici connection pool to the server's
 * /graphql, and the classification of every failure into one short code for the error counts.
 */
import { Pool } from 'undici';

/** The outcome of one GraphQL request: `data` on success, otherwise an error code. */
export type GraphqlOutcome<T> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly code: string };

/** A GraphQL client over one undici Pool. */
export interface GraphqlClient {
  /** POSTs `{ query, variables }`; never throws (failures come back as codes, see {@link classify}). */
  request<T>(query: string, variables: object): Promise<GraphqlOutcome<T>>;
  close(): Promise<void>;
}

/** The response of one POST /graphql, as far as {@link classify} needs it. */
export interface GraphqlResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * The error code of a response: the first GraphQL error's `extensions.code` when the body has
 * errors (whatever the HTTP status), else `HTTP_<status>` for a status other than 200, else
 * `BAD_RESPONSE` for a body without `data`; null for a success.
 */
export function classify(response: GraphqlResponse): string | null {
  let parsed: { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> } | undefined;
  try {
    parsed = JSON.parse(response.body) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  const errors = parsed?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const code = errors[0]?.extensions?.code;
    return typeof code === 'string' ? code : `GRAPHQL_ERROR_HTTP_${response.status}`;
  }
  if (response.status !== 200) return `HTTP_${response.status}`;
  return parsed?.data ? null : 'BAD_RESPONSE';
}

/**
 * A client for `origin` (e.g. `http://127.0.0.1:4123`) with `connections` keep-alive
 * connections (no pipelining), sending `authorization: Bearer <apiKey>`. A request that has no
 * complete response within `timeoutMs` fails with undici's code (`UND_ERR_HEADERS_TIMEOUT`,
 * `UND_ERR_BODY_TIMEOUT`); socket errors come back with their code (`ECONNRESET`, …).
 */
export function graphqlClient(
  origin: string,
  apiKey: string,
  connections: number,
  timeoutMs: number,
): GraphqlClient {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
  return {
    async request<T>(query: string, variables: object): Promise<GraphqlOutcome<T>> {
      try {
        const response = await pool.request({
          path: '/graphql',
          method: 'POST',
          headers,
          body: JSON.stringify({ query, variables }),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const body = await response.body.text();
        const code = classify({ status: response.statusCode, body });
        if (code !== null) return { ok: false, code };
        return { ok: true, data: (JSON.parse(body) as { data: T }).data };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        return { ok: false, code: typeof code === 'string' ? code : 'CLIENT_ERROR' };
      }
    },
    close: () => pool.close(),
  };
}

/** The placeOrder mutation the load sends (variables `input`, `key`). */
export const PLACE_ORDER = /* GraphQL */ `
  mutation PlaceOrder($input: PlaceOrderInput!, $key: String!) {
    placeOrder(input: $input, idempotencyKey: $key) {
      orderId
      position
    }
  }
`;

/** The registerProduct mutation of the seed (variables sku, name, unitPrice, currency, initialStock). */
export const REGISTER_PRODUCT = /* GraphQL */ `
  mutation Register(
    $sku: String!
    $name: String!
    $unitPrice: Int!
    $currency: String!
    $initialStock: Int!
  ) {
    registerProduct(
      sku: $sku
      name: $name
      unitPrice: $unitPrice
      currency: $currency
      initialStock: $initialStock
    ) {
      sku
      position
    }
  }
`;

/** Defines the coupon of `--coupons` (variable `input`: a DefineCouponInput). */
export const DEFINE_COUPON = /* GraphQL */ `
  mutation DefineCoupon($input: DefineCouponInput!) {
    defineCoupon(input: $input) {
      code
    }
  }
`;
