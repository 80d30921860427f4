import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { SAGA, type SagaAction, type SagaDetail, type SagaStatus } from '../api/queries.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { CommandsTable } from '../components/CommandsTable.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { TimersTable } from '../components/TimersTable.tsx';
import { useGql } from '../hooks/useGql.ts';
import { useSagaUpdates } from '../hooks/useSagaUpdates.ts';
import { formatDuration, formatTime } from '../lib/format.ts';
import { downloadJson, historyFileName, loadSagaHistory } from '../lib/history.ts';
import { orderStream, streamPath } from '../lib/streams.ts';

const OPEN: readonly SagaStatus[] = ['RUNNING', 'COMPENSATING', 'PARKED'];

/** Which actions a saga in `status` allows (the API refuses the others with INVALID_STATE). */
const allowed = (action: SagaAction, status: SagaStatus) =>
  action === 'retry' ? status === 'PARKED' : OPEN.includes(status);

/**
 * One saga: summary with a link to its order, operator actions behind a confirmation, the
 * timeline of its step log, its commands, timers and state; refreshed live as it changes.
 */
export function SagaDetailPage() {
  const id = decodeURIComponent(useParams().id ?? '');
  const { data, error, reload } = useGql<{ saga: SagaDetail | null }>(SAGA, { id });
  const liveError = useSagaUpdates({ id }, reload, 500);
  const [action, setAction] = useState<SagaAction | null>(null);
  const [download, setDownload] = useState<string | null>(null);

  if (error)
    return (
      <main>
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      </main>
    );
  if (!data) return <main>Loading…</main>;
  const saga = data.saga;
  if (!saga)
    return (
      <main>
        <p className="error">No saga {id}.</p>
        <Link to="/">Back to the list</Link>
      </main>
    );
  const steps = saga.steps.edges.map((e) => e.node);
  const downloadHistory = () => {
    setDownload('Reading the step log…');
    loadSagaHistory(saga.id)
      .then((history) => {
        downloadJson(historyFileName(saga.id), history);
        setDownload(null);
      })
      .catch((e: unknown) => setDownload(`Download failed: ${(e as Error).message}`));
  };

  return (
    <main className="detail-page">
      <p>
        <Link to="/">← Sagas</Link>
      </p>
      <h1 className="mono">{saga.id}</h1>
      {liveError && <p className="warning">Live updates failed: {liveError}</p>}
      <section className="summary" data-testid="summary">
        <dl>
          <dt>Status</dt>
          <dd data-testid="saga-status">
            <StatusBadge status={saga.status} />
          </dd>
          <dt>Type</dt>
          <dd>{saga.type}</dd>
          <dt>Order</dt>
          <dd>
            {saga.orderId ? (
              <>
                <Link to={`/orders/${encodeURIComponent(saga.orderId)}`} className="mono">
                  {saga.orderId}
                </Link>
                {' · '}
                <Link to={streamPath(orderStream(saga.orderId))} data-testid="order-stream">
                  its event stream
                </Link>
              </>
            ) : (
              '–'
            )}
          </dd>
          <dt>Created</dt>
          <dd className="mono">{formatTime(saga.createdAt)}</dd>
          <dt>Last change</dt>
          <dd className="mono">{formatTime(saga.updatedAt)}</dd>
          <dt>Ended</dt>
          <dd className="mono">
            {saga.endedAt
              ? `${formatTime(saga.endedAt)} (after ${formatDuration(Date.parse(saga.endedAt) - Date.parse(saga.createdAt))})`
              : '– (open)'}
          </dd>
          <dt>Position</dt>
          <dd className="mono">{saga.position ?? '–'}</dd>
        </dl>
        {saga.error && (
          <p className="error" data-testid="saga-error">
            {saga.error}
            {saga.failedCommandId ? ` (command ${saga.failedCommandId})` : ''}
          </p>
        )}
        <div className="actions">
          {(['retry', 'compensate', 'abort'] as const).map((a) => (
            <button
              key={a}
              type="button"
              className={a === 'retry' ? '' : 'danger'}
              disabled={!allowed(a, saga.status)}
              title={allowed(a, saga.status) ? '' : `not possible while ${saga.status}`}
              onClick={() => setAction(a)}
            >
              {a === 'retry' ? 'Retry' : a === 'compensate' ? 'Force compensation' : 'Abort'}
            </button>
          ))}
        </div>
      </section>
      <h2>Timeline</h2>
      <p className="actions">
        <button
          type="button"
          className="secondary"
          onClick={downloadHistory}
          disabled={download !== null && !download.startsWith('Download failed')}
        >
          Download history (JSON)
        </button>
        {download && (
          <span className={download.startsWith('Download failed') ? 'error' : 'muted'}>{download}</span>
        )}
      </p>
      <Timeline
        steps={steps}
        createdAt={saga.createdAt}
        more={saga.steps.totalCount - steps.length}
        commands={saga.commands}
      />
      <h2>Commands</h2>
      <CommandsTable commands={saga.commands} />
      <h2>Timers</h2>
      <TimersTable timers={saga.timers} />
      <details>
        <summary>State</summary>
        <pre>{JSON.stringify(saga.state, null, 2)}</pre>
      </details>
      {action && (
        <ActionDialog action={action} sagaId={saga.id} onClose={() => setAction(null)} onDone={reload} />
      )}
    </main>
  );
}
