import type { Knex } from 'knex';
import { diffTimers, type InstanceRecord, type StepDraft } from './advance.ts';
import { TERMINAL_STATUSES, type ProcessManager, type TimerRequest } from './process-manager.ts';
import { SAGA_TIMERS } from './tables.ts';

interface TimerRow {
  instance_id: string;
  name: string;
  due_at: Date;
  fired_at: Date | null;
  cancelled_at: Date | null;
}

/**
 * Makes the armed timers of the instances `ids` match what their states want
 * (`pm.timers(state)`; nothing for a terminal instance): arms new ones (or moves an open one to
 * a new due time) and cancels open ones no longer wanted, logging `timer-set` and
 * `timer-cancelled` steps through `log`. Runs in the transaction that stores the states, with
 * three statements whatever the number of instances.
 */
export async function reconcileTimers<State>(
  trx: Knex.Transaction,
  pm: ProcessManager<State>,
  records: ReadonlyMap<string, InstanceRecord<State>>,
  ids: readonly string[],
  log: (step: StepDraft) => void,
): Promise<void> {
  if (!pm.timers || ids.length === 0) return;
  const existing = (await trx(SAGA_TIMERS)
    .select('instance_id', 'name', 'due_at', 'fired_at', 'cancelled_at')
    .where({ saga: pm.name })
    .whereIn('instance_id', ids)) as TimerRow[];
  const byInstance = new Map<string, TimerRow[]>();
  for (const t of existing) byInstance.set(t.instance_id, [...(byInstance.get(t.instance_id) ?? []), t]);
  const arms: Array<{ instanceId: string; timer: TimerRequest }> = [];
  const cancels: Array<{ instanceId: string; name: string }> = [];
  for (const id of ids) {
    const record = records.get(id)!;
    const wanted = TERMINAL_STATUSES.includes(record.status) ? [] : pm.timers(record.state);
    const armed = (byInstance.get(id) ?? []).map((t) => ({
      name: t.name,
      dueAt: t.due_at,
      open: t.fired_at === null && t.cancelled_at === null,
    }));
    const { arm, cancel } = diffTimers(wanted, armed);
    const step = { instanceId: id, position: record.position, actor: null };
    for (const timer of arm) {
      arms.push({ instanceId: id, timer });
      const detail = { name: timer.name, dueAt: timer.dueAt.toISOString(), input: timer.input.type };
      log({ ...step, kind: 'timer-set', detail });
    }
    for (const name of cancel) {
      cancels.push({ instanceId: id, name });
      log({ ...step, kind: 'timer-cancelled', detail: { name } });
    }
  }
  // One statement each for every instance of the batch: a batch touches hundreds of instances.
  if (arms.length > 0)
    await trx.raw(
      `INSERT INTO ?? (saga, instance_id, name, due_at, input_type, input_data)
       SELECT ?, * FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::jsonb[])
       ON CONFLICT (saga, instance_id, name) DO UPDATE
         SET due_at = excluded.due_at, input_type = excluded.input_type, input_data = excluded.input_data`,
      [
        SAGA_TIMERS,
        pm.name,
        arms.map((a) => a.instanceId),
        arms.map((a) => a.timer.name),
        arms.map((a) => a.timer.dueAt.toISOString()),
        arms.map((a) => a.timer.input.type),
        arms.map((a) => JSON.stringify(a.timer.input.data)),
      ],
    );
  if (cancels.length > 0)
    await trx.raw(
      `UPDATE ?? t SET cancelled_at = now()
         FROM unnest(?::text[], ?::text[]) AS c(instance_id, name)
        WHERE t.saga = ? AND t.instance_id = c.instance_id AND t.name = c.name`,
      [SAGA_TIMERS, cancels.map((c) => c.instanceId), cancels.map((c) => c.name), pm.name],
    );
}
