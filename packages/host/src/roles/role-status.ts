import type { ProcessorState, ProcessorStatus, StateChange } from '@orderflow/consumer';
import type { RoleName } from './role-name.ts';

/**
 * A role's state in this process, as `/ready` shows it:
 * - `starting`: not yet started (or not yet tried each of its processors' locks);
 * - `running`: applying (its processors running or catching up);
 * - `standby`: every processor of it is applied by another process, which holds its lock;
 * - `retrying`: failing (`since`, `error`) and retrying with backoff — it failed to start (a
 *   broker away) or a processor of it is waiting out an outage;
 * - `stopped`: stopped, or a processor of it stopped.
 */
export type RoleState = 'starting' | 'running' | 'standby' | 'retrying' | 'stopped';

/** One processor of a role: the consumer runtime's state of it. */
export interface RoleProcessorStatus {
  readonly name: string;
  readonly state: ProcessorState;
  readonly since: Date;
  readonly lastError: string | null;
}

/** A role's health in this process. */
export interface RoleStatus {
  readonly role: RoleName;
  readonly state: RoleState;
  /** When it entered `state` (for a state derived from processors: the earliest of them). */
  readonly since: Date;
  /** Why it is retrying; null otherwise. */
  readonly error: string | null;
  readonly processors: readonly RoleProcessorStatus[];
}

/** A role started in this process. */
export interface RunningRole {
  readonly role: RoleName;
  status(): RoleStatus;
  /** The consumer-runtime statuses of its processors in this process (for the metrics); [] before it started. */
  processorStatuses(): Promise<readonly ProcessorStatus[]>;
  stop(): Promise<void>;
}

/**
 * A role's state from its processors': retrying, starting or stopped when any processor is
 * (in that order, since the earliest such), standby when all are, else running.
 */
export function roleStatusOf(
  role: RoleName,
  processors: readonly RoleProcessorStatus[],
  startedAt: Date,
): RoleStatus {
  const detail = processors.map((p) => ({
    name: p.name,
    state: p.state,
    since: p.since,
    lastError: p.lastError,
  }));
  const earliest = (states: readonly ProcessorState[]) => {
    const matching = processors.filter((p) => states.includes(p.state));
    if (matching.length === 0) return null;
    return matching.reduce((a, b) => (a.since <= b.since ? a : b));
  };
  for (const state of ['retrying', 'starting', 'stopped'] as const) {
    const first = earliest([state]);
    if (first)
      return {
        role,
        state,
        since: first.since,
        error: state === 'retrying' ? first.lastError : null,
        processors: detail,
      };
  }
  if (processors.length > 0 && processors.every((p) => p.state === 'standby'))
    return { role, state: 'standby', since: earliest(['standby'])!.since, error: null, processors: detail };
  const since = earliest(['running', 'catching-up', 'standby'])?.since ?? startedAt;
  return { role, state: 'running', since, error: null, processors: detail };
}

/**
 * Processor states kept from the runtime's `onStateChange` reports, for runners whose status
 * is asynchronous or absent: every named processor starts `starting`.
 */
export class ProcessorStates {
  private readonly states = new Map<string, RoleProcessorStatus>();

  constructor(names: readonly string[], at = new Date()) {
    for (const name of names) this.states.set(name, { name, state: 'starting', since: at, lastError: null });
  }

  /** Records a change (pass as, or call from, the runner's `onStateChange`). */
  readonly record = (change: StateChange): void => {
    const error =
      change.error === undefined
        ? null
        : change.error instanceof Error
          ? change.error.message
          : String(change.error);
    this.states.set(change.processor, {
      name: change.processor,
      state: change.to,
      since: change.at,
      lastError: change.to === 'retrying' ? error : null,
    });
  };

  /** Every processor's last state. */
  list(): RoleProcessorStatus[] {
    return [...this.states.values()];
  }
}
