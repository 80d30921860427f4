import { useEffect, useState } from 'react';
import { subscribe } from '../api/live.ts';
import { REBUILD_PROGRESS, type RebuildPush, type RebuildRow } from '../api/processor-queries.ts';

/**
 * A rebuild job's progress bar: events applied and share done, pushed by `rebuildProgress`
 * while it runs (the page's poll brings it too when the WebSocket is down); the outcome after.
 */
export function RebuildProgress({ job }: { job: RebuildRow }) {
  const [pushed, setPushed] = useState<RebuildRow | null>(null);
  const running = job.state === 'RUNNING';
  useEffect(() => {
    if (!running) return;
    return subscribe<RebuildPush>(REBUILD_PROGRESS, { id: job.id }, (data) =>
      setPushed(data.rebuildProgress),
    );
  }, [job.id, running]);
  // The newer of the poll's view and the push's: a job the poll saw finish stays finished.
  const shown = job.state !== 'RUNNING' ? job : pushed?.id === job.id ? pushed : job;
  const percent = shown.state === 'DONE' ? 100 : shown.percent;
  return (
    <div className="rebuild" data-testid={`rebuild-${shown.projection}`} data-state={shown.state}>
      <progress max={100} value={percent} aria-label={`rebuild of ${shown.projection}`} />
      <span className="count-notes">
        {shown.state === 'RUNNING' && `${percent.toFixed(0)}% · ${shown.events} events`}
        {shown.state === 'DONE' && `rebuilt: ${shown.events} events, at ${shown.position}`}
        {shown.state === 'FAILED' && `failed (${shown.errorCode}): ${shown.error}`}
      </span>
    </div>
  );
}
