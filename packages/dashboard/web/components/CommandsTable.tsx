import type { SagaCommand } from '../api/queries.ts';
import { formatTime, shortId } from '../lib/format.ts';

/** The saga's outbox: every command it sent or holds, with attempts and the last error. */
export function CommandsTable({ commands }: { commands: readonly SagaCommand[] }) {
  if (commands.length === 0) return <p className="empty">No commands.</p>;
  return (
    <table data-testid="commands">
      <thead>
        <tr>
          <th>Command</th>
          <th>Type</th>
          <th>Status</th>
          <th>Attempts</th>
          <th>Last error</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {commands.map((c) => (
          <tr key={c.commandId}>
            <td className="mono" title={c.commandId}>
              {shortId(c.commandId)}
            </td>
            <td title={JSON.stringify(c.data)}>{c.type}</td>
            <td>
              <span className={`badge command-${c.status}`}>{c.status}</span>
            </td>
            <td>{c.attempts}</td>
            <td className="error-cell">{c.lastError ?? ''}</td>
            <td className="mono">{formatTime(c.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
