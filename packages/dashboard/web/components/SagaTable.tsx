import { Link } from 'react-router';
import type { SagaRow } from '../api/queries.ts';
import { formatAge, formatDuration, formatTime, shortId } from '../lib/format.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** One page of sagas; the id links to the saga's detail page. */
export function SagaTable({ rows, now }: { rows: readonly SagaRow[]; now: number }) {
  if (rows.length === 0) return <p className="empty">No saga matches these filters.</p>;
  return (
    <table className="sagas" data-testid="saga-table">
      <thead>
        <tr>
          <th>Saga</th>
          <th>Type</th>
          <th>Status</th>
          <th>Created</th>
          <th>Last change</th>
          <th>Duration</th>
          <th>Error</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((saga) => (
          <tr key={saga.id} data-saga-id={saga.id}>
            <td className="mono">
              <Link to={`/sagas/${encodeURIComponent(saga.id)}`} title={saga.id}>
                {shortId(saga.instanceId)}
              </Link>
            </td>
            <td>{saga.type}</td>
            <td>
              <StatusBadge status={saga.status} />
            </td>
            <td className="mono">{formatTime(saga.createdAt)}</td>
            <td title={formatTime(saga.updatedAt)}>{formatAge(saga.updatedAt, now)}</td>
            <td>
              {saga.endedAt
                ? formatDuration(Date.parse(saga.endedAt) - Date.parse(saga.createdAt))
                : `${formatDuration(now - Date.parse(saga.createdAt))} (open)`}
            </td>
            <td className="error-cell" title={saga.error ?? ''}>
              {saga.error ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
