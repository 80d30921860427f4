/** Progress lines of `pnpm bench loop` on stderr, each with the seconds since the bench started. */
const started = Date.now();

/** Prints `[12.3 s] message` to stderr (stdout keeps the tables and the JSON line). */
export const progress = (message: string): void =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);
