import { activeTraceId, loggerOptions, tracingOn } from '@orderflow/core';
import type { Config } from '@orderflow/host';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * The one logger of an `orderflow serve` process: pino lines on stdout at LOG_LEVEL (JSON, or
 * pino-pretty text in a terminal: {@link prettyLogs}), each
 * role logging through a child with `role`. Synchronous writes, so that the lines of a process
 * that exits right after (a refused start, SIGTERM) are not lost. While tracing is on (it starts
 * before this logger is made), a line written inside a span carries its `traceId` (Loki/Grafana
 * link a log line to its trace by it); off, there is no mixin at all.
 */
export function processLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>,
  isTerminal = process.stdout.isTTY === true,
): Logger {
  const options = { ...loggerOptions(config.LOG_LEVEL), ...(tracingOn() ? { mixin: traceFields } : {}) };
  if (prettyLogs(config, isTerminal))
    return pino(
      options,
      pretty({
        sync: true,
        colorize: isTerminal && !process.env.NO_COLOR,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      }),
    );
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/**
 * Whether `orderflow serve` writes pino-pretty lines instead of JSON: LOG_FORMAT `pretty`, or
 * `auto` (the default) with stdout a terminal and NODE_ENV not production — `pnpm start` in a
 * terminal reads as text, while anything that collects the output (a file, a pipe, a container
 * runtime) gets one JSON object per line.
 */
export function prettyLogs(config: Pick<Config, 'LOG_FORMAT' | 'NODE_ENV'>, isTerminal: boolean): boolean {
  if (config.LOG_FORMAT !== 'auto') return config.LOG_FORMAT === 'pretty';
  return isTerminal && config.NODE_ENV !== 'production';
}

/** `{ traceId }` of the active span, else `{}` — a fresh object: pino merges the line's fields into it. */
export function traceFields(): object {
  const traceId = activeTraceId();
  return traceId ? { traceId } : {};
}
