import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { EVENTS, type EventsAnswer } from '../api/event-queries.ts';
import { useGql } from '../hooks/useGql.ts';
import {
  allEventsVariables,
  readAllEventsFilters,
  writeAllEventsFilters,
  type AllEventsFilters,
} from '../lib/streams.ts';
import { EventTable } from './EventTable.tsx';

const PAGE = 50;

/**
 * The "All events" view over `$all`: filters by type, correlation id and order id, and pages by
 * position; filters and cursor live in the URL (a page is linkable, Back goes to the page before).
 */
export function AllEvents() {
  const [params, setParams] = useSearchParams();
  const filters = readAllEventsFilters(params);
  const [draft, setDraft] = useState<AllEventsFilters>(filters);
  const { data, error, loading } = useGql<EventsAnswer>(EVENTS, allEventsVariables(filters, PAGE));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setParams(writeAllEventsFilters({ ...draft, after: '', limit: filters.limit }));
  };
  const field = (key: 'types' | 'correlationId' | 'orderId', label: string, placeholder: string) => (
    <label>
      {label}
      <input
        name={key}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );
  const page = data?.events;
  return (
    <section data-testid="all-events">
      <h2>All events</h2>
      <form className="filters" onSubmit={apply}>
        {field('types', 'Types', 'OrderCreated, StockReserved')}
        {field('correlationId', 'Correlation id', 'an order id')}
        {field('orderId', 'Order id', 'order id')}
        <button type="submit">Apply</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      )}
      {page && (
        <>
          <p className="muted" data-testid="all-events-range">
            {page.events.length} event(s)
            {filters.after ? ` after position ${filters.after}` : ' from the start'}; head of $all at{' '}
            {page.headPosition}
            {loading ? ' · loading…' : ''}
          </p>
          <EventTable events={page.events} showStream />
          <div className="pager">
            <button
              type="button"
              className="secondary"
              disabled={!filters.after}
              onClick={() => setParams(writeAllEventsFilters({ ...filters, after: '' }))}
            >
              First page
            </button>
            <button
              type="button"
              disabled={!page.pageInfo.hasNextPage}
              onClick={() =>
                setParams(writeAllEventsFilters({ ...filters, after: page.pageInfo.endCursor ?? '' }))
              }
            >
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}
