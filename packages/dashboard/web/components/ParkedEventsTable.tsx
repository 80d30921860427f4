import type { ParkedRow } from '../api/processor-queries.ts';
import { formatTime, shortId } from '../lib/format.ts';

/**
 * The events processors parked, by processor and position, each with Retry (Postgres read
 * models: apply it again) and Skip (never apply it; a reason is recorded).
 */
export function ParkedEventsTable(props: {
  parked: readonly ParkedRow[];
  /** Names of the processors whose parked events can be retried (Postgres read models). */
  retryable: ReadonlySet<string>;
  onRetry: (event: ParkedRow) => void;
  onSkip: (event: ParkedRow) => void;
}) {
  if (props.parked.length === 0)
    return (
      <p className="empty" data-testid="no-parked">
        No parked events.
      </p>
    );
  return (
    <div className="table-scroll">
      <table data-testid="parked-events">
        <thead>
          <tr>
            <th>Processor</th>
            <th>Position</th>
            <th>Event</th>
            <th>Stream</th>
            <th>Attempts</th>
            <th>Parked at</th>
            <th>Error</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.parked.map((e) => (
            <tr key={`${e.projection}/${e.eventId}`} data-testid={`parked-event-${e.eventId}`}>
              <td className="mono">{e.projection}</td>
              <td className="mono">{e.position}</td>
              <td>
                {e.eventType}{' '}
                <span className="mono" title={e.eventId}>
                  {shortId(e.eventId)}
                </span>
              </td>
              <td className="mono">{e.streamName}</td>
              <td>{e.attempts}</td>
              <td>{formatTime(e.parkedAt)}</td>
              <td className="error-cell" title={e.error}>
                {e.error}
              </td>
              <td className="actions-cell">
                {props.retryable.has(e.projection) && (
                  <button type="button" onClick={() => props.onRetry(e)}>
                    Retry
                  </button>
                )}{' '}
                <button type="button" className="danger" onClick={() => props.onSkip(e)}>
                  Skip
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
