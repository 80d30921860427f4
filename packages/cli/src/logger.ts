import { activeTraceId } from '@orderflow/core';
import type { Config } from '@orderflow/host';
import { pino, type Logger } from 'pino';

const NO_FIELDS = Object.freeze({});

/**
 * The one logger of an `orderflow serve` process: pino JSON lines on stdout at LOG_LEVEL, each
 * role logging through a child with `role`. Synchronous writes, so that the lines of a process
 * that exits right after (a refused start, SIGTERM) are not lost. While tracing is on, a line
 * written inside a span carries its `traceId` (Loki/Grafana link a log line to its trace by it).
 */
export function processLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino({ level: config.LOG_LEVEL, mixin: traceFields }, pino.destination({ dest: 1, sync: true }));
}

/** `{ traceId }` of the active span; one shared empty object otherwise (tracing off: a boolean check). */
export function traceFields(): object {
  const traceId = activeTraceId();
  return traceId ? { traceId } : NO_FIELDS;
}
