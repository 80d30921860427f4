import { deterministicId } from '@orderflow/core';
import type {
  ProcessManager,
  ProcessStatus,
  SagaCommand,
  SagaInput,
  SagaStatus,
  TimerRequest,
} from './process-manager.ts';
import type { InputStep, StepDraft } from './steps.ts';

/** One saga instance as the runtime holds it between inputs. */
export interface InstanceRecord<State> {
  readonly instanceId: string;
  readonly state: State;
  readonly status: SagaStatus;
  /** Position of the last event folded; null only before the first one. */
  readonly position: bigint | null;
  /** Why the instance is parked; null otherwise. */
  readonly error: string | null;
  /** The command whose failure parked the instance; null otherwise. */
  readonly failedCommandId: string | null;
}

export type { StepDraft, StepKind } from './steps.ts';

/** A command decided by an input; `held` when its instance is parked (sent after a retry). */
export type DecidedCommand = SagaCommand & { readonly held: boolean };

/** What one input did to one instance. */
export interface Advanced<State> {
  readonly record: InstanceRecord<State>;
  readonly commands: readonly DecidedCommand[];
  readonly steps: readonly StepDraft[];
}

const TERMINAL_PROCESS: readonly ProcessStatus[] = ['completed', 'compensated'];

/**
 * The runtime status after the process reports `process`: `aborted` stays aborted; `parked`
 * stays parked until the process reaches a terminal status by itself.
 */
export function nextStatus(current: SagaStatus | null, process: ProcessStatus): SagaStatus {
  if (current === 'aborted') return 'aborted';
  if (current === 'parked' && !TERMINAL_PROCESS.includes(process)) return 'parked';
  return process;
}

/**
 * Applies one input to one instance (pure): records the input (`inputStep`), folds it, and —
 * unless the instance is aborted — decides the commands, ids uuidv5(saga, instance, input id,
 * index). Returns null when there is no instance and the input starts none.
 */
export function advance<State>(
  pm: ProcessManager<State>,
  instanceId: string,
  record: InstanceRecord<State> | null,
  input: SagaInput,
  inputStep: InputStep,
): Advanced<State> | null {
  const before = record?.state ?? null;
  const after = pm.evolve(before, input);
  if (after === null) return null;
  const statusBefore = record?.status ?? null;
  const status = nextStatus(statusBefore, pm.status(after));
  const aborted = statusBefore === 'aborted';
  const held = status === 'parked';
  const commands: DecidedCommand[] = aborted
    ? []
    : pm.decide(input, before).map((c, index) => ({
        ...c,
        commandId: deterministicId(pm.name, instanceId, input.id, String(index)),
        held,
      }));
  const steps: StepDraft[] = [{ instanceId, ...inputStep, position: input.position }];
  if (commands.length > 0 || status !== statusBefore) {
    steps.push({
      instanceId,
      kind: 'decision',
      detail: {
        input: input.type,
        statusBefore,
        statusAfter: status,
        commands: commands.map(({ commandId, type, data }) => ({ commandId, type, data })),
        ...(held && commands.length > 0 && { held: true }),
      },
      position: input.position,
      actor: null,
    });
  }
  return {
    record: {
      instanceId,
      state: after,
      status,
      position: input.position ?? record?.position ?? null,
      error: status === 'parked' ? (record?.error ?? null) : null,
      failedCommandId: status === 'parked' ? (record?.failedCommandId ?? null) : null,
    },
    commands,
    steps,
  };
}

/** A timer row as {@link diffTimers} sees it; `open` = neither fired nor cancelled. */
export interface ArmedTimer {
  readonly name: string;
  readonly dueAt: Date;
  readonly open: boolean;
}

/**
 * Which timers to arm and which to cancel so that the armed ones are `wanted`: a wanted name
 * without a row is armed; an open row whose name is not wanted is cancelled. A name that fired
 * or was cancelled is never armed again; an open row with another due time is re-armed.
 */
export function diffTimers(
  wanted: readonly TimerRequest[],
  existing: readonly ArmedTimer[],
): { arm: TimerRequest[]; cancel: string[] } {
  const byName = new Map(existing.map((t) => [t.name, t]));
  const arm = wanted.filter((w) => {
    const row = byName.get(w.name);
    return !row || (row.open && row.dueAt.getTime() !== w.dueAt.getTime());
  });
  const names = new Set(wanted.map((w) => w.name));
  const cancel = existing.filter((t) => t.open && !names.has(t.name)).map((t) => t.name);
  return { arm, cancel };
}
