import type { Knex } from 'knex';
import type { Migration } from './projection.ts';

/** Table of projection checkpoints: the position of the last event each projection applied. */
export const CHECKPOINTS_TABLE = 'projection_checkpoints';

export const checkpointsMigration: Migration = {
  name: '0001_projection_checkpoints',
  up: (knex) =>
    knex.schema.createTable(CHECKPOINTS_TABLE, (t) => {
      t.text('name').primary();
      t.bigInteger('position').notNullable().defaultTo(0);
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    }),
  down: (knex) => knex.schema.dropTable(CHECKPOINTS_TABLE),
};

/** The stored checkpoint of `name`, 0n when it has none. */
export async function readCheckpoint(db: Knex, name: string): Promise<bigint> {
  const row = await db(CHECKPOINTS_TABLE).where({ name }).first<{ position: string } | undefined>('position');
  return row ? BigInt(row.position) : 0n;
}

/**
 * Locks `name`'s checkpoint row for the rest of `trx` (creating it at 0 if missing) and returns
 * it. The lock serializes two projectors of the same projection.
 */
export async function lockCheckpoint(trx: Knex.Transaction, name: string): Promise<bigint> {
  await trx(CHECKPOINTS_TABLE).insert({ name, position: 0 }).onConflict('name').ignore();
  const row = await trx(CHECKPOINTS_TABLE)
    .where({ name })
    .forUpdate()
    .first<{ position: string }>('position');
  return BigInt(row.position);
}

/**
 * Moves `name`'s checkpoint to `position` inside `trx`, recording the projection `version` that
 * wrote it when given.
 */
export async function saveCheckpoint(
  trx: Knex.Transaction,
  name: string,
  position: bigint,
  version?: number,
): Promise<void> {
  await trx(CHECKPOINTS_TABLE)
    .where({ name })
    .update({ position: position.toString(), updated_at: trx.fn.now(), ...(version ? { version } : {}) });
}

/** The stored checkpoint of `name` with the version that wrote it (null before version 2 runtimes). */
export async function readCheckpointRow(
  db: Knex,
  name: string,
): Promise<{ position: bigint; version: number | null } | null> {
  const row = await db(CHECKPOINTS_TABLE)
    .where({ name })
    .first<{ position: string; version: number | null } | undefined>('position', 'version');
  return row ? { position: BigInt(row.position), version: row.version } : null;
}
