import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors.ts';
import { gql } from '../api/graphql.ts';
import {
  MAX_BATCH,
  SAGAS_BATCH,
  type BatchAction,
  type BatchItem,
  type BatchResult,
} from '../api/batch-queries.ts';
import { chunks, confirms } from '../lib/batch.ts';
import { batchFilter, type SagaFilters } from '../lib/filters.ts';

/** Sagas per request while a batch runs: small enough for the progress to move. */
const CHUNK = 25;

const ACTIONS: Record<BatchAction, string> = {
  RETRY: 'Retry: send the failed and held commands of each parked saga again.',
  COMPENSATE: 'Compensate: undo what each saga did (release stock, void payments, cancel orders).',
  ABORT: 'Abort: stop each saga for good, undoing nothing (settle its effects by hand). Needs a reason.',
};

const asError = (e: unknown) => (e instanceof ApiError ? e : new ApiError('NETWORK', String(e)));

/**
 * Batch actions on the list's current filter: pick an action, see the dry run's count, type the
 * count (or the action's name) to confirm, give a reason, then watch the progress and each
 * saga's outcome. Runs chunk by chunk over the dry run's ids (each chunk still within the
 * filter: a saga that left it since the count is skipped, not acted on).
 */
export function BatchPanel({ filters, onDone }: { filters: SagaFilters; onDone: () => void }) {
  const filter = useMemo(() => batchFilter(filters), [filters]);
  const filterKey = JSON.stringify(filter);
  const [action, setAction] = useState<BatchAction | ''>('');
  const [dry, setDry] = useState<BatchResult | null>(null);
  const [typed, setTyped] = useState('');
  const [reason, setReason] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<BatchItem[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const running = progress !== null && results === null;

  useEffect(() => {
    setDry(null);
    setTyped('');
    setResults(null);
    setProgress(null);
    setError(null);
    if (!action || !filter) return;
    const variables = { action, filter: JSON.parse(filterKey) as object, dryRun: true };
    let live = true;
    gql<{ sagasBatch: BatchResult }>(SAGAS_BATCH, variables)
      .then((d) => live && setDry(d.sagasBatch))
      .catch((e: unknown) => live && setError(asError(e)));
    return () => {
      live = false;
    };
  }, [action, filterKey, filter]);

  const ready =
    !!action &&
    !!dry &&
    dry.matched <= MAX_BATCH &&
    confirms(typed, dry.matched, action) &&
    (action !== 'ABORT' || reason.trim() !== '');

  const [actor, setActor] = useState<string | null>(null);
  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !dry || !filter || !action) return;
    const done: BatchItem[] = [];
    setError(null);
    setProgress({ done: 0, total: dry.ids.length });
    try {
      for (const ids of chunks(dry.ids, CHUNK)) {
        const { sagasBatch } = await gql<{ sagasBatch: BatchResult }>(SAGAS_BATCH, {
          action,
          filter: { ...filter, ids },
          reason: reason.trim() || null,
        });
        done.push(...sagasBatch.results);
        setActor(sagasBatch.actor);
        setProgress({ done: done.length, total: dry.ids.length });
      }
    } catch (e) {
      setError(asError(e));
    }
    setResults(done);
    onDone();
  };

  const succeeded = results?.filter((r) => r.ok).length ?? 0;
  return (
    <section className="batch-panel" aria-label="Batch action">
      <h2>Batch action on this filter</h2>
      {!filter && (
        <p className="empty">Set a filter (status, type, search or age) first: a batch needs one.</p>
      )}
      <form onSubmit={run}>
        <label>
          Action
          <select
            name="batch-action"
            value={action}
            disabled={!filter || running}
            onChange={(e) => setAction(e.target.value as BatchAction | '')}
          >
            <option value="">choose…</option>
            {(Object.keys(ACTIONS) as BatchAction[]).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        {action && <p>{ACTIONS[action]}</p>}
        {action && filter && (
          <p data-testid="batch-count" role="status">
            {dry ? `Dry run: ${dry.matched} saga(s) match this filter.` : 'Counting…'}
            {dry && dry.matched > MAX_BATCH && ` More than ${MAX_BATCH}: narrow the filter.`}
          </p>
        )}
        {dry && dry.matched > 0 && results === null && (
          <>
            <label>
              Confirm: type {dry.matched} or {action}
              <input name="batch-confirm" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </label>
            <label>
              Reason{action === 'ABORT' ? ' (required)' : ' (optional)'}
              <textarea
                name="batch-reason"
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </label>
            <button type="submit" className={action === 'RETRY' ? '' : 'danger'} disabled={!ready || running}>
              {running ? 'Working…' : `${action} ${dry.matched} saga(s)`}
            </button>
          </>
        )}
      </form>
      {progress && (
        <p data-testid="batch-progress">
          <progress value={progress.done} max={Math.max(progress.total, 1)} /> {progress.done} /{' '}
          {progress.total}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      )}
      {results && (
        <>
          <p className="success" data-testid="batch-summary">
            Done{actor ? ` as ${actor}` : ''}: {succeeded} succeeded, {results.length - succeeded} failed
            {progress && progress.total > results.length
              ? `, ${progress.total - results.length} skipped (no longer match the filter)`
              : ''}
            .
          </p>
          <ul className="batch-results" data-testid="batch-results">
            {results.map((r) => (
              <li key={r.id} className={r.ok ? '' : 'error'} data-saga-id={r.id}>
                <span className="mono">{r.id}</span> — {r.ok ? r.status : `${r.code}: ${r.message}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
