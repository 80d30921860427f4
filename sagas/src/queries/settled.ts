import type { Knex } from 'knex';
import { listSagas } from './list.ts';
import { sagaStats } from './stats.ts';

/** Options of {@link checkSagasSettled}. */
export interface SettledCheckOptions {
  /** The deployment's payment timeout, ms: an open saga idle longer than this is stuck. */
  readonly paymentTimeoutMs: number;
  /** How long to wait for open sagas to finish before reporting, ms. Default 30,000. */
  readonly waitMs?: number;
}

/**
 * The sagas' side of "everything settled" after a load: waits (up to `waitMs`) until no saga
 * is running or compensating, then reports counts per status. OK when no saga is parked and no
 * open saga has been idle longer than the payment timeout (such a saga's timer should have
 * ended it). Lines are for humans: `sagas: completed …`, and each problem.
 */
export async function checkSagasSettled(
  db: Knex,
  options: SettledCheckOptions,
): Promise<{ ok: boolean; lines: string[] }> {
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  let stats = await sagaStats(db);
  while (stats.byStatus.running + stats.byStatus.compensating > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    stats = await sagaStats(db);
  }
  const stuck = await listSagas(db, { stuckForSeconds: options.paymentTimeoutMs / 1000, first: 5 });
  const counts = Object.entries(stats.byStatus)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  const lines = [`sagas: ${stats.total} in all: ${counts}`];
  const p = stats.durationsMs;
  if (p.count)
    lines.push(
      `saga durations: p50 ${Math.round(p.p50!)} ms, p99 ${Math.round(p.p99!)} ms, max ${Math.round(p.max!)} ms`,
    );
  if (stats.byStatus.parked > 0)
    lines.push(`${stats.byStatus.parked} parked sagas: see orderflow sagas list --status parked`);
  if (stuck.totalCount > 0)
    lines.push(
      `${stuck.totalCount} open sagas idle longer than the payment timeout, e.g. ${stuck.edges.map((e) => e.node.id).join(', ')}`,
    );
  return { ok: stats.byStatus.parked === 0 && stuck.totalCount === 0, lines };
}
