import { CommanderError } from 'commander';

/**
 * The exit codes of `orderflow`, for scripts (the BSD sysexits idea, kept to four values that
 * mean something different to a caller):
 * - 0 OK: done; for `verify`, no differences.
 * - 1 FAILURE: the command ran and failed, or found what it checks for (differences, not ready,
 *   parked events that would not apply); also any unexpected error.
 * - 2 USAGE: the command line is wrong (unknown command or option, a bad value, a missing
 *   argument) or its input fails validation; nothing was done.
 * - 3 REFUSED: the addressed thing does not exist, or the system refused the action in its
 *   current state (a saga that is not parked cannot be retried); nothing was done.
 */
export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, REFUSED: 3 } as const;

/** Error codes (core error catalog) that mean "nothing there, or not allowed now". */
const REFUSED_CODES = new Set([
  'NOT_FOUND',
  'STREAM_NOT_FOUND',
  'INVALID_STATE',
  'ALREADY_EXISTS',
  'FORBIDDEN',
  'IDEMPOTENCY_KEY_REUSED',
]);

/**
 * The exit code for an error that ended a command: commander's own errors are usage errors
 * (except help and `--version`, which exit 0); an error with a catalog `code` maps by
 * {@link REFUSED_CODES} and VALIDATION_FAILED; everything else is a failure.
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'VALIDATION_FAILED') return EXIT.USAGE;
  if (typeof code === 'string' && REFUSED_CODES.has(code)) return EXIT.REFUSED;
  return EXIT.FAILURE;
}
