import type { ChainableCommander, Redis } from 'ioredis';
import { INITIAL_GENERATION, type KeySpace, type ProjectionKeys } from './keys.ts';
import { pipelineResults } from './read-view.ts';
import { runScript } from './scripts.ts';

/** A generation's meta hash, parsed. */
export interface GenerationMeta {
  /** Position of the last event applied (or parked); 0n before the first batch. */
  readonly checkpoint: bigint;
  /** The projection version the generation was built with. */
  readonly version: number | null;
  /** True once the generation may answer queries (caught up once, or swapped in). */
  readonly ready: boolean;
  /** When the last applied event was recorded. */
  readonly recordedAt: Date | null;
}

/** Parses a meta hash; null when it has no checkpoint (never written, or lost). */
export function parseMeta(fields: Record<string, string> | null | undefined): GenerationMeta | null {
  if (!fields || fields.checkpoint === undefined) return null;
  return {
    checkpoint: BigInt(fields.checkpoint),
    version: fields.version === undefined ? null : Number(fields.version),
    ready: fields.ready === '1',
    recordedAt: fields.recordedAt === undefined ? null : new Date(Number(fields.recordedAt)),
  };
}

const parseGeneration = (value: string | null): number =>
  value === null ? INITIAL_GENERATION : Number(value);

/** The live generation and its meta, read together, plus the results of the extra commands. */
export interface LiveRead {
  readonly generation: number;
  readonly space: KeySpace;
  readonly meta: GenerationMeta | null;
  readonly results: unknown[];
}

/**
 * Reads the live generation's number and meta and runs `commands` on its keys, all in one
 * MULTI, so a swap cannot slip between reading the pointer and reading the keys. The pointer is
 * read first to know which keys to name, and checked again inside the MULTI; if a swap
 * happened in between, the read is repeated (up to 5 times, then the last is returned, which
 * is still consistent with itself). Every key shares the projection's hash tag, so this is one
 * slot on a cluster too.
 */
export async function readLive(
  redis: Redis,
  keys: ProjectionKeys,
  commands: (space: KeySpace, multi: ChainableCommander) => void = () => undefined,
): Promise<LiveRead> {
  let generation = parseGeneration(await redis.get(keys.pointer));
  for (let attempt = 1; ; attempt++) {
    const space = keys.generation(generation);
    const multi = redis.multi().get(keys.pointer).hgetall(space.meta);
    commands(space, multi);
    const [pointer, meta, ...results] = pipelineResults(await multi.exec());
    const live = parseGeneration(pointer as string | null);
    if (live === generation || attempt >= 5)
      return { generation, space, meta: parseMeta(meta as Record<string, string>), results };
    generation = live;
  }
}

/** The meta of one generation, null when it has none. */
export async function readMeta(redis: Redis, space: KeySpace): Promise<GenerationMeta | null> {
  return parseMeta(await redis.hgetall(space.meta));
}

/** Marks `space` ready for queries; false (and nothing written) when its meta is gone. */
export async function markReady(redis: Redis, space: KeySpace): Promise<boolean> {
  return (await runScript(redis, 'orderflowMarkReady', [space.meta], [])) === 1;
}

/**
 * Deletes every key of a generation (meta included) with SCAN MATCH + UNLINK, `count` keys per
 * step, so Redis is never blocked for long (UNLINK frees memory in the background). Returns the
 * number of keys removed. Keys written while it runs may survive; only call it for a
 * generation no one writes any more.
 */
export async function deleteGeneration(redis: Redis, space: KeySpace, count = 500): Promise<number> {
  let cursor = '0';
  let removed = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', space.pattern, 'COUNT', count);
    cursor = next;
    if (found.length) removed += await redis.unlink(...found);
  } while (cursor !== '0');
  return removed;
}
