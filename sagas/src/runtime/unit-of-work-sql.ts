import type { Knex } from 'knex';
import type { InstanceRecord, StepDraft } from './advance.ts';
import { TERMINAL_STATUSES } from './process-manager.ts';
import { SAGA_COMMANDS, SAGA_INSTANCES, SAGA_SEARCH_KEYS, SAGA_STEPS, SAGA_TIMERS } from './tables.ts';
import type { TimerChanges } from './timer-store.ts';
import { STEP_GROUP, STEPS_PER_ROW } from '../queries/views.ts';

/** A command row to store: its status, attempts so far, last error and when it may be sent (ms from now). */
export interface CommandWrite {
  readonly commandId: string;
  readonly instanceId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly position: bigint | null;
  readonly status: 'pending' | 'held' | 'done' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly notBeforeMs: number;
}

/** Everything a unit of work writes. */
export interface UnitOfWorkWrites {
  readonly instances: readonly InstanceRecord<unknown>[];
  /** Instances started by this unit of work: their `created_at`, the first input's time. */
  readonly started: ReadonlyMap<string, Date>;
  /** The search keys of the instances started (see `SagaOverview.searchKeys`). */
  readonly searchKeys: readonly { readonly instanceId: string; readonly key: string }[];
  readonly commands: readonly CommandWrite[];
  readonly steps: readonly StepDraft[];
  readonly timers: TimerChanges;
  readonly fired: readonly { readonly instanceId: string; readonly name: string }[];
}

type Part = { sql: string; bindings: unknown[] };

/**
 * The step-log rows of `steps`: an instance's only step as a row of its own; several steps of
 * one instance as one {@link STEP_GROUP} row holding them in order (at most STEPS_PER_ROW each).
 */
function stepRows(steps: readonly StepDraft[]) {
  const byInstance = new Map<string, StepDraft[]>();
  for (const s of steps) byInstance.set(s.instanceId, [...(byInstance.get(s.instanceId) ?? []), s]);
  const rows: Array<{
    instanceId: string;
    kind: string;
    detail: unknown;
    position: string | null;
    actor: string | null;
  }> = [];
  for (const [instanceId, list] of byInstance) {
    for (let i = 0; i < list.length; i += STEPS_PER_ROW) {
      const chunk = list.slice(i, i + STEPS_PER_ROW);
      const position = (s: StepDraft) => s.position?.toString() ?? null;
      if (chunk.length === 1) {
        const [s] = chunk as [StepDraft];
        rows.push({ instanceId, kind: s.kind, detail: s.detail, position: position(s), actor: s.actor });
      } else
        rows.push({
          instanceId,
          kind: STEP_GROUP,
          detail: chunk.map((s) => ({
            kind: s.kind,
            detail: s.detail,
            position: position(s),
            actor: s.actor,
          })),
          position: position(chunk.find((s) => s.position !== null) ?? chunk[0]!),
          actor: null,
        });
    }
  }
  return rows;
}

/**
 * Writes a unit of work in one statement — one data-modifying CTE per table, rows passed as
 * arrays through `unnest` (so one round trip, and no per-row parameters to parse, whatever the
 * batch size): instances upserted (ended_at kept while terminal, cleared if a terminal instance
 * reopens; a new instance's `created_at` is its first input's time — the event's, not this
 * transaction's), search keys of new instances inserted, commands inserted (those stored before are kept), steps appended (one row per
 * instance: see `stepRows`), timers armed,
 * cancelled and marked fired. Timer rows touched twice would make the statement fail
 * (PostgreSQL modifies a row at most once per statement): callers pass disjoint sets.
 * @returns the ids of the commands this statement inserted.
 */
export async function writeUnitOfWork(
  trx: Knex.Transaction,
  saga: string,
  w: UnitOfWorkWrites,
): Promise<Set<string>> {
  const parts: Part[] = [];
  if (w.instances.length > 0)
    parts.push({
      sql: `INSERT INTO ?? AS x (saga, instance_id, status, state, error, failed_command_id, position, created_at, updated_at, ended_at)
        SELECT ?, u.id, u.status, u.state, u.error, u.failed, u.position, COALESCE(u.created, now()), now(),
               CASE WHEN u.terminal THEN now() END
          FROM unnest(?::text[], ?::text[], ?::jsonb[], ?::text[], ?::uuid[], ?::numeric[], ?::boolean[], ?::timestamptz[])
            AS u(id, status, state, error, failed, position, terminal, created)
        ON CONFLICT (saga, instance_id) DO UPDATE SET status = excluded.status, state = excluded.state,
          error = excluded.error, failed_command_id = excluded.failed_command_id, position = excluded.position,
          updated_at = excluded.updated_at,
          ended_at = CASE WHEN excluded.ended_at IS NULL THEN NULL ELSE COALESCE(x.ended_at, excluded.ended_at) END`,
      bindings: [
        SAGA_INSTANCES,
        saga,
        w.instances.map((r) => r.instanceId),
        w.instances.map((r) => r.status),
        w.instances.map((r) => JSON.stringify(r.state)),
        w.instances.map((r) => r.error),
        w.instances.map((r) => r.failedCommandId),
        w.instances.map((r) => (r.position ?? 0n).toString()),
        w.instances.map((r) => TERMINAL_STATUSES.includes(r.status)),
        w.instances.map((r) => w.started.get(r.instanceId)?.toISOString() ?? null),
      ],
    });
  if (w.commands.length > 0)
    parts.push({
      sql: `INSERT INTO ?? (command_id, saga, instance_id, type, data, status, attempts, last_error, position, not_before)
        SELECT c.id, ?, c.instance, c.type, c.data, c.status, c.attempts, c.error, c.position,
               now() + make_interval(secs => c.delay_ms / 1000.0)
          FROM unnest(?::uuid[], ?::text[], ?::text[], ?::jsonb[], ?::text[], ?::int[], ?::text[], ?::numeric[], ?::float8[])
            AS c(id, instance, type, data, status, attempts, error, position, delay_ms)
        ON CONFLICT (command_id) DO NOTHING RETURNING command_id`,
      bindings: [
        SAGA_COMMANDS,
        saga,
        w.commands.map((c) => c.commandId),
        w.commands.map((c) => c.instanceId),
        w.commands.map((c) => c.type),
        w.commands.map((c) => JSON.stringify(c.data)),
        w.commands.map((c) => c.status),
        w.commands.map((c) => c.attempts),
        w.commands.map((c) => c.lastError),
        w.commands.map((c) => c.position?.toString() ?? null),
        w.commands.map((c) => c.notBeforeMs),
      ],
    });
  const steps = stepRows(w.steps);
  if (steps.length > 0)
    parts.push({
      sql: `INSERT INTO ?? (saga, instance_id, kind, detail, position, actor)
        SELECT ?, * FROM unnest(?::text[], ?::text[], ?::jsonb[], ?::numeric[], ?::text[])`,
      bindings: [
        SAGA_STEPS,
        saga,
        steps.map((s) => s.instanceId),
        steps.map((s) => s.kind),
        steps.map((s) => JSON.stringify(s.detail)),
        steps.map((s) => s.position),
        steps.map((s) => s.actor),
      ],
    });
  if (w.timers.arm.length > 0)
    parts.push({
      sql: `INSERT INTO ?? (saga, instance_id, name, due_at, input_type, input_data)
        SELECT ?, * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::jsonb[])
        ON CONFLICT (saga, instance_id, name) DO UPDATE
          SET due_at = excluded.due_at, input_type = excluded.input_type, input_data = excluded.input_data`,
      bindings: [
        SAGA_TIMERS,
        saga,
        w.timers.arm.map((a) => a.instanceId),
        w.timers.arm.map((a) => a.timer.name),
        w.timers.arm.map((a) => a.timer.dueAt.toISOString()),
        w.timers.arm.map((a) => a.timer.input.type),
        w.timers.arm.map((a) => JSON.stringify(a.timer.input.data)),
      ],
    });
  for (const [column, rows] of [
    ['cancelled_at', w.timers.cancel],
    ['fired_at', w.fired],
  ] as const)
    if (rows.length > 0)
      parts.push({
        sql: `UPDATE ?? t SET ${column} = now() FROM unnest(?::text[], ?::text[]) AS c(instance_id, name)
          WHERE t.saga = ? AND t.instance_id = c.instance_id AND t.name = c.name`,
        bindings: [SAGA_TIMERS, rows.map((r) => r.instanceId), rows.map((r) => r.name), saga],
      });
  // Last, so that the command CTE keeps its index below.
  if (w.searchKeys.length > 0)
    parts.push({
      sql: `INSERT INTO ?? (saga, instance_id, key) SELECT ?, * FROM unnest(?::text[], ?::text[])
        ON CONFLICT DO NOTHING`,
      bindings: [
        SAGA_SEARCH_KEYS,
        saga,
        w.searchKeys.map((k) => k.instanceId),
        w.searchKeys.map((k) => k.key),
      ],
    });
  if (parts.length === 0) return new Set();
  const ctes = parts.map((p, i) => `w${i} AS (${p.sql})`).join(',\n');
  const commandCte = w.commands.length > 0 ? `w${w.instances.length > 0 ? 1 : 0}` : null;
  const select = commandCte
    ? `SELECT command_id FROM ${commandCte}`
    : 'SELECT NULL::uuid AS command_id WHERE false';
  const { rows } = (await trx.raw(`WITH ${ctes}\n${select}`, parts.flatMap((p) => p.bindings) as never)) as {
    rows: { command_id: string }[];
  };
  return new Set(rows.map((r) => r.command_id));
}
