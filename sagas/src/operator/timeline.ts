import type { SagaDetails, SagaStep } from '../queries/views.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)}s`;
const short = (id: unknown) => String(id).slice(0, 8);
const commandList = (commands: ReadonlyArray<{ type: string; data?: unknown }> | undefined) =>
  commands
    ?.map((c) => {
      // The resource a command reserves or gives back: a SKU's stock or a coupon code.
      const data = c.data as { sku?: unknown; code?: unknown } | undefined;
      const target = data?.sku ?? data?.code;
      return target !== undefined ? `${c.type}(${String(target)})` : c.type;
    })
    .join(', ') ?? '';

/** One line describing a step: what happened, without its time (see {@link formatSagaTimeline}). */
export function describeStep(step: SagaStep): string {
  const by = step.actor ? ` by ${step.actor}` : '';
  switch (step.kind) {
    case 'event': {
      const d = step.detail;
      return `${d.type} (${d.stream}@${d.revision})`;
    }
    case 'decision': {
      const d = step.detail;
      const change =
        d.statusBefore === d.statusAfter ? d.statusAfter : `${d.statusBefore ?? 'new'} → ${d.statusAfter}`;
      const commands = commandList(d.commands);
      return `on ${d.input}: ${change}${commands ? `; send ${commands}` : ''}${d.held ? ' (held: parked)' : ''}`;
    }
    case 'command': {
      const d = step.detail;
      return `${d.type} ${short(d.commandId)} ${d.outcome} after ${d.attempts} attempt(s)${d.error ? `: ${d.error}` : ''}`;
    }
    case 'timer-set':
      return `timer ${step.detail.name} set, due ${step.detail.dueAt} → ${step.detail.input}`;
    case 'timer-fired':
      return `timer ${step.detail.name} fired (due ${step.detail.dueAt})`;
    case 'timer-cancelled':
      return `timer ${step.detail.name} cancelled`;
    case 'operator': {
      const d = step.detail;
      const requeued =
        d.action === 'retry' && d.commands.length ? `; re-queued ${commandList(d.commands)}` : '';
      return `${d.action}${by}${d.reason ? `: "${d.reason}"` : ''}${requeued}`;
    }
    case 'error': {
      const d = step.detail;
      return `${d.type} ${short(d.commandId)} attempt ${d.attempt} failed: ${d.error}${
        d.transient && !d.parked && d.retryInMs !== undefined ? ` (retry in ${d.retryInMs} ms)` : ''
      }${d.parked ? ' → parked' : ''}`;
    }
    default: {
      const _exhaustive: never = step;
      return JSON.stringify(_exhaustive);
    }
  }
}

/**
 * A saga as text: its status and times, error, state (JSON), commands, timers, and the step log
 * as a timeline (offsets from the saga's creation, step seq, kind, description).
 */
export function formatSagaTimeline(saga: SagaDetails): string[] {
  const start = saga.createdAt.getTime();
  const lines = [
    `${saga.id}  ${saga.status}`,
    `created ${saga.createdAt.toISOString()}  updated ${saga.updatedAt.toISOString()}` +
      (saga.endedAt
        ? `  ended ${saga.endedAt.toISOString()} (${seconds(saga.endedAt.getTime() - start)})`
        : ''),
  ];
  if (saga.error)
    lines.push(`error: ${saga.error}${saga.failedCommandId ? ` (command ${saga.failedCommandId})` : ''}`);
  lines.push(
    'state:',
    ...JSON.stringify(saga.state, null, 2)
      .split('\n')
      .map((l) => `  ${l}`),
  );
  lines.push('commands:');
  for (const c of saga.commands)
    lines.push(
      `  ${c.commandId}  ${c.type.padEnd(14)} ${c.status.padEnd(9)} attempts ${c.attempts}${c.lastError ? `  last error: ${c.lastError}` : ''}`,
    );
  if (saga.timers.length) lines.push('timers:');
  for (const t of saga.timers) {
    const state = t.firedAt ? `fired ${t.firedAt.toISOString()}` : t.cancelledAt ? 'cancelled' : 'armed';
    lines.push(`  ${t.name} due ${t.dueAt.toISOString()} → ${t.input}  ${state}`);
  }
  lines.push('timeline:');
  for (const step of saga.steps) {
    const offset = `+${seconds(step.at.getTime() - start)}`.padStart(10);
    const position = step.position !== null && step.kind === 'event' ? `  @${step.position}` : '';
    lines.push(
      `  ${offset}  #${String(step.seq).padEnd(7)} ${step.kind.padEnd(15)} ${describeStep(step)}${position}`,
    );
  }
  if (saga.stepsTruncated) lines.push('  … (more steps; page on with listSagaSteps)');
  return lines;
}
