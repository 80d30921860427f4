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

/** An ISO time as local "YYYY-MM-DD HH:MM:SS.mmm" (ms matter in a saga's timeline). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}

/** Integer minor units and an ISO currency code as "£12.50" (Intl; the currency's own decimals). */
export function formatMoney(minor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

/** The first 8 characters of an id, for tables. */
export const shortId = (id: string): string => id.slice(0, 8);
