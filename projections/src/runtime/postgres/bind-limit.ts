/**
 * Postgres takes at most 65,535 parameters in one statement: the Bind message counts them in an
 * Int16 (PostgreSQL docs, "Message Formats", Bind). A multi-row insert of more rows × columns
 * fails with "bind message has N parameter formats but 0 parameters" (N wrapped at 65,536).
 */
export const MAX_BIND_PARAMETERS = 65_535;

/**
 * Splits `rows` (objects of the same keys, as knex's multi-row insert takes them) into chunks
 * whose parameters stay within {@link MAX_BIND_PARAMETERS}, leaving `reserved` for the rest
 * of the statement (e.g. an upsert's merge). An empty `rows` gives no chunk.
 */
export function bindChunks<T extends object>(rows: readonly T[], reserved = 100): T[][] {
  if (rows.length === 0) return [];
  const columns = Math.max(1, Object.keys(rows[0]!).length);
  const size = Math.max(1, Math.floor((MAX_BIND_PARAMETERS - reserved) / columns));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
