import { useEffect, useState } from 'react';
import { gql } from '../api/graphql.ts';
import {
  PROJECTIONS_PAGE,
  RETRY_PARKED,
  SKIP_PARKED,
  START_REBUILD,
  type ParkedRow,
  type ProjectionsPage as PageData,
  type RebuildRow,
} from '../api/processor-queries.ts';
import { ConsoleDialog, type ConsoleAction } from '../components/ConsoleDialog.tsx';
import { ParkedEventsTable } from '../components/ParkedEventsTable.tsx';
import { ProcessorTable } from '../components/ProcessorTable.tsx';
import { useGql } from '../hooks/useGql.ts';

/** How often the page reads the processors again, ms. */
const POLL_MS = 2000;

/**
 * Every processor of the subscription runtime (read models, process managers, relay,
 * webhooks), polled every 2 s; the parked events with Retry and Skip; a Rebuild per read model
 * with its progress pushed live. Every action asks for confirmation first.
 */
export function ProjectionsPage() {
  const { data, error, loading, reload } = useGql<PageData>(PROJECTIONS_PAGE, {});
  const [action, setAction] = useState<ConsoleAction | null>(null);
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const processors = data?.processors ?? [];
  const retryable = new Set(processors.filter((p) => p.kind === 'POSTGRES_READ_MODEL').map((p) => p.name));
  const after =
    <T,>(work: () => Promise<T>) =>
    async () => {
      try {
        return await work();
      } finally {
        reload();
      }
    };

  const retry = (e: ParkedRow) =>
    setAction({
      title: `Retry ${e.eventType} in ${e.projection}`,
      explain: `Applies event ${e.eventId} (position ${e.position}) to ${e.projection} again. Applied, it is no longer parked; failing again, it stays parked with the new error.`,
      confirm: 'Retry',
      needsReason: false,
      danger: false,
      run: after(async () => {
        const { retryParkedEvent: r } = await gql<{
          retryParkedEvent: { applied: boolean; error: string | null };
        }>(RETRY_PARKED, { projection: e.projection, eventId: e.eventId });
        return r.applied
          ? 'Applied: the event is no longer parked.'
          : `Failed again, still parked: ${r.error}`;
      }),
    });
  const skip = (e: ParkedRow) =>
    setAction({
      title: `Skip ${e.eventType} in ${e.projection}`,
      explain: `Event ${e.eventId} (position ${e.position}) will never be applied to ${e.projection}. The reason and your key are recorded.`,
      confirm: 'Skip',
      needsReason: true,
      danger: true,
      run: (reason) =>
        after(async () => {
          await gql(SKIP_PARKED, { projection: e.projection, eventId: e.eventId, reason });
          return 'Skipped: recorded with your reason.';
        })(),
    });
  const rebuild = (name: string) =>
    setAction({
      title: `Rebuild ${name}`,
      explain: `Replays the event log into a shadow copy of ${name} while the live model keeps serving, then swaps it in. Progress shows in the table.`,
      confirm: 'Rebuild',
      needsReason: false,
      danger: false,
      run: after(async () => {
        const { rebuildProjection: job } = await gql<{ rebuildProjection: RebuildRow }>(START_REBUILD, {
          projection: name,
        });
        return `Started (job ${job.id}).`;
      }),
    });

  return (
    <main className="projections-page">
      <h1>Projections</h1>
      {loading && !data ? <p className="count-notes">loading…</p> : null}
      {error ? (
        <p className="error" role="alert">
          {error.code}: {error.message}
        </p>
      ) : null}
      <ProcessorTable processors={processors} onRebuild={rebuild} />
      <h2>Parked events</h2>
      <ParkedEventsTable
        parked={data?.parkedEvents ?? []}
        retryable={retryable}
        onRetry={retry}
        onSkip={skip}
      />
      {action && <ConsoleDialog action={action} onClose={() => setAction(null)} />}
    </main>
  );
}
