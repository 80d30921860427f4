import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  SAGAS,
  STATS,
  THROUGHPUT,
  type SagaBucket,
  type SagaPage,
  type SagaStats,
  type SagaStatus,
} from '../api/queries.ts';
import { BatchPanel } from '../components/BatchPanel.tsx';
import { FilterBar } from '../components/FilterBar.tsx';
import { SagaTable } from '../components/SagaTable.tsx';
import { StatusCounts } from '../components/StatusCounts.tsx';
import { useGql } from '../hooks/useGql.ts';
import { useSagaUpdates } from '../hooks/useSagaUpdates.ts';
import { filterVariables, readFilters, writeFilters, type SagaFilters } from '../lib/filters.ts';
import {
  currentAfter,
  nextPage,
  PAGE_SIZES,
  pageNumber,
  previousPage,
  readPageSize,
  readTrail,
  writeTrail,
  type PageTrail,
} from '../lib/paging.ts';

// uPlot loads after the table: the rows are what an operator waits for.
const SagaCharts = lazy(() =>
  import('../components/SagaCharts.tsx').then((m) => ({ default: m.SagaCharts })),
);

/** Chart windows: bucket length and count (the API allows 60..86400 s and 1..500 buckets). */
const WINDOWS = {
  hour: { label: 'last hour', bucketSeconds: 60, buckets: 60 },
  day: { label: 'last day', bucketSeconds: 900, buckets: 96 },
  week: { label: 'last week', bucketSeconds: 3600, buckets: 168 },
} as const;
type WindowName = keyof typeof WINDOWS;

/**
 * The saga list: counts per status, charts, search and filters, sort, page size and page (all
 * in the URL, so a reload or a link shows the same page), one server-side page of sagas at a
 * time, refreshed live (at most once a second) while sagas change, and batch actions on the
 * current filter.
 */
export function SagaListPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const trail = useMemo(() => readTrail(params), [params]);
  const pageSize = readPageSize(params);
  const setTrail = (next: PageTrail) => setParams(writeTrail(params, next));
  const [window, setWindow] = useState<WindowName>('hour');
  const [now, setNow] = useState(() => Date.now());
  const [batchOpen, setBatchOpen] = useState(false);

  const page = useGql<{ sagas: SagaPage }>(SAGAS, {
    ...filterVariables(filters),
    first: pageSize,
    after: currentAfter(trail),
  });
  const stats = useGql<{ sagaStats: SagaStats }>(STATS, { type: filters.type });
  const throughput = useGql<{ sagaThroughput: SagaBucket[] }>(THROUGHPUT, {
    type: filters.type,
    bucketSeconds: WINDOWS[window].bucketSeconds,
    buckets: WINDOWS[window].buckets,
  });

  const { reload: reloadPage } = page;
  const { reload: reloadStats } = stats;
  const { reload: reloadThroughput } = throughput;
  // Rows and counts follow changes at most once a second; the charts (the costliest query,
  // minute buckets at best) at most once every 5 s, on the timer below.
  const chartsStale = useRef(false);
  const refresh = useCallback(() => {
    setNow(Date.now());
    reloadPage();
    reloadStats();
    chartsStale.current = true;
  }, [reloadPage, reloadStats]);
  const liveError = useSagaUpdates({ type: filters.type }, refresh, 1000);
  // Ages ("12 s ago") move on even when nothing changes.
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
      if (chartsStale.current) reloadThroughput();
      chartsStale.current = false;
    }, 5000);
    return () => clearInterval(timer);
  }, [reloadThroughput]);

  // New filters (or a new order or page size) start again at page 1: the trail is dropped.
  const withSize = (next: URLSearchParams, size: number) => {
    if (size !== 25) next.set('size', String(size));
    return next;
  };
  const apply = (next: SagaFilters) => setParams(withSize(writeFilters(next), pageSize));
  const selectStatus = (status: SagaStatus | null) => apply({ ...filters, status });
  const data = page.data?.sagas;
  const error = page.error ?? stats.error ?? throughput.error;

  return (
    <main className="list-page">
      <StatusCounts stats={stats.data?.sagaStats ?? null} selected={filters.status} onSelect={selectStatus} />
      <div className="chart-controls">
        {(Object.keys(WINDOWS) as WindowName[]).map((name) => (
          <button
            key={name}
            type="button"
            className={name === window ? 'selected' : 'secondary'}
            onClick={() => setWindow(name)}
          >
            {WINDOWS[name].label}
          </button>
        ))}
      </div>
      <Suspense fallback={<section className="charts" />}>
        <SagaCharts buckets={throughput.data?.sagaThroughput ?? []} />
      </Suspense>
      <FilterBar filters={filters} onApply={apply} />
      {error && (
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      )}
      {liveError && <p className="warning">Live updates failed: {liveError}</p>}
      <div className="table-head">
        <span data-testid="total-count">
          {data ? `${data.totalCount.toLocaleString('en-GB')} saga(s)` : 'loading…'}
          {page.loading && data ? ' · refreshing' : ''}
        </span>
        <span className="pager">
          <label>
            Per page
            <select
              name="page-size"
              value={PAGE_SIZES.includes(pageSize as never) ? pageSize : ''}
              onChange={(e) => setParams(withSize(writeFilters(filters), Number(e.target.value)))}
            >
              {!PAGE_SIZES.includes(pageSize as never) && <option value="">{pageSize}</option>}
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => setBatchOpen((open) => !open)}>
            {batchOpen ? 'Close batch action' : 'Batch action…'}
          </button>
          <button
            type="button"
            disabled={pageNumber(trail) === 1}
            onClick={() => setTrail(previousPage(trail))}
          >
            ← Previous
          </button>
          <span data-testid="page-number">page {pageNumber(trail)}</span>
          <button
            type="button"
            disabled={!data?.pageInfo.hasNextPage || !data.pageInfo.endCursor}
            onClick={() => data?.pageInfo.endCursor && setTrail(nextPage(trail, data.pageInfo.endCursor))}
          >
            Next →
          </button>
        </span>
      </div>
      {batchOpen && <BatchPanel filters={filters} onDone={refresh} />}
      {data ? (
        <SagaTable
          rows={data.edges.map((e) => e.node)}
          now={now}
          sort={filters.sort ?? null}
          onSort={(sort) => apply({ ...filters, sort })}
        />
      ) : (
        !error && <p>Loading…</p>
      )}
    </main>
  );
}
