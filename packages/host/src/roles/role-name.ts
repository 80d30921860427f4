/**
 * The roles a host process can run (README "Roles"): the GraphQL API, the read-model projectors
 * (Postgres and Redis), the saga worker (process manager and its timers), the Kafka relay
 * (integration events out, payment callbacks in), the development payment simulator and the
 * webhooks (low-stock alerts POSTed to registered endpoints).
 */
export const ROLE_NAMES = ['api', 'projector', 'saga', 'relay', 'simulator', 'webhooks'] as const;

/** One of {@link ROLE_NAMES}. */
export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * Parses `--role` values: each may be a comma-separated list (`api,projector`); repeats are
 * merged. Empty input means every role.
 * @throws Error naming the unknown role and the known ones.
 */
export function parseRoles(values: readonly string[]): RoleName[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  if (names.length === 0) return [...ROLE_NAMES];
  for (const name of names)
    if (!(ROLE_NAMES as readonly string[]).includes(name))
      throw new Error(`unknown role "${name}"; roles are ${ROLE_NAMES.join(', ')}`);
  return ROLE_NAMES.filter((role) => names.includes(role));
}
