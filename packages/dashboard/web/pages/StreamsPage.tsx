import { Link, useParams, useSearchParams } from 'react-router';
import { STREAM, type StreamAnswer } from '../api/event-queries.ts';
import { AllEvents } from '../components/AllEvents.tsx';
import { EventTable } from '../components/EventTable.tsx';
import { StreamSearch } from '../components/StreamSearch.tsx';
import { useGql } from '../hooks/useGql.ts';
import { STREAM_PAGE } from '../lib/streams.ts';
import '../components/event-browser.css';

/** /streams: open a stream by name, and the "All events" view over $all. */
export function StreamsPage() {
  return (
    <main className="streams-page">
      <h1>Streams</h1>
      <StreamSearch />
      <AllEvents />
    </main>
  );
}

/**
 * /streams/:name: the events of one stream, oldest first, from `?from=` (a revision), with the
 * event at `?position=` highlighted and open (the saga timeline links here).
 */
export function StreamPage() {
  const name = decodeURIComponent(useParams().name ?? '');
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const marked = params.get('position');
  const { data, error } = useGql<StreamAnswer>(STREAM, { name, from, limit: STREAM_PAGE });
  const stream = data?.stream;
  return (
    <main className="streams-page">
      <p>
        <Link to="/streams">← Streams</Link>
      </p>
      <StreamSearch key={name} initial={name} />
      <h1 className="mono" data-testid="stream-name">
        {name}
      </h1>
      {error && (
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      )}
      {stream && stream.revision === null && <p className="empty">No stream {name}.</p>}
      {stream && stream.revision !== null && (
        <>
          <p className="muted" data-testid="stream-revision">
            Current revision {stream.revision}
            {from ? ` · from revision ${from}` : ''}
          </p>
          <EventTable key={name} events={stream.events} marked={marked} />
          <div className="pager">
            <button
              type="button"
              className="secondary"
              disabled={!from}
              onClick={() => setParams(new URLSearchParams())}
            >
              First page
            </button>
            <button
              type="button"
              className="secondary"
              disabled={!from || from === '0'}
              onClick={() => {
                const previous = BigInt(from ?? '0') - BigInt(STREAM_PAGE);
                setParams(
                  previous > 0n ? new URLSearchParams({ from: previous.toString() }) : new URLSearchParams(),
                );
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={stream.nextRevision === null}
              onClick={() => setParams(new URLSearchParams({ from: stream.nextRevision ?? '0' }))}
            >
              Next page
            </button>
          </div>
        </>
      )}
    </main>
  );
}
