import type { SagaStep } from '../api/queries.ts';
import { formatDuration, formatTime } from '../lib/format.ts';
import { describeStep } from '../lib/timeline.ts';

/**
 * The saga's step log as a timeline, oldest first: offset from the saga's creation, time, a
 * lane per kind (event in, decision, command out, timer, operator, error) and what happened.
 */
export function Timeline(props: { steps: readonly SagaStep[]; createdAt: string; more: number }) {
  const { steps, createdAt, more } = props;
  const start = Date.parse(createdAt);
  return (
    <ol className="timeline" data-testid="timeline">
      {steps.map((step) => {
        const view = describeStep(step);
        return (
          <li key={step.seq} className={`step lane-${view.lane}`} data-kind={step.kind}>
            <span className="step-offset" title={formatTime(step.at)}>
              +{formatDuration(Date.parse(step.at) - start)}
            </span>
            <span className="step-kind">{step.kind}</span>
            <span className="step-title">{view.title}</span>
            <span className="step-text">{view.text}</span>
            {step.position && step.kind === 'event' && (
              <span className="step-position">@{step.position}</span>
            )}
          </li>
        );
      })}
      {more > 0 && <li className="step more">… {more} more step(s) not shown</li>}
    </ol>
  );
}
