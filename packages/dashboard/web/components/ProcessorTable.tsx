import type { ProcessorRow } from '../api/processor-queries.ts';
import { formatDuration } from '../lib/format.ts';
import { RebuildProgress } from './RebuildProgress.tsx';

/** Processor states as badge colours (the saga statuses' classes in styles.css). */
const STATE_CLASS: Record<string, string> = {
  running: 'status-completed',
  'catching-up': 'status-running',
  starting: 'status-running',
  rebuilding: 'status-compensating',
  retrying: 'status-parked',
  standby: 'status-aborted',
  stopped: 'status-aborted',
};

const KIND_LABEL: Record<ProcessorRow['kind'], string> = {
  POSTGRES_READ_MODEL: 'read model (Postgres)',
  REDIS_READ_MODEL: 'read model (Redis)',
  PROCESS_MANAGER: 'process manager',
  RELAY: 'Kafka relay',
  WEBHOOKS: 'webhooks',
  PAYMENT_SIMULATOR: 'payment simulator',
};

/**
 * Every processor: kind, state, checkpoint, lag (events yet to apply and seconds), events/s,
 * parked events and last error; read models get a Rebuild button and their rebuild's progress.
 */
export function ProcessorTable(props: {
  processors: readonly ProcessorRow[];
  onRebuild: (name: string) => void;
}) {
  return (
    <div className="table-scroll">
      <table data-testid="processors">
        <thead>
          <tr>
            <th>Processor</th>
            <th>Kind</th>
            <th>State</th>
            <th>Checkpoint</th>
            <th>Lag (events)</th>
            <th>Lag</th>
            <th>Events/s</th>
            <th>Parked</th>
            <th>Last error</th>
            <th>Rebuild</th>
          </tr>
        </thead>
        <tbody>
          {props.processors.map((p) => (
            <tr key={p.name} data-testid={`processor-${p.name}`}>
              <td className="mono">{p.name}</td>
              <td>{KIND_LABEL[p.kind]}</td>
              <td>
                <span className={`badge ${STATE_CLASS[p.state] ?? 'status-aborted'}`} data-state={p.state}>
                  {p.state}
                </span>
              </td>
              <td className="mono">{p.checkpoint}</td>
              <td className="mono" title={`${p.lagPositions} positions of $all behind the head`}>
                {p.lagEvents >= 1000 ? '1000+' : p.lagEvents}
              </td>
              <td>{p.lagSeconds > 0 ? formatDuration(p.lagSeconds * 1000) : '–'}</td>
              <td>{p.eventsPerSecond.toFixed(1)}</td>
              <td data-testid={`parked-${p.name}`} className={p.parked > 0 ? 'error' : ''}>
                {p.parked}
              </td>
              <td className="error-cell" title={p.lastError ?? ''}>
                {p.lastError ?? ''}
              </td>
              <td>
                {p.rebuildable && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={p.rebuild?.state === 'RUNNING'}
                    onClick={() => props.onRebuild(p.name)}
                  >
                    Rebuild
                  </button>
                )}
                {p.rebuild && <RebuildProgress job={p.rebuild} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
