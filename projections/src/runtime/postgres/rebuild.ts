import { deleteCheckpoint, lockCheckpoint, readCheckpoint, saveCheckpoint } from '@orderflow/consumer';
import type { RecordedEvent } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import {
  buildCopy,
  checkFrom,
  copyTables,
  createCopyIndexes,
  createTableCopies,
  dropTableCopies,
  resetCopyCheckpoint,
  withProjectionLock,
  type BuildOptions,
} from './build.ts';
import type { Projection } from './projection.ts';

/** Options of {@link rebuildProjection}. */
export interface RebuildOptions extends BuildOptions {
  /**
   * Start the shadow empty and apply the events after this position. Without it, an
   * interrupted rebuild's shadow is resumed, or a new one starts at the beginning of the log.
   */
  readonly from?: bigint;
}

/** What a finished rebuild did. */
export interface RebuildResult {
  readonly events: number;
  readonly position: bigint;
  readonly resumedFrom: bigint;
}

const SHADOW = 'shadow';

/**
 * Rebuilds a Postgres read model blue-green: applies `$all` to shadow tables (`orders__shadow`,
 * …) while the live tables keep serving, then, in one transaction that holds the live
 * checkpoint's row lock (so the live projector pauses), applies the tail, renames the shadow
 * tables over the live ones and moves the live checkpoint to the shadow's. Readers see the old
 * model or the new one, never a mix.
 *
 * Interrupted (signal or crash), the live model is untouched and the shadow keeps its own
 * checkpoint: the next rebuild resumes it unless `from` is given.
 * @throws OrderflowError INVALID_STATE when a rebuild or verify of it runs already;
 *   VALIDATION_FAILED when `from` is beyond the end of the log; AbortError when aborted.
 */
export async function rebuildProjection(
  db: Knex,
  store: EventStore,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  if (options.from !== undefined) await checkFrom(store, options.from);
  return withProjectionLock(db, projection, async () => {
    const tables = copyTables(SHADOW);
    const checkpoint = `${projection.name}:${SHADOW}`;
    const existing = await readCheckpoint(db, checkpoint);
    if (options.from !== undefined || !existing || existing.version !== projection.version) {
      await dropTableCopies(db, projection, tables, checkpoint);
      await createTableCopies(db, projection, tables);
      await resetCopyCheckpoint(db, checkpoint, options.from ?? 0n, projection.version);
    }
    const resumedFrom = (await readCheckpoint(db, checkpoint))!.position;
    const built = await buildCopy(db, store, projection, { checkpoint, tables }, options);
    await createCopyIndexes(db, projection, tables);
    const position = await swap(db, store, projection, built.position);
    await deleteCheckpoint(db, checkpoint);
    return { events: built.events, position, resumedFrom };
  });
}

/** Applies the tail to the shadow and renames it over the live tables, in one transaction. */
async function swap(db: Knex, store: EventStore, projection: Projection, from: bigint): Promise<bigint> {
  const shadow = copyTables(SHADOW);
  const old = copyTables('old');
  return db.transaction(async (trx) => {
    await lockCheckpoint(trx, projection.name); // the live projector waits from here on
    let position = from;
    for (;;) {
      const page: RecordedEvent[] = await store.readAll({
        after: position,
        maxCount: 5000,
        filter: { eventTypes: projection.eventTypes },
      });
      if (page.length === 0) break;
      await projection.apply(trx, page, shadow);
      position = page.at(-1)!.position;
    }
    for (const table of projection.tables) {
      await trx.raw('ALTER TABLE ?? RENAME TO ??', [table, old(table)]);
      await trx.raw('ALTER TABLE ?? RENAME TO ??', [shadow(table), table]);
    }
    for (const table of [...projection.tables].reverse()) await trx.raw('DROP TABLE ??', [old(table)]);
    await saveCheckpoint(trx, projection.name, position, projection.version);
    return position;
  });
}
