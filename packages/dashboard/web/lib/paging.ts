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
