import { diffTimers, type InstanceRecord, type StepDraft } from './advance.ts';
import { TERMINAL_STATUSES, type ProcessManager, type TimerRequest } from './process-manager.ts';

/** A `saga_timers` row as loaded with its instance (JSON: times as ISO-8601 strings). */
export interface ArmedTimerRow {
  readonly name: string;
  readonly due_at: string;
  readonly fired_at: string | null;
  readonly cancelled_at: string | null;
}

/** The timer rows a unit of work arms (inserted, or an open one moved) and cancels. */
export interface TimerChanges {
  readonly arm: ReadonlyArray<{ readonly instanceId: string; readonly timer: TimerRequest }>;
  readonly cancel: ReadonlyArray<{ readonly instanceId: string; readonly name: string }>;
}

/**
 * What makes the armed timers of the instances `ids` match what their states want
 * (`pm.timers(state)`; nothing for a terminal instance): the timers to arm (new ones, or an open
 * one moved to a new due time) and the open ones to cancel, logging `timer-set` and
 * `timer-cancelled` steps through `log`. `existing` holds each instance's timer rows as loaded
 * with it; `fired` (`<instance>\0<name>`) the timers fired in this unit of work, which count as
 * closed. Pure: the unit of work writes the changes with its other rows.
 */
export function reconcileTimers<State>(
  pm: ProcessManager<State>,
  records: ReadonlyMap<string, InstanceRecord<State>>,
  ids: readonly string[],
  existing: ReadonlyMap<string, readonly ArmedTimerRow[]>,
  fired: ReadonlySet<string>,
  log: (step: StepDraft) => void,
): TimerChanges {
  const arm: Array<{ instanceId: string; timer: TimerRequest }> = [];
  const cancel: Array<{ instanceId: string; name: string }> = [];
  if (!pm.timers) return { arm, cancel };
  for (const id of ids) {
    const record = records.get(id)!;
    const wanted = TERMINAL_STATUSES.includes(record.status) ? [] : pm.timers(record.state);
    const armed = (existing.get(id) ?? []).map((t) => ({
      name: t.name,
      dueAt: new Date(t.due_at),
      open: t.fired_at === null && t.cancelled_at === null && !fired.has(`${id}\u0000${t.name}`),
    }));
    const diff = diffTimers(wanted, armed);
    const step = { instanceId: id, position: record.position, actor: null };
    for (const timer of diff.arm) {
      arm.push({ instanceId: id, timer });
      const detail = { name: timer.name, dueAt: timer.dueAt.toISOString(), input: timer.input.type };
      log({ ...step, kind: 'timer-set', detail });
    }
    for (const name of diff.cancel) {
      cancel.push({ instanceId: id, name });
      log({ ...step, kind: 'timer-cancelled', detail: { name } });
    }
  }
  return { arm, cancel };
}
