import { lockCheckpoint, readCheckpoint, saveCheckpoint } from '@orderflow/consumer';
import { OrderflowError } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import {
  buildCopy,
  copyTables,
  createTableCopies,
  dropTableCopies,
  resetCopyCheckpoint,
  withProjectionLock,
  type BuildOptions,
} from './build.ts';
import type { Projection } from './projection.ts';

/** One row that differs between the live model and a rebuild from the log. */
export interface Difference {
  readonly table: string;
  /** `only-live`: the live table has it, the rebuild not; `only-rebuilt`: the reverse. */
  readonly side: 'only-live' | 'only-rebuilt';
  readonly row: Record<string, unknown>;
}

/** Outcome of {@link verifyProjection}. */
export interface VerifyResult {
  /** The position both models were compared at. */
  readonly position: bigint;
  /** At most `maxDifferences` per table and side. */
  readonly differences: Difference[];
}

const SCRATCH = 'verify';

/**
 * Rebuilds `projection` from position 0 into scratch tables (`orders__verify`, …) and compares
 * them row by row with the live tables at the same position: the scratch copy is brought to
 * exactly the live checkpoint inside a transaction holding the live checkpoint's lock (the live
 * projector pauses for the comparison only), then both sides are compared with `EXCEPT ALL`.
 * The scratch tables are dropped afterwards, also on failure.
 * @throws OrderflowError INVALID_STATE when a rebuild or verify of it runs already; TIMEOUT
 *   when the live model does not reach the rebuilt position within `waitMs` (default 30 s).
 */
export async function verifyProjection(
  db: Knex,
  store: EventStore,
  projection: Projection,
  options: BuildOptions & { maxDifferences?: number; waitMs?: number } = {},
): Promise<VerifyResult> {
  const tables = copyTables(SCRATCH);
  const checkpoint = `${projection.name}:${SCRATCH}`;
  return withProjectionLock(db, projection, async () => {
    await dropTableCopies(db, projection, tables, checkpoint);
    try {
      await createTableCopies(db, projection, tables);
      await resetCopyCheckpoint(db, checkpoint, 0n, projection.version);
      await buildCopy(db, store, projection, { checkpoint, tables }, options);
      const deadline = Date.now() + (options.waitMs ?? 30_000);
      for (;;) {
        const result = await compareAtLiveCheckpoint(
          db,
          store,
          projection,
          checkpoint,
          options.maxDifferences ?? 20,
        );
        if (result) return result;
        if (Date.now() > deadline)
          throw new OrderflowError(
            'TIMEOUT',
            `${projection.name}: the live model did not catch up to compare`,
          );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await dropTableCopies(db, projection, tables, checkpoint);
    }
  });
}

/** Compares at the live checkpoint, or returns null when the scratch copy is ahead of it. */
async function compareAtLiveCheckpoint(
  db: Knex,
  store: EventStore,
  projection: Projection,
  checkpoint: string,
  maxDifferences: number,
): Promise<VerifyResult | null> {
  const tables = copyTables(SCRATCH);
  return db.transaction(async (trx) => {
    const live = await lockCheckpoint(trx, projection.name);
    let position = (await readCheckpoint(trx, checkpoint))!.position;
    if (position > live) return null; // let the live projector catch up first
    while (position < live) {
      const page = (
        await store.readAll({
          after: position,
          maxCount: 5000,
          filter: { eventTypes: projection.eventTypes },
        })
      ).filter((e) => e.position <= live);
      if (page.length === 0) break;
      await projection.apply(trx, page, tables);
      position = page.at(-1)!.position;
    }
    await saveCheckpoint(trx, checkpoint, position);
    const differences: Difference[] = [];
    for (const table of projection.tables) {
      for (const [side, a, b] of [
        ['only-live', table, tables(table)],
        ['only-rebuilt', tables(table), table],
      ] as const) {
        const { rows } = await trx.raw('SELECT * FROM ?? EXCEPT ALL SELECT * FROM ?? LIMIT ?', [
          a,
          b,
          maxDifferences,
        ]);
        for (const row of rows as Record<string, unknown>[]) differences.push({ table, side, row });
      }
    }
    return { position: live, differences };
  });
}
