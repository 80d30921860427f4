import type { SagaTimer } from '../api/queries.ts';
import { formatTime } from '../lib/format.ts';

/** The saga's durable timers: when due, what they feed the saga, and whether fired or cancelled. */
export function TimersTable({ timers }: { timers: readonly SagaTimer[] }) {
  if (timers.length === 0) return <p className="empty">No timers.</p>;
  return (
    <table data-testid="timers">
      <thead>
        <tr>
          <th>Timer</th>
          <th>Due</th>
          <th>Input</th>
          <th>State</th>
        </tr>
      </thead>
      <tbody>
        {timers.map((t) => (
          <tr key={t.name}>
            <td>{t.name}</td>
            <td className="mono">{formatTime(t.dueAt)}</td>
            <td>{t.input}</td>
            <td>
              {t.firedAt
                ? `fired ${formatTime(t.firedAt)}`
                : t.cancelledAt
                  ? `cancelled ${formatTime(t.cancelledAt)}`
                  : 'armed'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
