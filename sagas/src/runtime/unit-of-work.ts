import type { Knex } from 'knex';
import { advance, type DecidedCommand, type InstanceRecord, type StepDraft } from './advance.ts';
import type { OutboxCommand } from './outbox.ts';
import {
  TERMINAL_STATUSES,
  type ProcessManager,
  type SagaInput,
  type SagaStatus,
} from './process-manager.ts';
import { SAGA_COMMANDS, SAGA_INSTANCES, SAGA_STEPS, SAGA_TIMERS } from './tables.ts';
import { reconcileTimers } from './timer-store.ts';

interface InstanceRow {
  instance_id: string;
  state: unknown;
  status: SagaStatus;
  error: string | null;
  position: string | null;
  failed_command_id: string | null;
}

const CHUNK = 2000;

/**
 * The changes one transaction makes to the instances of one process manager: instances are
 * locked (FOR UPDATE) when loaded, inputs applied with {@link advance}, and on {@link commit}
 * the instance rows, outbox commands, step log and timers are written together — so a state,
 * the commands it decided, its steps and its timers are never stored apart. Lock order is
 * always instance first, then its timers and commands, so writers cannot deadlock.
 */
export class SagaUnitOfWork<State> {
  private readonly records = new Map<string, InstanceRecord<State>>();
  private readonly changed = new Set<string>();
  private readonly commands: Array<DecidedCommand & { instanceId: string; position: bigint | null }> = [];
  private readonly steps: StepDraft[] = [];
  private readonly fired: Array<{ instanceId: string; name: string }> = [];

  constructor(
    private readonly trx: Knex.Transaction,
    private readonly pm: ProcessManager<State>,
  ) {}

  /** Loads and locks the existing instances among `ids`. */
  async lock(ids: readonly string[]): Promise<void> {
    const wanted = ids.filter((id) => !this.records.has(id));
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const rows = (await this.trx(SAGA_INSTANCES)
        .select('instance_id', 'state', 'status', 'error', 'position', 'failed_command_id')
        .where({ saga: this.pm.name })
        .whereIn('instance_id', wanted.slice(i, i + CHUNK))
        .orderBy('instance_id')
        .forUpdate()) as InstanceRow[];
      for (const r of rows) this.records.set(r.instance_id, fromRow<State>(r));
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
  apply(
    instanceId: string,
    input: SagaInput,
    inputStep: Pick<StepDraft, 'kind' | 'detail' | 'actor'>,
  ): boolean {
    const result = advance(this.pm, instanceId, this.records.get(instanceId) ?? null, input, inputStep);
    if (!result) return false;
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

  /** Ids of the commands decided for `instanceId` so far. */
  decided(instanceId: string): string[] {
    return this.commands.filter((c) => c.instanceId === instanceId).map((c) => c.commandId);
  }

  /** Marks a timer fired (its input is applied separately). */
  timerFired(instanceId: string, name: string): void {
    this.fired.push({ instanceId, name });
  }

  /**
   * Writes every change. Commands not held are stored `pending` with `not_before` =
   * now + `leaseSeconds` (0 lets the sweeper of a running process manager send them; a lease
   * keeps it off commands this process sends itself right after the commit).
   * @returns the pending commands, for the caller to send after the transaction committed.
   */
  async commit({ leaseSeconds }: { leaseSeconds: number }): Promise<OutboxCommand[]> {
    const { trx, pm } = this;
    for (const { instanceId, name } of this.fired) {
      await trx(SAGA_TIMERS)
        .where({ saga: pm.name, instance_id: instanceId, name })
        .update({ fired_at: trx.fn.now() });
    }
    await reconcileTimers(trx, pm, this.records, [...this.changed], (step) => this.log(step));
    const rows = [...this.changed].map((id) => toRow(pm.name, this.records.get(id)!, trx));
    for (let i = 0; i < rows.length; i += CHUNK) {
      await trx(SAGA_INSTANCES)
        .insert(rows.slice(i, i + CHUNK))
        .onConflict(['saga', 'instance_id'])
        .merge({
          status: trx.raw('excluded.status'),
          state: trx.raw('excluded.state'),
          error: trx.raw('excluded.error'),
          failed_command_id: trx.raw('excluded.failed_command_id'),
          position: trx.raw('excluded.position'),
          updated_at: trx.raw('excluded.updated_at'),
          // Kept while terminal; cleared if a terminal instance reopens (a late payment to refund).
          ended_at: trx.raw(
            `CASE WHEN excluded.ended_at IS NULL THEN NULL ELSE COALESCE(${SAGA_INSTANCES}.ended_at, excluded.ended_at) END`,
          ),
        });
    }
    const notBefore = trx.raw(`now() + make_interval(secs => ?)`, [leaseSeconds]);
    const commandRows = this.commands.map((c) => ({
      command_id: c.commandId,
      saga: pm.name,
      instance_id: c.instanceId,
      type: c.type,
      data: JSON.stringify(c.data),
      status: c.held ? 'held' : 'pending',
      position: c.position?.toString() ?? null,
      not_before: notBefore,
    }));
    const inserted = new Set<string>();
    for (let i = 0; i < commandRows.length; i += CHUNK) {
      const ids = (await trx(SAGA_COMMANDS)
        .insert(commandRows.slice(i, i + CHUNK))
        .onConflict('command_id')
        .ignore()
        .returning('command_id')) as Array<{ command_id: string }>;
      for (const r of ids) inserted.add(r.command_id);
    }
    const stepRows = this.steps.map((s) => ({
      saga: pm.name,
      instance_id: s.instanceId,
      kind: s.kind,
      detail: JSON.stringify(s.detail),
      position: s.position?.toString() ?? null,
      actor: s.actor,
    }));
    for (let i = 0; i < stepRows.length; i += CHUNK)
      await trx(SAGA_STEPS).insert(stepRows.slice(i, i + CHUNK));
    return this.commands
      .filter((c) => !c.held && inserted.has(c.commandId))
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

function toRow<State>(saga: string, r: InstanceRecord<State>, trx: Knex.Transaction) {
  return {
    saga,
    instance_id: r.instanceId,
    status: r.status,
    state: JSON.stringify(r.state),
    error: r.error,
    failed_command_id: r.failedCommandId,
    position: (r.position ?? 0n).toString(),
    updated_at: trx.fn.now(),
    ended_at: TERMINAL_STATUSES.includes(r.status) ? trx.fn.now() : null,
  };
}
