import type { SagaStep, StepKind } from '../api/queries.ts';
import { formatTime, shortId } from './format.ts';

/** How the timeline shows one step: a lane, a title and a line of text. */
export interface StepView {
  /** in: events in; decision; out: commands out; timer; operator; error. */
  readonly lane: 'in' | 'decision' | 'out' | 'timer' | 'operator' | 'error';
  readonly title: string;
  readonly text: string;
}

type Detail = Record<string, any>;

const commandList = (commands: unknown): string =>
  Array.isArray(commands)
    ? commands
        .map((c: Detail) => {
          // The resource a command reserves or gives back: a SKU's stock or a coupon code.
          const target = c?.data?.sku ?? c?.data?.code;
          return target !== undefined ? `${c.type}(${String(target)})` : String(c?.type);
        })
        .join(', ')
    : '';

/**
 * Describes a step of the saga runtime's step log by kind (the detail shapes the runtime writes:
 * sagas/src/runtime, and the CLI's `describeStep` in sagas/src/operator/timeline.ts).
 */
export function describeStep(step: Pick<SagaStep, 'kind' | 'detail' | 'actor'>): StepView {
  const d = step.detail as Detail;
  const kind: StepKind = step.kind;
  switch (kind) {
    case 'event':
      return { lane: 'in', title: `event ${d.type}`, text: `${d.stream}@${d.revision}` };
    case 'decision': {
      const change =
        d.statusBefore === d.statusAfter ? d.statusAfter : `${d.statusBefore ?? 'new'} → ${d.statusAfter}`;
      const commands = commandList(d.commands);
      return {
        lane: 'decision',
        title: `on ${d.input}`,
        text: `${change}${commands ? `; send ${commands}` : ''}${d.held ? ' (held: parked)' : ''}`,
      };
    }
    case 'command':
      return {
        lane: d.outcome === 'failed' ? 'error' : 'out',
        title: `command ${d.type}`,
        text: `${shortId(String(d.commandId))} ${d.outcome} after ${d.attempts} attempt(s)${d.error ? `: ${d.error}` : ''}`,
      };
    case 'timer-set':
      return { lane: 'timer', title: `timer ${d.name} set`, text: `due ${formatTime(d.dueAt)} → ${d.input}` };
    case 'timer-fired':
      return { lane: 'timer', title: `timer ${d.name} fired`, text: `due ${formatTime(d.dueAt)}` };
    case 'timer-cancelled':
      return { lane: 'timer', title: `timer ${d.name} cancelled`, text: '' };
    case 'operator': {
      const requeued = commandList(d.commands);
      return {
        lane: 'operator',
        title: `operator ${d.action}${step.actor ? ` by ${step.actor}` : ''}`,
        text: [
          d.reason ? `reason: "${d.reason}"` : 'no reason given',
          requeued ? `re-queued ${requeued}` : '',
          d.previousError ? `was: ${d.previousError}` : '',
        ]
          .filter(Boolean)
          .join('; '),
      };
    }
    case 'error':
      return {
        lane: 'error',
        title: `${d.type} failed${d.parked ? ' → parked' : ''}`,
        text: `${shortId(String(d.commandId))} attempt ${d.attempt}: ${d.error}${
          d.transient && !d.parked && d.retryInMs !== undefined ? ` (retry in ${d.retryInMs} ms)` : ''
        }`,
      };
    default: {
      const _exhaustive: never = kind;
      return { lane: 'decision', title: String(_exhaustive), text: JSON.stringify(d) };
    }
  }
}
