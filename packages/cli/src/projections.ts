import { validationFailed } from '@orderflow/core';
import {
  inspectProjections,
  listParkedEvents,
  projections,
  rebuildProjection,
  verifyProjection,
  type BuildProgress,
  type Projection,
} from '@orderflow/projections';
import cliProgress from 'cli-progress';
import { connect, type Connection } from './connect.ts';

/**
 * The projections named on the command line: `--all`, or one `--projection NAME`.
 * @throws OrderflowError VALIDATION_FAILED for an unknown name or neither/both options.
 */
export function selectProjections(options: { projection?: string; all?: boolean }): Projection[] {
  if (options.all && options.projection)
    throw validationFailed('give either --projection NAME or --all, not both');
  if (options.all) return [...projections];
  if (!options.projection) throw validationFailed('give --projection NAME or --all');
  const found = projections.find((p) => p.name === options.projection);
  if (!found)
    throw validationFailed(
      `unknown projection "${options.projection}"; known: ${projections.map((p) => p.name).join(', ')}`,
      { field: 'projection' },
    );
  return [found];
}

/** Parses `--from`: a non-negative integer position. */
export function parsePosition(value: string): bigint {
  if (!/^\d+$/.test(value))
    throw validationFailed(`--from must be a position (a non-negative integer), got "${value}"`);
  return BigInt(value);
}

/** A progress bar for a rebuild: events done, events/s and ETA (by share of the log's positions). */
function progressBar(name: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `${name.padEnd(14)} {bar} {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(1000, 0, { events: 0, rate: 0 });
  return {
    update(p: BuildProgress) {
      const span = p.head - p.from;
      const done = span > 0n ? Number(((p.position - p.from) * 1000n) / span) : 1000;
      const rate = Math.round(p.events / Math.max(0.001, (Date.now() - started) / 1000));
      bar.update(Math.min(1000, done), { events: p.events, rate });
    },
    stop: () => bar.stop(),
  };
}

/** Runs `work` with an AbortSignal that Ctrl-C (SIGINT) aborts. */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** `orderflow replay`: blue-green rebuild of the selected projections. */
export async function replayCommand(options: {
  projection?: string;
  all?: boolean;
  from?: string;
}): Promise<void> {
  const selected = selectProjections(options);
  const from = options.from === undefined ? undefined : parsePosition(options.from);
  await withConnection(async ({ db, store }) => {
    for (const projection of selected) {
      const bar = progressBar(projection.name);
      try {
        const result = await interruptible((signal) =>
          rebuildProjection(db, store, projection, { from, signal, onProgress: (p) => bar.update(p) }),
        );
        bar.stop();
        console.log(
          `${projection.name}: rebuilt from ${result.resumedFrom === 0n ? 'the beginning' : `position ${result.resumedFrom} (resumed)`}, ` +
            `${result.events} events, swapped in at position ${result.position}`,
        );
      } catch (error) {
        bar.stop();
        if ((error as Error).name === 'AbortError') {
          console.error(
            `${projection.name}: stopped. The live model is untouched; the shadow is kept and the next replay resumes it (--from starts over).`,
          );
          process.exitCode = 130;
          return;
        }
        throw error;
      }
    }
  });
}

/** `orderflow projections status`: one line per projection (or JSON). */
export async function statusCommand(options: { json?: boolean; sampleMs?: number }): Promise<void> {
  await withConnection(async ({ db, store }) => {
    const statuses = await inspectProjections(db, store, projections, { sampleMs: options.sampleMs ?? 1000 });
    if (options.json) {
      console.log(JSON.stringify(statuses, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
      return;
    }
    console.table(
      statuses.map((s) => ({
        projection: s.name,
        version: s.version,
        state: s.state,
        checkpoint: s.checkpoint.toString(),
        'lag (positions)': s.lagPositions.toString(),
        'lag (ms)': s.lagMs,
        'events/s': Math.round(s.eventsPerSecond),
        parked: s.parked,
      })),
    );
  });
}

/** `orderflow projections verify [NAME]`: exit code 1 when any model differs from a rebuild. */
export async function verifyCommand(name: string | undefined): Promise<void> {
  const selected = name ? selectProjections({ projection: name }) : [...projections];
  await withConnection(async ({ db, store }) => {
    let differing = 0;
    for (const projection of selected) {
      const { position, differences } = await verifyProjection(db, store, projection);
      if (differences.length === 0) {
        console.log(`${projection.name}: identical to a rebuild from the log (at position ${position})`);
        continue;
      }
      differing++;
      console.log(`${projection.name}: ${differences.length} differing rows at position ${position}`);
      for (const d of differences) console.log(`  ${d.table} ${d.side}: ${JSON.stringify(d.row)}`);
    }
    if (differing > 0) process.exitCode = 1;
  });
}

/** `orderflow projections parked [NAME]`: events the projections gave up on. */
export async function parkedCommand(name: string | undefined): Promise<void> {
  if (name) selectProjections({ projection: name });
  await withConnection(async ({ db }) => {
    const parked = await listParkedEvents(db, name);
    if (parked.length === 0) console.log('no parked events');
    for (const p of parked)
      console.log(
        `${p.projection} ${p.position} ${p.eventType} ${p.eventId} (${p.attempts} attempts): ${p.error}`,
      );
  });
}

async function withConnection(work: (connection: Connection) => Promise<void>): Promise<void> {
  const connection = connect();
  try {
    await work(connection);
  } finally {
    await connection.close();
  }
}
