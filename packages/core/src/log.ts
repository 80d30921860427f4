import { pino, type Logger } from 'pino';

let fallback: Logger | null = null;
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The logger of a component whose caller passed no hook of its own: a child with `component` of
 * one pino logger (level LOG_LEVEL, default `warn`; JSON lines on stderr), made on first use. The host passes its
 * role loggers everywhere, so this only speaks for a library used on its own (tests, scripts) —
 * an error then still reaches a log, never `console` and never nowhere.
 */
export function fallbackLogger(component: string): Logger {
  const level = LEVELS.includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL! : 'warn';
  fallback ??= pino({ level }, pino.destination(2));
  return fallback.child({ component });
}
