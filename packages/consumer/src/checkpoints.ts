import type { Knex } from 'knex';
import type { StoredCheckpoint } from './processor.ts';
import { PROCESSOR_CHECKPOINTS } from './tables.ts';

interface Row {
  name: string;
  position: string;
  version: number | null;
}

/** The stored checkpoint of `name` (a processor, or a rebuild copy like `order-details:shadow`); null when it has none. */
export async function readCheckpoint(db: Knex, name: string): Promise<StoredCheckpoint | null> {
  const row = await db(PROCESSOR_CHECKPOINTS).where({ name }).first<Row | undefined>('position', 'version');
  return row ? { position: BigInt(row.position), version: row.version } : null;
}

/** The stored checkpoints of `names` (those that have one). */
export async function readCheckpoints(db: Knex, names: readonly string[]): Promise<Map<string, bigint>> {
  const rows = (await db(PROCESSOR_CHECKPOINTS).whereIn('name', names).select('name', 'position')) as Row[];
  return new Map(rows.map((r) => [r.name, BigInt(r.position)]));
}

/** Creates `name`'s checkpoint at 0n when it has none. */
export async function ensureCheckpoint(db: Knex, name: string): Promise<void> {
  await db(PROCESSOR_CHECKPOINTS).insert({ name, position: '0' }).onConflict('name').ignore();
}

/**
 * Locks `name`'s checkpoint row for the rest of `trx` (creating it at 0n if missing) and returns
 * its position; with `asyncCommit` the transaction will commit without waiting for its WAL
 * flush (for writes that can be rebuilt from the log). The row lock serializes every writer of the processor — two processes, or a
 * live projector and the swap of a rebuild — so a batch is applied on top of the latest
 * checkpoint or not at all.
 */
export async function lockCheckpoint(
  trx: Knex.Transaction,
  name: string,
  { asyncCommit = false }: { asyncCommit?: boolean } = {},
): Promise<bigint> {
  // With `asyncCommit`, the same round trip makes the transaction commit asynchronously
  // (`SET LOCAL synchronous_commit = off`, as set_config(…, true)).
  const select = async () =>
    (
      (await trx.raw(
        `SELECT position${asyncCommit ? `, set_config('synchronous_commit', 'off', true)` : ''}
           FROM ?? WHERE name = ? FOR UPDATE`,
        [PROCESSOR_CHECKPOINTS, name],
      )) as { rows: Row[] }
    ).rows[0];
  let row = await select();
  if (!row) {
    await ensureCheckpoint(trx, name);
    row = await select();
  }
  return BigInt(row!.position);
}

/**
 * Sets `name`'s checkpoint to `position` (inside `trx`, which should hold the row lock),
 * recording the `version` of the code that wrote it when given.
 */
export async function saveCheckpoint(
  trx: Knex | Knex.Transaction,
  name: string,
  position: bigint,
  version?: number,
): Promise<void> {
  await trx(PROCESSOR_CHECKPOINTS)
    .where({ name })
    .update({
      position: position.toString(),
      updated_at: trx.fn.now(),
      ...(version === undefined ? {} : { version }),
    });
}

/**
 * Moves `name`'s checkpoint forward to `position`, never back: a no-op when it is there
 * already (a slower writer, or a process that lost the lock, cannot undo progress).
 * @returns true when it moved.
 */
export async function advanceCheckpoint(db: Knex, name: string, position: bigint): Promise<boolean> {
  const moved = await db(PROCESSOR_CHECKPOINTS)
    .where({ name })
    .andWhere('position', '<', position.toString())
    .update({ position: position.toString(), updated_at: db.fn.now() });
  return moved > 0;
}

/** Starts (or restarts) `name`'s checkpoint at `position` (rebuild and verify copies). */
export async function resetCheckpoint(
  db: Knex,
  name: string,
  position: bigint,
  version?: number,
): Promise<void> {
  await ensureCheckpoint(db, name);
  await saveCheckpoint(db, name, position, version);
}

/** Deletes `name`'s checkpoint (a finished or discarded rebuild copy). */
export async function deleteCheckpoint(db: Knex, name: string): Promise<void> {
  await db(PROCESSOR_CHECKPOINTS).where({ name }).delete();
}
