import { randomUUID } from 'node:crypto';
import { OrderflowError, hasErrorCode, validationFailed } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import {
  projections,
  rebuildProjection,
  rebuildRedisProjection,
  redisProjections,
  type BuildProgress,
} from '@orderflow/projections';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';

/** Where a rebuild is: RUNNING until the new model is swapped in (DONE) or it failed (FAILED). */
export type RebuildState = 'running' | 'done' | 'failed';

/** One blue-green rebuild started through the API, as its progress reports it. */
export interface RebuildJob {
  readonly id: string;
  readonly projection: string;
  readonly store: 'postgres' | 'redis';
  readonly state: RebuildState;
  /** Who started it (the key's actor). */
  readonly actor: string;
  /** Events applied to the shadow so far. */
  readonly events: number;
  /** Position the run started after (0n, or the resumed shadow's checkpoint once known). */
  readonly from: bigint;
  /** Position the shadow reached. */
  readonly position: bigint;
  /** Head of `$all` when the run started. */
  readonly head: bigint;
  /** Share of the positions from `from` to `head` done, 0..100 (100 once DONE). */
  readonly percent: number;
  /** The failure's message and catalog code (INTERNAL for an unexpected one); null otherwise. */
  readonly error: string | null;
  readonly errorCode: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

/** What the rebuilds run on: a knex without a statement timeout, the store, Redis when configured. */
export interface RebuildDeps {
  readonly db: Knex;
  readonly store: EventStore;
  readonly redis: { readonly client: Redis; readonly keyPrefix: string } | null;
  /** Called after every change of a job (progress, end), e.g. to publish it. */
  readonly onChange?: (job: RebuildJob) => void;
  /** Logs a failed rebuild. */
  readonly onError?: (job: RebuildJob, error: unknown) => void;
}

/** The rebuild jobs of this API process. */
export interface RebuildJobs {
  /**
   * Starts a blue-green rebuild of read model `name` in the background and returns its job.
   * Waits up to `settleMs` (default 300) for an early failure (another process' rebuild holding
   * the lock) and throws it, so a refusal is the mutation's error rather than a failed job.
   * @throws OrderflowError NOT_FOUND for an unknown read model; VALIDATION_FAILED for a Redis
   *   read model without Redis; INVALID_STATE while a rebuild of it runs (here or elsewhere).
   */
  start(name: string, actor: string, settleMs?: number): Promise<RebuildJob>;
  get(id: string): RebuildJob | null;
  /** Every job of this process, newest first. */
  list(): RebuildJob[];
  /** The running job of read model `name`, else its last one; null when none. */
  latest(name: string): RebuildJob | null;
  /** Aborts the running rebuilds (their shadows stay, the next run resumes) and waits for them. */
  stop(): Promise<void>;
}

const KEEP_FINISHED = 50;

const percentOf = (p: { from: bigint; position: bigint; head: bigint }) => {
  const span = p.head - p.from;
  if (span <= 0n) return 100;
  return Math.min(100, Number(((p.position - p.from) * 10_000n) / span) / 100);
};

/** Runs blue-green rebuilds (`rebuildProjection`, `rebuildRedisProjection`) as background jobs. */
export function createRebuildJobs(deps: RebuildDeps): RebuildJobs {
  const jobs = new Map<string, RebuildJob>();
  const running = new Map<string, { job: Promise<void>; abort: AbortController }>();
  const update = (id: string, change: Partial<RebuildJob>) => {
    const job = { ...jobs.get(id)!, ...change };
    jobs.set(id, job);
    deps.onChange?.(job);
    return job;
  };
  const prune = () => {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running');
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(old.id);
  };

  const run = async (id: string, name: string, signal: AbortSignal) => {
    const postgres = projections.find((p) => p.name === name);
    const onProgress = (p: BuildProgress) =>
      update(id, {
        events: p.events,
        from: p.from,
        position: p.position,
        head: p.head,
        percent: percentOf(p),
      });
    try {
      const build = { signal, onProgress };
      const result = postgres
        ? await rebuildProjection(deps.db, deps.store, postgres, build)
        : await rebuildRedisProjection(
            deps.redis!.client,
            deps.store,
            redisProjections.find((p) => p.name === name)!,
            { ...build, keyPrefix: deps.redis!.keyPrefix, db: deps.db },
          );
      update(id, {
        state: 'done',
        position: result.position,
        head: result.position > jobs.get(id)!.head ? result.position : jobs.get(id)!.head,
        percent: 100,
        finishedAt: new Date(),
      });
    } catch (error) {
      const code = hasErrorCode(error)
        ? error.code
        : (error as Error).name === 'AbortError'
          ? 'ABORTED'
          : 'INTERNAL';
      const job = update(id, {
        state: 'failed',
        error: code === 'INTERNAL' ? 'the rebuild failed (see the server log)' : (error as Error).message,
        errorCode: code,
        finishedAt: new Date(),
      });
      if (code === 'INTERNAL') deps.onError?.(job, error);
    } finally {
      running.delete(name);
      prune();
    }
  };

  const latest = (name: string) => {
    const all = [...jobs.values()].filter((j) => j.projection === name);
    return all.find((j) => j.state === 'running') ?? all.at(-1) ?? null;
  };

  return {
    async start(name, actor, settleMs = 300) {
      const isPostgres = projections.some((p) => p.name === name);
      const isRedis = redisProjections.some((p) => p.name === name);
      if (!isPostgres && !isRedis)
        throw new OrderflowError('NOT_FOUND', `no read model named ${name}`, { projection: name });
      if (isRedis && !deps.redis)
        throw validationFailed(`${name} is a Redis read model and this server has no Redis`, {
          field: 'projection',
        });
      if (running.has(name))
        throw new OrderflowError('INVALID_STATE', `a rebuild of ${name} is already running`, {
          projection: name,
          jobId: latest(name)?.id,
        });
      const id = randomUUID();
      const head = await deps.store.headPosition();
      jobs.set(id, {
        id,
        projection: name,
        store: isPostgres ? 'postgres' : 'redis',
        state: 'running',
        actor,
        events: 0,
        from: 0n,
        position: 0n,
        head,
        percent: 0,
        error: null,
        errorCode: null,
        startedAt: new Date(),
        finishedAt: null,
      });
      const abort = new AbortController();
      const job = run(id, name, abort.signal);
      running.set(name, { job, abort });
      await Promise.race([job, new Promise((resolve) => setTimeout(resolve, settleMs).unref())]);
      const now = jobs.get(id)!;
      if (now.state === 'failed' && now.errorCode === 'INVALID_STATE') {
        jobs.delete(id);
        throw new OrderflowError('INVALID_STATE', now.error!, { projection: name });
      }
      return now;
    },
    get: (id) => jobs.get(id) ?? null,
    list: () => [...jobs.values()].reverse(),
    latest,
    async stop() {
      const all = [...running.values()];
      for (const r of all) r.abort.abort();
      await Promise.allSettled(all.map((r) => r.job));
    },
  };
}
