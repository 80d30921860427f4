import { Link } from 'react-router';
import type { SagaListRow } from '../api/queries.ts';
import { formatAge, formatDuration, formatMoney, formatTime, shortId } from '../lib/format.ts';
import type { SagaSortKey } from '../lib/filters.ts';
import { StatusBadge } from './StatusBadge.tsx';

/** A sortable column's header: a click sorts by it newest first, a second click oldest first. */
function SortHeader(props: {
  label: string;
  column: 'created' | 'updated';
  sort: SagaSortKey | null;
  onSort: (sort: SagaSortKey) => void;
}) {
  const { label, column, sort, onSort } = props;
  const current = sort?.startsWith(column) ? (sort.endsWith('asc') ? 'ascending' : 'descending') : 'none';
  const next: SagaSortKey = current === 'descending' ? `${column}-asc` : `${column}-desc`;
  return (
    <th aria-sort={current}>
      <button type="button" className="sort-header" onClick={() => onSort(next)}>
        {label}
        {current === 'none' ? '' : current === 'ascending' ? ' ▲' : ' ▼'}
      </button>
    </th>
  );
}

/**
 * One page of sagas with their order, customer, total, outcome and current step; the id links
 * to the saga's detail page; Created and Last change sort the list.
 */
export function SagaTable(props: {
  rows: readonly SagaListRow[];
  now: number;
  sort: SagaSortKey | null;
  onSort: (sort: SagaSortKey) => void;
}) {
  const { rows, now, sort, onSort } = props;
  if (rows.length === 0) return <p className="empty">No saga matches these filters.</p>;
  return (
    <div className="table-scroll">
      <table className="sagas" data-testid="saga-table">
        <thead>
          <tr>
            <th>Saga</th>
            <th>Type</th>
            <th>Status</th>
            <th>Order</th>
            <th>Customer</th>
            <th>Total</th>
            <th>Outcome</th>
            <th>Current step</th>
            <SortHeader label="Created" column="created" sort={sort} onSort={onSort} />
            <SortHeader label="Last change" column="updated" sort={sort} onSort={onSort} />
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
              <td className="mono" title={saga.orderId ?? ''} data-testid="order-cell">
                {saga.orderId ? shortId(saga.orderId) : ''}
              </td>
              <td data-testid="customer-cell">{saga.customerId ?? ''}</td>
              <td className="number">
                {saga.total != null && saga.currency
                  ? formatMoney(saga.total, saga.currency)
                  : (saga.total ?? '')}
              </td>
              <td data-testid="outcome-cell">{saga.outcome ?? ''}</td>
              <td>{saga.currentStep ?? ''}</td>
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
    </div>
  );
}
