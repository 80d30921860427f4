import { validationFailed } from '@orderflow/core';
import type { Knex } from 'knex';
import { pageSize, type Page } from './order-details/queries.ts';

const cursorOf = (key: string) => Buffer.from(key).toString('base64url');

/**
 * One page of `table` in the order of its text primary key `key`, as a Relay cursor connection:
 * the cursor is the last key seen, base64url-encoded; `first` 0..100 (default 20). One count and
 * one keyset query (`key > after ORDER BY key LIMIT first + 1`).
 * @throws OrderflowError VALIDATION_FAILED for a bad `first` or an `after` that is no such cursor.
 */
export async function pageByKey<Db extends object, T>(
  db: Knex,
  table: string,
  key: keyof Db & string,
  input: { first?: number | null; after?: string | null },
  fromDb: (row: Db) => T,
): Promise<Page<T>> {
  const first = pageSize(input.first);
  const [{ count }] = (await db(table).count({ count: '*' })) as [{ count: string }];
  const q = db(table).orderBy(key);
  if (input.after) {
    const after = Buffer.from(input.after, 'base64url').toString();
    if (!after || cursorOf(after) !== input.after)
      throw validationFailed('after is not a cursor of this list', { field: 'after' });
    q.where(key, '>', after);
  }
  const rows = (first === 0 ? [] : await q.limit(first + 1)) as Db[];
  const page = rows.slice(0, first);
  return {
    totalCount: Number(count),
    edges: page.map((row) => ({ cursor: cursorOf(String(row[key as keyof Db])), node: fromDb(row) })),
    pageInfo: {
      hasNextPage: rows.length > first,
      endCursor: page.length ? cursorOf(String(page.at(-1)![key])) : null,
    },
  };
}
