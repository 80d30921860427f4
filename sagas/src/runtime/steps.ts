import type { SagaStatus } from './process-manager.ts';

/** A command as a step names it. */
export interface StepCommandRef {
  readonly commandId: string;
  readonly type: string;
}

/**
 * What a step of the saga step log (`saga_steps.detail`) says, by `kind`: one union, written by
 * the runtime and the operator actions and read by the queries, the CLI timeline and the
 * dashboard. Times are ISO-8601 strings, revisions decimal strings (the column is JSON).
 * - `event`: an input event of `$all`;
 * - `decision`: the status change and commands an input decided (`held` when parked);
 * - `command`: a command's outcome once sent (`error` unless done);
 * - `error`: a failed send: transient (retried in `retryInMs`) or not, and whether it parked
 *   the instance;
 * - `timer-set` / `timer-fired` / `timer-cancelled`: a timer armed, fed, or no longer wanted;
 * - `operator`: an operator's retry, compensate or abort (`actor` on the step says who).
 */
export type StepEntry =
  | {
      readonly kind: 'event';
      readonly detail: {
        readonly type: string;
        readonly eventId: string;
        readonly stream: string;
        readonly revision: string;
        readonly recordedAt: string;
      };
    }
  | {
      readonly kind: 'decision';
      readonly detail: {
        readonly input: string;
        readonly statusBefore: SagaStatus | null;
        readonly statusAfter: SagaStatus;
        readonly commands: ReadonlyArray<StepCommandRef & { readonly data: unknown }>;
        readonly held?: true;
      };
    }
  | {
      readonly kind: 'command';
      readonly detail: StepCommandRef & {
        readonly outcome: 'done' | 'failed' | 'refused-tolerated';
        readonly attempts: number;
        readonly error?: string;
      };
    }
  | {
      readonly kind: 'error';
      readonly detail: StepCommandRef & {
        readonly attempt: number;
        readonly error: string;
        readonly transient: boolean;
        readonly parked?: boolean;
        readonly retryInMs?: number;
      };
    }
  | {
      readonly kind: 'timer-set';
      readonly detail: { readonly name: string; readonly dueAt: string; readonly input: string };
    }
  | {
      readonly kind: 'timer-fired';
      readonly detail: {
        readonly name: string;
        readonly dueAt: string;
        readonly firedAt: string;
        readonly input: string;
      };
    }
  | { readonly kind: 'timer-cancelled'; readonly detail: { readonly name: string } }
  | { readonly kind: 'operator'; readonly detail: OperatorStepDetail };

/** What an operator step records, by action. */
export type OperatorStepDetail =
  | {
      readonly action: 'retry';
      readonly reason: string | null;
      readonly previousError: string | null;
      readonly commands: readonly StepCommandRef[];
    }
  | { readonly action: 'compensate'; readonly reason: string | null; readonly previousError: string | null }
  | {
      readonly action: 'abort';
      readonly reason: string | null;
      readonly statusBefore: SagaStatus;
      readonly cancelledCommands: readonly StepCommandRef[];
    };

/** The kinds of step. */
export type StepKind = StepEntry['kind'];

/** The detail of a step of `kind`. */
export type StepDetail<K extends StepKind = StepKind> = Extract<StepEntry, { kind: K }>['detail'];

/** A step-log entry before it is stored (see {@link StepEntry} for what each kind says). */
export type StepDraft = StepEntry & {
  readonly instanceId: string;
  readonly position: bigint | null;
  readonly actor: string | null;
};

/** How an input is logged: its step, without instance and position (the runtime adds them). */
export type InputStep = StepEntry & { readonly actor: string | null };
