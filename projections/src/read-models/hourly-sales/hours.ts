import { validationFailed } from '@orderflow/core';

/**
 * The UTC hour an ISO-8601 date-time falls in, as `YYYY-MM-DDTHH:00:00Z` (fixed width, so the
 * text sorts and compares in time order).
 * @throws RangeError when `iso` is not a date-time.
 */
export function hourOf(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 13)}:00:00Z`;
}

/** A half-open range of UTC hours: `from` ≤ hour < `to`, both `YYYY-MM-DDTHH:00:00Z`. */
export interface HourRange {
  readonly from: string;
  readonly to: string;
}

/** The longest range a report query answers: 31 days of hours. */
export const MAX_REPORT_HOURS = 31 * 24;

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:\d{2})$/;
const HOUR_MS = 3_600_000;

function parseHour(field: 'from' | 'to', value: string): Date {
  const at = ISO_DATE_TIME.test(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || at.getTime() % HOUR_MS !== 0)
    throw validationFailed(
      `${field} must be an ISO-8601 date-time on a whole UTC hour, e.g. 2025-01-31T14:00:00Z`,
      {
        field,
      },
    );
  return at;
}

/**
 * Parses a report's `from`/`to` (ISO-8601 date-times with a zone, on whole UTC hours, e.g.
 * `2025-01-31T14:00Z`) into a half-open {@link HourRange}.
 * @throws OrderflowError VALIDATION_FAILED (details `{ field }`) for a malformed bound, a bound
 *   not on a whole hour, `to` ≤ `from`, or a range longer than `maxHours` (default
 *   {@link MAX_REPORT_HOURS}).
 */
export function parseHourRange(from: string, to: string, maxHours = MAX_REPORT_HOURS): HourRange {
  const start = parseHour('from', from);
  const end = parseHour('to', to);
  if (end <= start) throw validationFailed('to must be after from', { field: 'to' });
  if ((end.getTime() - start.getTime()) / HOUR_MS > maxHours)
    throw validationFailed(`a report covers at most ${maxHours} hours`, { field: 'to' });
  return { from: hourOf(start.toISOString()), to: hourOf(end.toISOString()) };
}
