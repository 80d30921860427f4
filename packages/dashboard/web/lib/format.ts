/** Formatting of times, durations and money for display. */

/** A duration in ms as "850 ms", "12.3 s", "4 min 5 s", "3 h 20 min" or "2 d 4 h"; "–" for null. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const parts = (big: number, bigUnit: string, small: number, smallUnit: string) =>
    small ? `${big} ${bigUnit} ${small} ${smallUnit}` : `${big} ${bigUnit}`;
  if (s < 3600) return parts(Math.floor(s / 60), 'min', Math.floor(s % 60), 's');
  if (s < 86400) return parts(Math.floor(s / 3600), 'h', Math.floor((s % 3600) / 60), 'min');
  return parts(Math.floor(s / 86400), 'd', Math.floor((s % 86400) / 3600), 'h');
}

/** How long ago `iso` was, relative to `now` (ms since the epoch): "12.3 s ago". */
export function formatAge(iso: string, now: number = Date.now()): string {
  return `${formatDuration(Math.max(0, now - Date.parse(iso)))} ago`;
}

/**
 * Where and how a time is written: `locale` a BCP 47 tag (default: the browser's), `timeZone` an
 * IANA zone (default: the browser's). Tests pin both; pages pass `timeZone: 'UTC'` for the UTC
 * hours of the reports.
 */
export interface TimeFormatOptions {
  readonly locale?: string;
  readonly timeZone?: string;
}

const STYLES = {
  // ms matter in a saga's timeline: two steps often share a second.
  dateTime: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
  },
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  minutes: { hour: '2-digit', minute: '2-digit' },
  day: { month: 'short', day: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached Intl.DateTimeFormat per style, locale and zone (creating one costs ~50 µs). */
function formatter(style: keyof typeof STYLES, options: TimeFormatOptions): Intl.DateTimeFormat {
  const key = `${style}|${options.locale ?? ''}|${options.timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(options.locale, { ...STYLES[style], timeZone: options.timeZone });
    formatters.set(key, f);
  }
  return f;
}

/**
 * An ISO time (or ms since the epoch) as the locale writes a date and time to the millisecond,
 * e.g. "6 Dec 2026, 21:06:30.125" (en-GB) or "Dec 6, 2026, 09:06:30.125 PM" (en-US); "–" for
 * null or an unparsable time. The one date format of the dashboard's tables and pages.
 */
export function formatTime(iso: string | number | null | undefined, options: TimeFormatOptions = {}): string {
  if (iso == null || iso === '') return '–';
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  return Number.isFinite(ms) ? formatter('dateTime', options).format(ms) : '–';
}

/** An ISO time's hour and minute in the locale, e.g. "09:00" (en-GB) or "09:00 AM" (en-US). */
export function formatHour(iso: string, options: TimeFormatOptions = {}): string {
  return formatter('minutes', options).format(Date.parse(iso));
}

/**
 * The labels of a time axis whose ticks are `splits` (seconds since the epoch, as uPlot gives
 * them) `increment` seconds apart: times with seconds under a minute apart, hours and minutes
 * under a day, else the day ("6 Dec"). Replaces uPlot's US-only default labels.
 */
export function formatAxisTimes(
  splits: readonly number[],
  increment: number,
  options: TimeFormatOptions = {},
): string[] {
  const style = increment < 60 ? 'seconds' : increment < 86_400 ? 'minutes' : 'day';
  const f = formatter(style, options);
  return splits.map((s) => f.format(s * 1000));
}

/** Integer minor units and an ISO currency code as "£12.50" (Intl; the currency's own decimals). */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The first 8 characters of an id, for tables. */
export const shortId = (id: string): string => id.slice(0, 8);
