import { Link } from 'react-router';
import { STREAM, type StreamAnswer } from '../api/event-queries.ts';
import type { SagaCommand, SagaStep } from '../api/queries.ts';
import { useGql } from '../hooks/useGql.ts';
import { streamPath } from '../lib/streams.ts';
import type { TimelineEntry } from '../lib/timeline-entries.ts';
import { JsonBlock } from './JsonBlock.tsx';

type EventDetail = { stream?: string; revision?: string };

/** The event behind an `event` step, read from its stream (the step log keeps only its address). */
function StepEvent(props: { step: SagaStep }) {
  const { stream = '', revision = '0' } = props.step.detail as EventDetail;
  const { data, error } = useGql<StreamAnswer>(STREAM, { name: stream, from: revision, limit: 1 });
  if (error)
    return (
      <p className="error">
        {error.code}: {error.message}
      </p>
    );
  const event = data?.stream.events[0];
  if (!data) return <p className="muted">Loading the event…</p>;
  if (!event) return <p className="empty">The event is not in {stream} any more.</p>;
  return (
    <>
      <div className="json-pair">
        <JsonBlock label="event" value={{ type: event.type, id: event.id, data: event.data }} />
        <JsonBlock label="metadata" value={{ ...event.metadata, recordedAt: event.recordedAt }} />
      </div>
      <Link to={streamPath(event.streamName, event)} data-testid="open-event">
        Open {event.streamName}@{event.revision} in Streams
      </Link>
    </>
  );
}

/**
 * What a timeline entry expands to, by kind: an event step its event's payload and metadata; a
 * command step the command sent and its result; folded retries every attempt; any other step
 * its detail as logged.
 */
export function StepJson(props: { entry: TimelineEntry; commands: readonly SagaCommand[] }) {
  const { step, steps } = props.entry;
  const commandId = (step.detail as { commandId?: string }).commandId;
  const command = commandId ? props.commands.find((c) => c.commandId === commandId) : undefined;
  return (
    <div className="step-json" data-testid="step-json">
      {step.kind === 'event' && <StepEvent step={step} />}
      {step.kind === 'command' ? (
        <div className="json-pair">
          <JsonBlock label="command" value={command ?? { commandId }} />
          <JsonBlock label="result" value={step.detail} />
        </div>
      ) : steps.length > 1 ? (
        <JsonBlock label="attempts" value={steps.map((s) => ({ at: s.at, ...s.detail }))} />
      ) : (
        <JsonBlock label={step.kind === 'event' ? 'step' : step.kind} value={step.detail} />
      )}
    </div>
  );
}
