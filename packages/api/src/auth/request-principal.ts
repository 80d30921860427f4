import type { FastifyRequest } from 'fastify';
import type { Authenticate } from './authenticator.ts';
import type { Principal } from './principal.ts';

/** The principal of an HTTP request, authenticated once however many hooks ask. */
export type PrincipalOf = (request: FastifyRequest) => Promise<Principal | null>;

/**
 * Memoises `authenticate(request.headers.authorization)` per request, so the rate limiter (which
 * keys budgets by the caller) and the GraphQL context share one lookup.
 */
export function principalPerRequest(authenticate: Authenticate): PrincipalOf {
  const memo = new WeakMap<FastifyRequest, Promise<Principal | null>>();
  return (request) => {
    let principal = memo.get(request);
    if (!principal) {
      principal = authenticate(request.headers.authorization);
      memo.set(request, principal);
    }
    return principal;
  };
}
