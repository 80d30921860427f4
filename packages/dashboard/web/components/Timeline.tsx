import { useState } from 'react';
import { Link } from 'react-router';
import type { SagaCommand, SagaStep, StepKind } from '../api/queries.ts';
import { formatDuration, formatTime } from '../lib/format.ts';
import { streamPath } from '../lib/streams.ts';
import { describeStep } from '../lib/timeline.ts';
import { collapseRetries, kindCounts, singleEntries, type TimelineEntry } from '../lib/timeline-entries.ts';
import { StepJson } from './StepJson.tsx';
import './event-browser.css';

/** One entry: offset, kind, title and text; expands to its JSON. */
function Entry(props: { entry: TimelineEntry; start: number; commands: readonly SagaCommand[] }) {
  const { entry, start } = props;
  const { step, steps } = entry;
  const [open, setOpen] = useState(false);
  const view = describeStep(step);
  const { stream, revision } = step.detail as { stream?: string; revision?: string };
  return (
    <li className={`step lane-${view.lane}`} data-kind={step.kind} data-testid="timeline-entry">
      <span className="step-offset" title={formatTime(step.at)}>
        +{formatDuration(Date.parse(step.at) - start)}
      </span>
      <span className="step-kind">
        <button
          type="button"
          className="secondary expand"
          aria-expanded={open}
          aria-label={`${open ? 'Hide' : 'Show'} the JSON of ${view.title}`}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>{' '}
        {step.kind}
      </span>
      <span className="step-title">
        {view.title}
        {steps.length > 1 && (
          <span className="step-repeats" data-testid="step-repeats">
            {' '}
            ×{steps.length}
          </span>
        )}
      </span>
      <span className="step-text">
        {steps.length > 1 ? `${describeStep(steps.at(-1)!).text} (${steps.length} attempts)` : view.text}
      </span>
      {step.position && step.kind === 'event' && stream && revision ? (
        <Link
          className="step-position"
          to={streamPath(stream, { position: step.position, revision })}
          title="Open the event in Streams"
        >
          @{step.position}
        </Link>
      ) : (
        <span />
      )}
      {open && <StepJson entry={entry} commands={props.commands} />}
    </li>
  );
}

/**
 * The saga's step log as a timeline, oldest first: offset from the saga's creation, a lane per
 * kind (event in, decision, command out, timer, operator, error) and what happened. Each entry
 * expands to its JSON; kinds can be hidden; repeated failed attempts of a command fold into one
 * entry unless "Collapse retries" is off.
 */
export function Timeline(props: {
  steps: readonly SagaStep[];
  createdAt: string;
  more: number;
  commands: readonly SagaCommand[];
}) {
  const { steps, createdAt, more, commands } = props;
  const [hidden, setHidden] = useState<ReadonlySet<StepKind>>(new Set());
  const [collapse, setCollapse] = useState(true);
  const start = Date.parse(createdAt);
  const shown = steps.filter((s) => !hidden.has(s.kind));
  const entries = collapse ? collapseRetries(shown) : singleEntries(shown);
  const toggleKind = (kind: StepKind) =>
    setHidden((current) => {
      const next = new Set(current);
      if (!next.delete(kind)) next.add(kind);
      return next;
    });
  return (
    <>
      <div className="timeline-tools" data-testid="timeline-tools">
        {kindCounts(steps).map(({ kind, count }) => (
          <label key={kind}>
            <input
              type="checkbox"
              checked={!hidden.has(kind)}
              onChange={() => toggleKind(kind)}
              name={`kind-${kind}`}
            />
            {kind} ({count})
          </label>
        ))}
        <label>
          <input type="checkbox" checked={collapse} onChange={() => setCollapse(!collapse)} name="collapse" />
          Collapse retries
        </label>
      </div>
      <ol className="timeline" data-testid="timeline">
        {entries.map((entry) => (
          <Entry key={entry.step.seq} entry={entry} start={start} commands={commands} />
        ))}
        {more > 0 && <li className="step more">… {more} more step(s) not shown</li>}
      </ol>
    </>
  );
}
