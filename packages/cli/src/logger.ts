import type { Config } from '@orderflow/host';
import { loggerOptions } from '@orderflow/core';
import { pino, type Logger } from 'pino';

/**
 * The one logger of an `orderflow serve` process: pino JSON lines on stdout at LOG_LEVEL, each
 * role logging through a child with `role`. Synchronous writes, so that the lines of a process
 * that exits right after (a refused start, SIGTERM) are not lost.
 */
export function processLogger(config: Pick<Config, 'LOG_LEVEL'>): Logger {
  return pino(loggerOptions(config.LOG_LEVEL), pino.destination({ dest: 1, sync: true }));
}
