/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { validationFailed } from '@orderflow/core';
import { inspectEveryProcessor, loadConfig, processorCatalog } from '@orderflow/host';
import {
  listParkedEvents,
  projectionProcessor,
  projections,
  rebuildProjection,
  retryParkedEvents,
  skipParkedEvent,
  rebuildRedisProjection,
  redisProjections,
  verifyProjection,
  verifyRedisProjection,
  type BuildProgress,
  type Projection,
  type RedisProjection,
} from '@orderflow/projections';
import cliProgress from 'cli-progress';
import { withConnection } from './connect.ts';
import { colourStatus, humanDuration, renderTable, terminalStyle } from './human-output.ts';
import { toJson } from './json-output.ts';
import { cliActor } from './sagas.ts';

/** A projection of either store, as the commands handle them. */
export type Selected =
  { kind: 'postgres'; projection: Projection } | { kind: 'redis'; projection: RedisProjection };

const everyProjection: readonly Selected[] = [
  ...projections.map((projection) => ({ kind: 'postgres' as const, projection })),
  ...redisProjections.map((projection) => ({ kind: 'redis' as const, projection })),
];

/**
 * The projections named on the command line: `--all` (the Redis ones only when Redis is
 * configured), or one `--projection NAME`.
 * @throws OrderflowError VALIDATION_FAILED for an unknown name, neither/both options, or a Redis
 *   projection without REDIS_URL.
 */
export function selectProjections(
  options: { projection?: string; all?: boolean },
  redisConfigured = false,
): Selected[] {
  if (options.all && options.projection)
    throw validationFailed('give either --projection NAME or --all, not both');
  if (options.all) return everyProjection.filter((s) => s.kind === 'postgres' || redisConfigured);
  if (!options.projection) throw validationFailed('give --projection NAME or --all');
  const found = everyProjection.find((s) => s.projection.name === options.projection);
  if (!found)
    throw validationFailed(
      `unknown projection "${options.projection}"; known: ${everyProjection.map((s) => s.projection.name).join(', ')}`,
      { field: 'projection' },
    );
  if (found.kind === 'redis' && !redisConfigured)
    throw validationFailed(`${found.projection.name} is a Redis read model: set REDIS_URL`, {
      field: 'projection',
    });
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
  const from = options.from === undefined ? undefined : parsePosition(options.from);
  await withConnection(async ({ db, store, redis }) => {
    for (const { kind, projection } of selectProjections(options, redis !== null)) {
      const bar = progressBar(projection.name);
      try {
        const result = await interruptible((signal) => {
          const build = { from, signal, onProgress: (p: BuildProgress) => bar.update(p) };
          return kind === 'postgres'
            ? rebuildProjection(db, store, projection, build)
            : rebuildRedisProjection(redis!.client, store, projection, {
                ...build,
                keyPrefix: redis!.keyPrefix,
                db,
              });
        });
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

/**
 * `orderflow projections status`: a table, one row per processor of the deployment — the read models,
 * the process managers, the relay (with KAFKA_BROKERS), webhooks and the payment simulator —
 * as GraphQL `processors` shows those it does not run itself (lag as positions and as a duration; or `--json`: the same fields).
 */
export async function statusCommand(options: { json?: boolean; sampleMs?: number }): Promise<void> {
  const kafka = Boolean(loadConfig().KAFKA_BROKERS);
  await withConnection(async ({ db, store, redis }) => {
    const entries = processorCatalog({ redis: redis !== null, kafka, simulator: !kafka });
    const statuses = (
      await inspectEveryProcessor(db, store, redis, entries, { sampleMs: options.sampleMs ?? 1000 })
    ).map(({ eventTypes: _eventTypes, ...status }) => status);
    if (options.json) {
      console.log(toJson(statuses));
      return;
    }
    const style = terminalStyle();
    renderTable(
      ['processor', 'kind', 'version', 'state', 'checkpoint', 'lag', 'behind by', 'events/s', 'parked'],
      statuses.map((s) => [
        s.name,
        s.kind,
        s.version ?? '–',
        colourStatus(s.state, style),
        s.checkpoint.toString(),
        `${s.lagPositions} positions`,
        humanDuration(s.lagMs),
        Math.round(s.eventsPerSecond),
        s.parked > 0 ? colourStatus('parked', style, String(s.parked)) : '0',
      ]),
      style,
    ).forEach((line) => console.log(line));
  });
}

/**
 * `orderflow projections verify [NAME]`: exit code 1 when any model differs from a rebuild.
 * `--json`: `{ ok, projections: [{ name, position, differences: [...] }] }` on stdout.
 */
export async function verifyCommand(
  name: string | undefined,
  options: { json?: boolean } = {},
): Promise<void> {
  await withConnection(async ({ db, store, redis }) => {
    const selected = selectProjections(name ? { projection: name } : { all: true }, redis !== null);
    const results: Array<{ name: string; position: string; differences: unknown[]; lines: string[] }> = [];
    for (const { kind, projection } of selected) {
      const result =
        kind === 'postgres'
          ? await verifyProjection(db, store, projection).then((r) => ({
              position: r.position,
              differences: r.differences as unknown[],
              lines: r.differences.map((d) => `${d.table} ${d.side}: ${JSON.stringify(d.row)}`),
            }))
          : await verifyRedisProjection(redis!.client, store, projection, {
              keyPrefix: redis!.keyPrefix,
            }).then((r) => ({
              position: r.position,
              differences: r.differences as unknown[],
              lines: r.differences.map((d) => `${d.key} ${JSON.stringify(d)}`),
            }));
      results.push({ name: projection.name, ...result, position: String(result.position) });
    }
    const differing = results.filter((r) => r.differences.length > 0).length;
    if (differing > 0) process.exitCode = 1;
    if (options.json) {
      const projections = results.map(({ lines: _lines, ...r }) => r);
      console.log(toJson({ ok: differing === 0, projections }));
      return;
    }
    for (const r of results) {
      if (r.lines.length === 0) {
        console.log(`${r.name}: identical to a rebuild from the log (at position ${r.position})`);
        continue;
      }
      console.log(`${r.name}: ${r.lines.length} differing rows at position ${r.position}`);
      for (const line of r.lines) console.log(`  ${line}`);
    }
  });
}

/** `orderflow projections parked [NAME]`: a table of the events the projections gave up on. */
export async function parkedCommand(name: string | undefined): Promise<void> {
  if (name) selectProjections({ projection: name }, true);
  await withConnection(async ({ db }) => {
    const parked = await listParkedEvents(db, name);
    if (parked.length === 0) console.log('no parked events');
    renderTable(
      ['projection', 'position', 'event type', 'event id', 'attempts', 'error'],
      parked.map((p) => [p.processor, String(p.position), p.eventType, p.eventId, p.attempts, p.error]),
      terminalStyle(),
    ).forEach((line) => console.log(line));
  });
}

/** `orderflow projections retry-parked NAME [--event ID]`: apply parked events again. */
export async function retryParkedCommand(name: string, options: { event?: string }): Promise<void> {
  const [selected] = selectProjections({ projection: name }, true);
  if (selected!.kind !== 'postgres')
    throw validationFailed(
      `${name} is a Redis read model: rebuild it with orderflow replay --projection ${name}`,
    );
  await withConnection(async ({ db, store }) => {
    const readEvent = async (position: bigint) =>
      (await store.readAll({ after: position - 1n, maxCount: 1 }))[0];
    const outcomes = await retryParkedEvents(
      db,
      readEvent,
      projectionProcessor(selected!.projection),
      options.event,
    );
    if (outcomes.length === 0) console.log(`${name}: no parked events`);
    for (const o of outcomes)
      console.log(
        o.applied ? `${o.eventId}: applied` : `${o.eventId}: failed again, still parked: ${o.error}`,
      );
    if (outcomes.some((o) => !o.applied)) process.exitCode = 1;
  });
}

/**
 * `orderflow projections skip-parked NAME --event ID --reason TEXT`: skips a parked event for
 * good (never applied), recorded in `processor_skipped` with actor `cli:$USER` and the reason.
 * Any processor's parked event may be skipped (read models, process managers, relay, webhooks).
 * @throws OrderflowError NOT_FOUND (exit 3) when the event is not parked for NAME;
 *   VALIDATION_FAILED (exit 2) for an empty reason.
 */
export async function skipParkedCommand(
  name: string,
  options: { event: string; reason: string },
  actor = cliActor(),
): Promise<void> {
  await withConnection(async ({ db }) => {
    const skipped = await skipParkedEvent(db, name, options.event, { actor, reason: options.reason });
    console.log(
      `${name}: skipped ${skipped.eventType} ${skipped.eventId} at position ${skipped.position} (by ${skipped.actor}): ${skipped.reason}`,
    );
  });
}
