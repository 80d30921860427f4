import { applyPostgresBatch, deleteCheckpoint, readCheckpoint, resetCheckpoint } from '@orderflow/consumer';
import { OrderflowError, validationFailed } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import type { Knex } from 'knex';
import { projectionProcessor, type Projection, type TableNames } from './projection.ts';

/** Progress of a rebuild or verify, reported after every batch. */
export interface BuildProgress {
  /** Events applied so far in this run. */
  readonly events: number;
  /** Position reached. */
  readonly position: bigint;
  /** Head of `$all` when the run started; position / head gives the share done (not dense). */
  readonly head: bigint;
  /** Position the run started after. */
  readonly from: bigint;
}

/** Options shared by rebuild and verify. */
export interface BuildOptions {
  /** Events per read and per transaction. Default 5000. */
  readonly batchSize?: number;
  readonly onProgress?: (progress: BuildProgress) => void;
  /** Aborting stops between batches with an AbortError; what was built so far stays. */
  readonly signal?: AbortSignal;
}

/** A copy of a projection's tables: `orders` → `orders__<suffix>`. */
export function copyTables(suffix: string): TableNames {
  return (logical) => `${logical}__${suffix}`;
}

/**
 * Creates the copy's tables if missing, with the live tables' columns, defaults, CHECK
 * constraints and primary keys (upserts need them) but none of their other indexes: those are
 * cheaper to build once over the finished copy ({@link createCopyIndexes}) than to maintain row
 * by row. Foreign keys are not copied.
 */
export async function createTableCopies(db: Knex, projection: Projection, tables: TableNames): Promise<void> {
  for (const table of projection.tables) {
    const copy = tables(table);
    await db.raw('CREATE TABLE IF NOT EXISTS ?? (LIKE ?? INCLUDING ALL EXCLUDING INDEXES)', [copy, table]);
    const { rows } = await db.raw(
      `SELECT pg_get_constraintdef(c.oid) AS def,
              EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = to_regclass(?) AND k.contype = 'p') AS copied
         FROM pg_constraint c WHERE c.conrelid = to_regclass(?) AND c.contype = 'p'`,
      [copy, table],
    );
    const pk = rows[0] as { def: string; copied: boolean } | undefined;
    if (pk && !pk.copied) await db.raw(`ALTER TABLE ?? ADD ${pk.def}`, [copy]);
  }
}

/**
 * Gives the copy the live tables' other indexes (as `pg_get_indexdef` states them, renamed
 * `<copy>_i<n>`), once the copy is built and before it is swapped in.
 */
export async function createCopyIndexes(db: Knex, projection: Projection, tables: TableNames): Promise<void> {
  for (const table of projection.tables) {
    const copy = tables(table);
    const { rows } = await db.raw(
      `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
        WHERE i.indrelid = to_regclass(?) AND NOT i.indisprimary ORDER BY i.indexrelid`,
      [table],
    );
    let n = 0;
    for (const { def } of rows as Array<{ def: string }>) {
      const match = /^CREATE (UNIQUE )?INDEX \S+ ON \S+ (.*)$/.exec(def);
      if (!match) throw new Error(`cannot copy index definition: ${def}`);
      await db.raw(`CREATE ${match[1] ?? ''}INDEX IF NOT EXISTS ?? ON ?? ${match[2]}`, [
        `${copy}_i${n++}`,
        copy,
      ]);
    }
  }
}

/** Drops the copy's tables and its checkpoint row. */
export async function dropTableCopies(
  db: Knex,
  projection: Projection,
  tables: TableNames,
  checkpoint: string,
): Promise<void> {
  for (const table of [...projection.tables].reverse())
    await db.raw('DROP TABLE IF EXISTS ??', [tables(table)]);
  await deleteCheckpoint(db, checkpoint);
}

/**
 * Applies `$all` after the copy's checkpoint to the copy, batch by batch (each batch and the
 * copy's checkpoint in one transaction — the runtime's `applyPostgresBatch`, failing events
 * parked under the projection's name — so an interrupted build resumes where it stopped).
 * Stops at the end of the log as it was when the last page was read.
 * @returns the copy's checkpoint and the number of events applied in this call.
 */
export async function buildCopy(
  db: Knex,
  store: EventStore,
  projection: Projection,
  target: { checkpoint: string; tables: TableNames },
  options: BuildOptions = {},
): Promise<{ position: bigint; events: number }> {
  const batchSize = options.batchSize ?? 5000;
  const from = (await readCheckpoint(db, target.checkpoint))?.position ?? 0n;
  const processor = projectionProcessor(projection, target.tables);
  const head = await store.headPosition();
  let position = from;
  let events = 0;
  const read = (after: bigint) =>
    store.readAll({ after, maxCount: batchSize, filter: { eventTypes: projection.eventTypes } });
  // Pipelined: the next page is read (and parsed) while this one is applied, so reading and
  // writing overlap instead of taking turns.
  let next = read(position);
  for (;;) {
    if (options.signal?.aborted) {
      await next.catch(() => undefined);
      throw new DOMException(`${projection.name}: stopped`, 'AbortError');
    }
    const page = await next;
    if (page.length === 0) return { position, events };
    position = page.at(-1)!.position;
    next = read(position);
    const outcome = await applyPostgresBatch(db, processor, page, { checkpoint: target.checkpoint }).catch(
      async (error: unknown) => {
        await next.catch(() => undefined);
        throw error;
      },
    );
    events += outcome.applied + outcome.parked.length;
    options.onProgress?.({ events, position, head, from });
  }
}

/** Starts (or restarts at `from`) the copy's checkpoint. */
export async function resetCopyCheckpoint(
  db: Knex,
  checkpoint: string,
  from: bigint,
  version: number,
): Promise<void> {
  await resetCheckpoint(db, checkpoint, from, version);
}

/**
 * Runs `work` holding the session advisory lock of `projection`'s rebuilds and verifies, on a
 * connection of its own.
 * @throws OrderflowError INVALID_STATE when another rebuild or verify of it holds the lock.
 */
export async function withProjectionLock<T>(
  db: Knex,
  projection: Projection,
  work: () => Promise<T>,
): Promise<T> {
  const connection = await db.client.acquireConnection();
  const key = `orderflow:rebuild:${projection.name}`;
  try {
    const { rows } = await db
      .raw('SELECT pg_try_advisory_lock(hashtext(?)) AS locked', [key])
      .connection(connection);
    if (!rows[0].locked)
      throw new OrderflowError(
        'INVALID_STATE',
        `a rebuild or verify of ${projection.name} is already running; wait for it or stop it first`,
        { projection: projection.name },
      );
    try {
      return await work();
    } finally {
      await db.raw('SELECT pg_advisory_unlock(hashtext(?))', [key]).connection(connection);
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * Checks a requested start position against the log.
 * @throws OrderflowError VALIDATION_FAILED when `from` is negative or beyond the head.
 */
export async function checkFrom(store: EventStore, from: bigint): Promise<void> {
  const head = await store.headPosition();
  if (from < 0n || from > head)
    throw validationFailed(`--from ${from} is beyond the end of the event log (head position ${head})`, {
      field: 'from',
      head: head.toString(),
    });
}
