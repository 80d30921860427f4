/** Pure helpers of the batch panel. */

/** `ids` in chunks of at most `size` (the panel acts chunk by chunk, to show progress). */
export function chunks<T>(ids: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/**
 * True when the operator typed what confirms the batch: the dry run's count (`3`) or the
 * action's name (`retry`, any case), ignoring surrounding spaces. A count of 0 confirms nothing.
 */
export function confirms(typed: string, count: number, action: string): boolean {
  if (count <= 0) return false;
  const text = typed.trim().toLowerCase();
  return text === String(count) || text === action.toLowerCase();
}
