/**
 * Links into the Streams page and the `$all` filters it keeps in its URL, so that a filtered
 * page of events can be linked and survives a reload.
 */

/** Events per page of a stream's page; pages start at multiples of it (0, 200, 400, …). */
export const STREAM_PAGE = 200;

/** The first revision of the page holding `revision` (decimal strings). */
export const pageStart = (revision: string): string =>
  ((BigInt(revision) / BigInt(STREAM_PAGE)) * BigInt(STREAM_PAGE)).toString();

/**
 * Path of a stream's page. With `event`, the page that holds it (`from`, when past the first)
 * with the event marked and open (`position`): a link into a long stream (a best-selling
 * SKU's) lands on its event, not on the stream's first 200.
 */
export function streamPath(name: string, event?: { position: string; revision: string }): string {
  const path = `/streams/${encodeURIComponent(name)}`;
  if (!event) return path;
  const from = pageStart(event.revision);
  const params = new URLSearchParams({ ...(from !== '0' && { from }), position: event.position });
  return `${path}?${params}`;
}

/** The stream of an order (the orders aggregate's `order-<id>`). */
export const orderStream = (orderId: string): string => `order-${orderId}`;

/** The filters of the "All events" view. Empty strings mean "no filter". */
export interface AllEventsFilters {
  /** Comma-separated event types. */
  readonly types: string;
  readonly correlationId: string;
  readonly orderId: string;
  /** The page cursor: events strictly after this position. */
  readonly after: string;
  /** Events per page (the API takes 1..500); empty: the page's default. */
  readonly limit: string;
}

const KEYS = ['types', 'correlationId', 'orderId', 'after', 'limit'] as const;

/** Reads the filters from the page's query string. */
export function readAllEventsFilters(params: URLSearchParams): AllEventsFilters {
  const [types, correlationId, orderId, after, limit] = KEYS.map((k) => params.get(k)?.trim() ?? '');
  return { types: types!, correlationId: correlationId!, orderId: orderId!, after: after!, limit: limit! };
}

/** The query string of `filters` (empty ones left out). */
export function writeAllEventsFilters(filters: AllEventsFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key].trim()) params.set(key, filters[key].trim());
  return params;
}

/**
 * The `events` query's variables for `filters`; pages of `filters.limit` events, else of
 * `defaultLimit` (a limit out of range is the API's to refuse, VALIDATION_FAILED).
 */
export function allEventsVariables(filters: AllEventsFilters, defaultLimit: number): Record<string, unknown> {
  const types = filters.types
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    limit: filters.limit ? Number(filters.limit) : defaultLimit,
    ...(types.length > 0 && { types }),
    ...(filters.correlationId && { correlationId: filters.correlationId }),
    ...(filters.orderId && { orderId: filters.orderId }),
    ...(filters.after && { after: filters.after }),
  };
}
