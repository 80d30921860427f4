import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { hashKey } from '../auth/api-keys.ts';
import { bearerToken } from '../auth/authenticator.ts';
import type { PrincipalOf } from '../auth/request-principal.ts';
import type { OperationKind } from './operation-type.ts';
import type { RateLimits } from './options.ts';
import { rateLimited, type RateBudget } from './refusals.ts';

/** What {@link registerRateLimits} needs. */
export interface RateLimitOptions {
  readonly limits: RateLimits;
  readonly principalOf: PrincipalOf;
  /** `(query, operationName) → operation kind` (see `operation-type.ts`). */
  readonly operationType: (query: unknown, operationName: unknown) => OperationKind;
  /** Shared counters (several API processes); null → in this process' memory. */
  readonly redis?: Redis | null;
  /** Prefix of the counters' Redis keys (`<prefix>:rate-limit:<budget>:<caller>`). */
  readonly keyPrefix?: string;
}

/** The GraphQL request's `query` and `operationName`, from a POST body or a GET query string. */
const operationOf = (request: FastifyRequest) => {
  const source = (request.method === 'GET' ? request.query : request.body) as
    { query?: unknown; operationName?: unknown } | null | undefined;
  return { query: source?.query, operationName: source?.operationName };
};

/**
 * Registers @fastify/rate-limit (fixed windows; counters in Redis when `redis` is given, else in
 * memory) for `path` (POST and GET /graphql share the budgets); other routes are not limited.
 * Register it before the routes: it attaches itself to routes as they are added.
 *
 * Budgets are per caller and window: `mutations` and `queries` per API key (keyed by the key's
 * SHA-256), `anonymous` per IP address for requests without a valid key. The check runs in
 * `preValidation`, after the body is parsed, so the operation type is known. Exempt: WebSocket
 * upgrades (bounded per key by the WebSocket limits) and, with `exemptAdmin`, admin keys.
 * Over budget: HTTP 429 with `Retry-After` (seconds) and a RATE_LIMITED error
 * `{ limit, max, retryAfterSeconds }`. When the Redis store fails the request passes
 * (`skipOnError`): the API keeps serving while Redis is down.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  options: RateLimitOptions & { readonly path: string },
): Promise<void> {
  const { limits, principalOf, operationType } = options;
  const budgetOf = (key: string): RateBudget => key.slice(0, key.indexOf(':')) as RateBudget;
  const budgets = new WeakMap<FastifyRequest, RateBudget>();
  const maxOf = (budget: RateBudget) =>
    budget === 'mutations' ? limits.mutations : budget === 'anonymous' ? limits.anonymous : limits.queries;
  await app.register(rateLimit, {
    global: true,
    skipOnError: true,
    ...(options.redis && {
      redis: options.redis,
      nameSpace: `${options.keyPrefix ?? 'orderflow'}:rate-limit:`,
    }),
    hook: 'preValidation',
    timeWindow: limits.windowMs,
    keyGenerator: async (request: FastifyRequest) => {
      if (request.routeOptions.url !== options.path) return 'none:';
      const token = (await principalOf(request)) ? bearerToken(request.headers.authorization) : null;
      const { query, operationName } = operationOf(request);
      const budget: RateBudget =
        token === null
          ? 'anonymous'
          : operationType(query, operationName) === 'mutation'
            ? 'mutations'
            : 'queries';
      budgets.set(request, budget);
      return `${budget}:${token === null ? request.ip : hashKey(token)}`;
    },
    max: (_request: FastifyRequest, key: string) => maxOf(budgetOf(key)),
    allowList: async (request: FastifyRequest) =>
      !limits.enabled ||
      request.routeOptions.url !== options.path ||
      request.ws ||
      (limits.exemptAdmin && (await principalOf(request))?.role === 'admin'),
    errorResponseBuilder: (request: FastifyRequest, context: { max: number; ttl: number; after: string }) => {
      const budget = budgets.get(request) ?? 'queries';
      const what = budget === 'anonymous' ? 'requests without a valid API key' : `${budget} per API key`;
      return rateLimited(
        `rate limit exceeded: at most ${context.max} ${what} every ${limits.windowMs / 1000} s; retry in ${context.after}`,
        { limit: budget, max: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
      );
    },
  });
}
