import { activeTraceId, loggerOptions, tracingOn } from '@orderflow/core';
import type { Config } from '@orderflow/host';
import { pino, type Logger } from 'pino';

/**
 * The one logger of an `orderflow serve` process: pino JSON lines on stdout at LOG_LEVEL, each
 * role logging through a child with `role`. Synchronous writes, so that the lines of a process
 * that exits right after (a refused start, SIGTERM) are not lost. While tracing is on (it starts
 * before this logger is made), a line written inside a span carries its `traceId` (Loki/Grafana
 * link a log line to its trace by it); off, there is no mixin at all.
 */
export function processLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino(
    { ...loggerOptions(config.LOG_LEVEL), ...(tracingOn() ? { mixin: traceFields } : {}) },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** `{ traceId }` of the active span, else `{}` — a fresh object: pino merges the line's fields into it. */
export function traceFields(): object {
  const traceId = activeTraceId();
  return traceId ? { traceId } : {};
}
