import type { Knex } from 'knex';
import { advance, type DecidedCommand, type InstanceRecord } from './advance.ts';
import type { InputStep, StepDetail, StepDraft } from './steps.ts';
import type { OutboxCommand } from './outbox.ts';
import {
  TERMINAL_STATUSES,
  type ProcessManager,
  type SagaInput,
  type SagaStatus,
} from './process-manager.ts';
import { SAGA_INSTANCES, SAGA_TIMERS } from './tables.ts';
import { reconcileTimers, type ArmedTimerRow } from './timer-store.ts';
import { writeUnitOfWork, type CommandWrite } from './unit-of-work-sql.ts';

interface InstanceRow {
  instance_id: string;
  state: unknown;
  status: SagaStatus;
  error: string | null;
  position: string | null;
  failed_command_id: string | null;
  timers: ArmedTimerRow[] | null;
}

/**
 * How a command sent inside the transaction ended ({@link SagaUnitOfWork.settle}):
 * - `done`: accepted (or an idempotent no-op), or refused in a way the process manager
 *   tolerates (`tolerated: true`);
 * - `failed`: refused for good; its instance is parked unless already parked or terminal;
 * - `retry`: a transient failure; stored `pending` with `notBeforeMs` (ms from now) for the
 *   outbox sweeper to send again.
 */
export type SendOutcome =
  | { readonly kind: 'done'; readonly tolerated?: boolean; readonly error?: string }
  | { readonly kind: 'failed'; readonly error: string; readonly transient: boolean }
  | { readonly kind: 'retry'; readonly error: string; readonly notBeforeMs: number };

const CHUNK = 2000;

/**
 * The changes one transaction makes to the instances of one process manager: instances are
 * locked (FOR UPDATE, with their timers) when loaded, inputs applied with {@link advance}, the
 * outcome of commands sent while the transaction is open recorded with {@link settle}, and on
 * {@link commit} the instance rows, commands, step log and timers are written together in one
 * statement — so a state, the commands it decided, its steps and its timers are never stored
 * apart. Lock order is always instance first, then its timers and commands, so writers cannot
 * deadlock.
 */
export class SagaUnitOfWork<State> {
  private readonly records = new Map<string, InstanceRecord<State>>();
  private readonly timers = new Map<string, ArmedTimerRow[]>();
  private readonly changed = new Set<string>();
  private readonly commands: Array<DecidedCommand & { instanceId: string; position: bigint | null }> = [];
  private readonly outcomes = new Map<string, SendOutcome>();
  private readonly steps: StepDraft[] = [];
  private readonly fired: Array<{ instanceId: string; name: string }> = [];
  /** Instances this unit of work starts, with their first input's time. */
  private readonly started = new Map<string, Date>();

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly pm: ProcessManager<State>,
  ) {}

  /** Loads and locks the existing instances among `ids`, with their timers (one statement per 2,000). */
  async lock(ids: readonly string[]): Promise<void> {
    const wanted = ids.filter((id) => !this.records.has(id));
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const { rows } = (await this.trx.raw(
        `SELECT i.instance_id, i.state, i.status, i.error, i.position, i.failed_command_id,
                (SELECT json_agg(json_build_object('name', t.name, 'due_at', t.due_at,
                                 'fired_at', t.fired_at, 'cancelled_at', t.cancelled_at))
                   FROM ?? t WHERE t.saga = i.saga AND t.instance_id = i.instance_id) AS timers
           FROM ?? i WHERE i.saga = ? AND i.instance_id = ANY(?) ORDER BY i.instance_id FOR UPDATE OF i`,
        [SAGA_TIMERS, SAGA_INSTANCES, this.pm.name, wanted.slice(i, i + CHUNK)],
      )) as { rows: InstanceRow[] };
      for (const r of rows) {
        this.records.set(r.instance_id, fromRow<State>(r));
        this.timers.set(r.instance_id, r.timers ?? []);
      }
    }
  }

  /** The instance as loaded or changed so far. */
  get(instanceId: string): InstanceRecord<State> | undefined {
    return this.records.get(instanceId);
  }

  /**
   * Applies `input` to the instance (see {@link advance}); `inputStep` records the input.
   * @returns false when there is no instance and the input starts none.
   */
  apply(instanceId: string, input: SagaInput, inputStep: InputStep): boolean {
    const before = this.records.get(instanceId) ?? null;
    const result = advance(this.pm, instanceId, before, input, inputStep);
    if (!result) return false;
    if (!before) this.started.set(instanceId, input.at);
    this.put(result.record);
    this.steps.push(...result.steps);
    for (const c of result.commands) this.commands.push({ ...c, instanceId, position: input.position });
    return true;
  }

  /** Replaces an instance's record (operator actions, parking). */
  put(record: InstanceRecord<State>): void {
    this.records.set(record.instanceId, record);
    this.changed.add(record.instanceId);
  }

  /** Appends a step to the log. */
  log(step: StepDraft): void {
    this.steps.push(step);
  }

  /** How many commands were decided so far (a mark for {@link decidedSince}). */
  get decidedCount(): number {
    return this.commands.length;
  }

  /** Ids of the commands decided after the mark `count` ({@link decidedCount}). */
  decidedSince(count: number): string[] {
    return this.commands.slice(count).map((c) => c.commandId);
  }

  /** Ids of the commands decided for `instanceId` so far. */
  decided(instanceId: string): string[] {
    return this.commands.filter((c) => c.instanceId === instanceId).map((c) => c.commandId);
  }

  /** The commands decided so far that may be sent now (not held by a parked instance), as outbox commands. */
  sendable(): OutboxCommand[] {
    return this.commands
      .filter((c) => !c.held && !this.outcomes.has(c.commandId))
      .map((c) => ({
        commandId: c.commandId,
        saga: this.pm.name,
        instanceId: c.instanceId,
        type: c.type,
        data: c.data,
        attempts: 0,
      }));
  }

  /**
   * Records how a command sent inside this transaction ended (first attempt): a `command` step
   * with the outcome; for `failed` an `error` step, and the instance parked with the error and
   * the command (unless parked or terminal already); for `retry` an `error` step with the delay.
   */
  settle(command: OutboxCommand, outcome: SendOutcome): void {
    this.outcomes.set(command.commandId, outcome);
    const { commandId, type, instanceId } = command;
    const step = { instanceId, position: null, actor: null };
    if (outcome.kind === 'done') {
      const detail: StepDetail<'command'> = outcome.tolerated
        ? { commandId, type, outcome: 'refused-tolerated', attempts: 1, error: outcome.error }
        : { commandId, type, outcome: 'done', attempts: 1 };
      this.log({ ...step, kind: 'command', detail });
      return;
    }
    if (outcome.kind === 'retry') {
      const detail: StepDetail<'error'> = {
        commandId,
        type,
        attempt: 1,
        error: outcome.error,
        transient: true,
        retryInMs: outcome.notBeforeMs,
      };
      this.log({ ...step, kind: 'error', detail });
      return;
    }
    const { error, transient } = outcome;
    this.log({
      ...step,
      kind: 'command',
      detail: { commandId, type, outcome: 'failed', attempts: 1, error },
    });
    const record = this.records.get(instanceId);
    const park = !!record && record.status !== 'parked' && !TERMINAL_STATUSES.includes(record.status);
    this.log({
      ...step,
      kind: 'error',
      detail: { commandId, type, attempt: 1, error, transient, parked: park },
    });
    if (park)
      this.put({
        ...record,
        status: 'parked',
        error: `${type} failed: ${error}`,
        failedCommandId: commandId,
      });
  }

  /** Marks a timer fired (its input is applied separately). */
  timerFired(instanceId: string, name: string): void {
    this.fired.push({ instanceId, name });
  }

  /**
   * Writes every change in one statement: instances, commands, step log, timers (armed,
   * cancelled, fired). A command settled in this transaction is stored with its outcome (`done`,
   * `failed`, or `pending` with its retry time); one not sent is stored `pending` with
   * `not_before` = now + `leaseSeconds` (0 lets the sweeper of a running process manager send
   * it; a lease keeps it off commands this process sends itself right after the commit), or
   * `held` while its instance is parked. Commands stored before (a redelivered input) are kept.
   * @returns the pending commands that were not settled and not stored before, for the caller
   *   to send after the transaction committed.
   */
  async commit({ leaseSeconds }: { leaseSeconds: number }): Promise<OutboxCommand[]> {
    const { pm } = this;
    const fired = new Set(this.fired.map((f) => `${f.instanceId}\u0000${f.name}`));
    const timers = reconcileTimers(pm, this.records, [...this.changed], this.timers, fired, (s) =>
      this.log(s),
    );
    const commands: CommandWrite[] = this.commands.map((c) => {
      const outcome = this.outcomes.get(c.commandId);
      const base = {
        commandId: c.commandId,
        instanceId: c.instanceId,
        type: c.type,
        data: c.data,
        position: c.position,
      };
      if (!outcome)
        return {
          ...base,
          status: c.held ? 'held' : 'pending',
          attempts: 0,
          lastError: null,
          notBeforeMs: leaseSeconds * 1000,
        };
      if (outcome.kind === 'retry')
        return {
          ...base,
          status: 'pending',
          attempts: 1,
          lastError: outcome.error,
          notBeforeMs: outcome.notBeforeMs,
        };
      if (outcome.kind === 'failed')
        return { ...base, status: 'failed', attempts: 1, lastError: outcome.error, notBeforeMs: 0 };
      return { ...base, status: 'done', attempts: 1, lastError: outcome.error ?? null, notBeforeMs: 0 };
    });
    const inserted = await writeUnitOfWork(this.trx, pm.name, {
      instances: [...this.changed].map((id) => this.records.get(id)!),
      started: this.started,
      searchKeys: [...this.started.keys()].flatMap((instanceId) =>
        [...new Set([instanceId, ...(pm.overview?.(this.records.get(instanceId)!.state).searchKeys ?? [])])]
          .filter((key) => key !== '')
          .map((key) => ({ instanceId, key })),
      ),
      commands,
      steps: this.steps,
      timers,
      fired: this.fired,
    });
    return commands
      .filter((c) => c.status === 'pending' && !this.outcomes.has(c.commandId) && inserted.has(c.commandId))
      .map((c) => ({
        commandId: c.commandId,
        saga: pm.name,
        instanceId: c.instanceId,
        type: c.type,
        data: c.data,
        attempts: 0,
      }));
  }
}

function fromRow<State>(r: InstanceRow): InstanceRecord<State> {
  return {
    instanceId: r.instance_id,
    state: r.state as State,
    status: r.status,
    position: r.position === null ? null : BigInt(r.position),
    error: r.error,
    failedCommandId: r.failed_command_id,
  };
}
