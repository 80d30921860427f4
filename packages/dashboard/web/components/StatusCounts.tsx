import { SAGA_STATUSES, type SagaStats, type SagaStatus } from '../api/queries.ts';
import { formatAge, formatDuration } from '../lib/format.ts';

/**
 * Saga counts per status from `sagaStats`; a click on a count filters the list by that status
 * (a click on the selected one clears the filter). Also the durations and the oldest idle saga.
 */
export function StatusCounts(props: {
  stats: SagaStats | null;
  selected: SagaStatus | null;
  onSelect: (status: SagaStatus | null) => void;
}) {
  const { stats, selected, onSelect } = props;
  const count = (status: SagaStatus) => stats?.byStatus.find((s) => s.status === status)?.count ?? 0;
  return (
    <section className="counts" aria-label="Sagas per status">
      <button
        type="button"
        className={`count ${selected === null ? 'selected' : ''}`}
        onClick={() => onSelect(null)}
        data-testid="count-ALL"
      >
        <span className="count-value">{stats ? stats.total.toLocaleString('en-GB') : '…'}</span>
        <span className="count-label">all</span>
      </button>
      {SAGA_STATUSES.map((status) => (
        <button
          type="button"
          key={status}
          className={`count status-${status.toLowerCase()} ${selected === status ? 'selected' : ''}`}
          onClick={() => onSelect(selected === status ? null : status)}
          data-testid={`count-${status}`}
          aria-pressed={selected === status}
        >
          <span className="count-value">{stats ? count(status).toLocaleString('en-GB') : '…'}</span>
          <span className="count-label">{status.toLowerCase()}</span>
        </button>
      ))}
      {stats && (
        <div className="count-notes">
          <div>
            duration p50 {formatDuration(stats.durationsMs.p50)} · p95 {formatDuration(stats.durationsMs.p95)}{' '}
            · max {formatDuration(stats.durationsMs.max)}
          </div>
          <div>
            oldest open saga idle since{' '}
            {stats.oldestOpenUpdatedAt ? formatAge(stats.oldestOpenUpdatedAt) : '– (none open)'}
          </div>
        </div>
      )}
    </section>
  );
}
