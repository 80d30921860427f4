import type { Knex } from 'knex';
import { diffTimers, type InstanceRecord, type StepDraft } from './advance.ts';
import { TERMINAL_STATUSES, type ProcessManager } from './process-manager.ts';
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
 * `timer-cancelled` steps through `log`. Runs in the transaction that stores the states.
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
  for (const id of ids) {
    const record = records.get(id)!;
    const wanted = TERMINAL_STATUSES.includes(record.status) ? [] : pm.timers(record.state);
    const armed = existing
      .filter((t) => t.instance_id === id)
      .map((t) => ({ name: t.name, dueAt: t.due_at, open: t.fired_at === null && t.cancelled_at === null }));
    const { arm, cancel } = diffTimers(wanted, armed);
    const step = { instanceId: id, position: record.position, actor: null };
    for (const timer of arm) {
      await trx(SAGA_TIMERS)
        .insert({
          saga: pm.name,
          instance_id: id,
          name: timer.name,
          due_at: timer.dueAt,
          input_type: timer.input.type,
          input_data: JSON.stringify(timer.input.data),
        })
        .onConflict(['saga', 'instance_id', 'name'])
        .merge(['due_at', 'input_type', 'input_data']);
      const detail = { name: timer.name, dueAt: timer.dueAt.toISOString(), input: timer.input.type };
      log({ ...step, kind: 'timer-set', detail });
    }
    if (cancel.length === 0) continue;
    await trx(SAGA_TIMERS)
      .where({ saga: pm.name, instance_id: id })
      .whereIn('name', cancel)
      .update({ cancelled_at: trx.fn.now() });
    for (const name of cancel) log({ ...step, kind: 'timer-cancelled', detail: { name } });
  }
}
