/**
 * Keyset paging backwards and forwards: the API pages forward only (`after` a cursor), so the
 * list keeps the cursors of the pages it came through. `cursors[i]` is the `after` of page i+1;
 * page 1 has `after: null`.
 */
export interface PageTrail {
  readonly cursors: readonly (string | null)[];
}

export const firstPage = (): PageTrail => ({ cursors: [null] });

/** The `after` of the page shown. */
export const currentAfter = (trail: PageTrail): string | null => trail.cursors.at(-1) ?? null;

/** 1-based number of the page shown. */
export const pageNumber = (trail: PageTrail): number => trail.cursors.length;

/** The trail after going to the next page, whose `after` is the shown page's `endCursor`. */
export const nextPage = (trail: PageTrail, endCursor: string): PageTrail => ({
  cursors: [...trail.cursors, endCursor],
});

/** The trail after going back one page (page 1 stays page 1). */
export const previousPage = (trail: PageTrail): PageTrail =>
  trail.cursors.length > 1 ? { cursors: trail.cursors.slice(0, -1) } : trail;

/** URL parameter of the trail: the cursors after page 1, joined by `.` (base64url has none). */
const PAGE_PARAM = 'page';

/** The trail in a query string (`page=<c1>.<c2>`: page 3); page 1 when absent or malformed. */
export function readTrail(params: URLSearchParams): PageTrail {
  const value = params.get(PAGE_PARAM);
  const cursors = value ? value.split('.') : [];
  if (cursors.some((c) => !/^[A-Za-z0-9_-]{1,200}$/.test(c)) || cursors.length > 1000) return firstPage();
  return { cursors: [null, ...cursors] };
}

/** `params` with the trail written in (removed on page 1), so a reload or a link shows the same page. */
export function writeTrail(params: URLSearchParams, trail: PageTrail): URLSearchParams {
  const next = new URLSearchParams(params);
  const cursors = trail.cursors.slice(1);
  if (cursors.length) next.set(PAGE_PARAM, cursors.join('.'));
  else next.delete(PAGE_PARAM);
  return next;
}

/** Page sizes the list offers (`size` in the URL). */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** The page size in a query string: 1..100, default 25. */
export function readPageSize(params: URLSearchParams): number {
  const n = Number(params.get('size'));
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 25;
}
