/** A read command's `--json` output: indented, bigints (positions, revisions) as decimal strings, Dates as ISO strings. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
