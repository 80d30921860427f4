import { OrderflowError } from '@orderflow/core';

/** The roles an API key can have: admin (everything) or customer (their own orders). */
export type Role = 'admin' | 'customer';

/**
 * Who makes a request, from its API key. `actor` names them in saga step logs
 * (`graphql:<label or key id>`); a customer key is bound to one `customerId`.
 */
export type Principal =
  | { readonly role: 'admin'; readonly keyId: string; readonly actor: string }
  | {
      readonly role: 'customer';
      readonly keyId: string;
      readonly actor: string;
      readonly customerId: string;
    };

/** The request's principal; null when it sent no key or an unknown or revoked one. */
export interface AuthContext {
  readonly principal: Principal | null;
}

/** @throws OrderflowError UNAUTHENTICATED when there is no principal. */
export function requireAuthenticated(principal: Principal | null): Principal {
  if (!principal)
    throw new OrderflowError('UNAUTHENTICATED', 'a valid API key is required (authorization: Bearer <key>)');
  return principal;
}

/** @throws OrderflowError UNAUTHENTICATED without a principal, FORBIDDEN unless it is an admin. */
export function requireAdmin(principal: Principal | null): Principal & { role: 'admin' } {
  const p = requireAuthenticated(principal);
  if (p.role !== 'admin') throw new OrderflowError('FORBIDDEN', 'this needs an admin API key');
  return p;
}

/**
 * Checks that `principal` may act on `customerId`'s data: admins on anyone's, a customer on
 * their own only.
 * @throws OrderflowError UNAUTHENTICATED without a principal, FORBIDDEN for another customer.
 */
export function requireCustomerAccess(principal: Principal | null, customerId: string): Principal {
  const p = requireAuthenticated(principal);
  if (p.role === 'customer' && p.customerId !== customerId)
    throw new OrderflowError('FORBIDDEN', "a customer key can only act on that customer's own orders");
  return p;
}
