import type { SagaStatus } from '../api/queries.ts';

/** A saga status as a coloured label (colours in styles.css, by status). */
export function StatusBadge({ status }: { status: SagaStatus | string }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} data-status={status}>
      {status}
    </span>
  );
}
