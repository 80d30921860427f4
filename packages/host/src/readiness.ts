import type { ReadinessReport } from '@orderflow/api';
import type { RoleStatus } from './roles/role-status.ts';

/**
 * `/ready`'s verdict on this process' roles: ready unless a role has been neither `running` nor
 * `standby` (another process applies it) for longer than `graceMs` — starting, retrying or
 * stopped. Each role is listed with its state, since when (ISO 8601), its error and its
 * processors.
 */
export function readinessOf(
  roles: readonly RoleStatus[],
  graceMs: number,
  now = new Date(),
): ReadinessReport {
  const failing = (r: RoleStatus) =>
    r.state !== 'running' && r.state !== 'standby' && now.getTime() - r.since.getTime() > graceMs;
  return {
    ready: !roles.some(failing),
    roles: roles.map((r) => ({
      role: r.role,
      state: r.state,
      since: r.since.toISOString(),
      ...(r.error ? { error: r.error } : {}),
      processors: r.processors.map((p) => ({
        name: p.name,
        state: p.state,
        since: p.since.toISOString(),
        ...(p.lastError ? { lastError: p.lastError } : {}),
      })),
    })),
  };
}
