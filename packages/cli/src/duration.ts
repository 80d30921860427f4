import { InvalidArgumentError } from 'commander';
import ms from 'ms';

/**
 * Seconds of a duration as an operator types it: `30s`, `10m`, `2h`, `1d`, `1.5h` (the `ms`
 * package's format) or a bare number of seconds (`600`).
 * @throws InvalidArgumentError (a usage error: exit 2) for anything else or a negative duration.
 */
export function parseDurationSeconds(value: string): number {
  const text = value.trim();
  let millis: number | undefined;
  try {
    millis = /^\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : ms(text as ms.StringValue);
  } catch {
    // ms throws on an empty string; the message below says what is expected.
  }
  if (typeof millis !== 'number' || !Number.isFinite(millis) || millis < 0)
    throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 30s, 10m, 2h, 1d)`);
  return millis / 1000;
}
