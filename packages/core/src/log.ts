import { pino, stdSerializers, type Logger, type LoggerOptions } from 'pino';

let fallback: Logger | null = null;
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * pino's standard `err` serializer (type, message, stack, own enumerable fields such as a
 * Postgres error's `code`, `severity`, `detail`) without the back-references drivers hang on
 * errors: pg-pool sets `err.client` on an idle client's error (pg-pool index.js), which would
 * otherwise put the whole connection object, its parsed statements included, on the log line.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  delete serialized.client;
  return serialized;
}

/** The options every Orderflow pino logger is made with: `err` through {@link serializeError}. */
export const loggerOptions = (level: string): LoggerOptions => ({
  level,
  serializers: { err: serializeError },
});

/**
 * The logger of a component whose caller passed no hook of its own: a child with `component` of
 * one pino logger (level LOG_LEVEL, default `warn`; JSON lines on stderr), made on first use. The host passes its
 * role loggers everywhere, so this only speaks for a library used on its own (tests, scripts) —
 * an error then still reaches a log, never `console` and never nowhere.
 */
export function fallbackLogger(component: string): Logger {
  const level = LEVELS.includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL! : 'warn';
  fallback ??= pino(loggerOptions(level), pino.destination(2));
  return fallback.child({ component });
}
