import { Fragment, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { LoggedEvent } from '../api/event-queries.ts';
import { formatTime, shortId } from '../lib/format.ts';
import { streamPath } from '../lib/streams.ts';
import { JsonBlock } from './JsonBlock.tsx';

/**
 * Events as a table (revision, position, type, stream, recorded time), each row expanding to
 * its data and metadata. The event at `marked` (a position) is highlighted, open and scrolled to.
 */
export function EventTable(props: {
  events: readonly LoggedEvent[];
  /** Show the stream column (the $all view). */
  showStream?: boolean;
  marked?: string | null;
}) {
  const { events, showStream = false, marked } = props;
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(marked ? [marked] : []));
  const markedRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (marked) setOpen((current) => new Set([...current, marked]));
  }, [marked]);
  // A block body: current Chromium's scrollIntoView returns a Promise, which React would take
  // for the effect's cleanup function and call on unmount.
  useEffect(() => {
    markedRow.current?.scrollIntoView({ block: 'center' });
  }, [marked, events]);
  const toggle = (position: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(position)) next.add(position);
      return next;
    });
  if (events.length === 0) return <p className="empty">No events.</p>;
  return (
    <div className="table-scroll">
      <table className="events" data-testid="event-table">
        <thead>
          <tr>
            <th aria-label="expand" />
            <th>Revision</th>
            <th>Position</th>
            <th>Type</th>
            {showStream && <th>Stream</th>}
            <th>Recorded</th>
            <th>Id</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const isOpen = open.has(event.position);
            const isMarked = event.position === marked;
            return (
              <Fragment key={event.id}>
                <tr
                  ref={isMarked ? markedRow : undefined}
                  className={isMarked ? 'event-row marked' : 'event-row'}
                  data-testid="event-row"
                  data-position={event.position}
                >
                  <td>
                    <button
                      type="button"
                      className="secondary expand"
                      aria-expanded={isOpen}
                      aria-label={`${isOpen ? 'Hide' : 'Show'} ${event.type} @${event.position}`}
                      onClick={() => toggle(event.position)}
                    >
                      {isOpen ? '▾' : '▸'}
                    </button>
                  </td>
                  <td className="mono">{event.revision}</td>
                  <td className="mono">{event.position}</td>
                  <td>{event.type}</td>
                  {showStream && (
                    <td className="mono">
                      <Link to={streamPath(event.streamName, event)}>{event.streamName}</Link>
                    </td>
                  )}
                  <td className="mono">{formatTime(event.recordedAt)}</td>
                  <td className="mono" title={event.id}>
                    {shortId(event.id)}
                  </td>
                </tr>
                {isOpen && (
                  <tr className="event-json" data-testid="event-json">
                    <td colSpan={showStream ? 7 : 6}>
                      <div className="json-pair">
                        <JsonBlock label="data" value={event.data} />
                        <JsonBlock label="metadata" value={event.metadata} />
                      </div>
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
