import { SAGA_STATUSES, type SagaStatus } from '../api/queries.ts';

/** Age presets of the list: created less than, or more than, some time ago. */
export const AGE_FILTERS = {
  lt5m: { label: 'younger than 5 min', maxAgeSeconds: 300 },
  lt1h: { label: 'younger than 1 hour', maxAgeSeconds: 3600 },
  lt1d: { label: 'younger than 1 day', maxAgeSeconds: 86_400 },
  gt1h: { label: 'older than 1 hour', minAgeSeconds: 3600 },
  gt1d: { label: 'older than 1 day', minAgeSeconds: 86_400 },
} as const satisfies Record<string, { label: string; minAgeSeconds?: number; maxAgeSeconds?: number }>;

/** One of {@link AGE_FILTERS}' keys. */
export type AgeFilter = keyof typeof AGE_FILTERS;

const isAge = (value: string | null): value is AgeFilter =>
  value !== null && Object.hasOwn(AGE_FILTERS, value);

/** The list's orders (`sort` in the URL): by creation or last change, each way; absent = arrival, newest first. */
export const SORTS = {
  'created-desc': { orderBy: 'CREATED_AT', direction: 'DESC' },
  'created-asc': { orderBy: 'CREATED_AT', direction: 'ASC' },
  'updated-desc': { orderBy: 'UPDATED_AT', direction: 'DESC' },
  'updated-asc': { orderBy: 'UPDATED_AT', direction: 'ASC' },
} as const;

/** One of {@link SORTS}' keys. */
export type SagaSortKey = keyof typeof SORTS;

const isSort = (value: string | null): value is SagaSortKey => value !== null && Object.hasOwn(SORTS, value);

/** The list page's filters, as they live in the URL's query string. */
export interface SagaFilters {
  readonly status: SagaStatus | null;
  readonly type: string | null;
  /** Open sagas with no change for at least this many seconds. */
  readonly stuckForSeconds: number | null;
  /** Sagas by age (time since created). */
  readonly age: AgeFilter | null;
  /** A saga, order or customer id or a SKU (exact); absent in older links. */
  readonly search?: string | null;
  /** The list's order; null: arrival, newest first. */
  readonly sort?: SagaSortKey | null;
}

/** Reads the filters from a query string; unknown or malformed values are ignored. */
export function readFilters(params: URLSearchParams): SagaFilters {
  const status = params.get('status');
  const stuck = Number(params.get('stuck') ?? '');
  return {
    status: SAGA_STATUSES.includes(status as SagaStatus) ? (status as SagaStatus) : null,
    type: params.get('type') || null,
    stuckForSeconds: params.get('stuck') && Number.isInteger(stuck) && stuck >= 0 ? stuck : null,
    age: isAge(params.get('age')) ? (params.get('age') as AgeFilter) : null,
    // Only when set, so that the filters of an older link read back as they were.
    ...(params.get('q')?.trim() && { search: params.get('q')!.trim() }),
    ...(isSort(params.get('sort')) && { sort: params.get('sort') as SagaSortKey }),
  };
}

/** The query string of `filters` (only those set), e.g. `status=PARKED&stuck=60&age=gt1h&q=…&sort=created-asc`. */
export function writeFilters(filters: SagaFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.type) params.set('type', filters.type);
  if (filters.stuckForSeconds != null) params.set('stuck', String(filters.stuckForSeconds));
  if (filters.age) params.set('age', filters.age);
  if (filters.search) params.set('q', filters.search);
  if (filters.sort) params.set('sort', filters.sort);
  return params;
}

/** The `sagas` query's variables for `filters`. */
export function filterVariables(filters: SagaFilters): Record<string, unknown> {
  const age: { minAgeSeconds?: number; maxAgeSeconds?: number } = filters.age ? AGE_FILTERS[filters.age] : {};
  return {
    status: filters.status,
    type: filters.type,
    stuck: filters.stuckForSeconds,
    minAge: age.minAgeSeconds ?? null,
    maxAge: age.maxAgeSeconds ?? null,
    ...(filters.search && { search: filters.search }),
    ...(filters.sort && SORTS[filters.sort]),
  };
}

/**
 * The `sagasBatch` filter matching what the list shows for `filters` (the same fields: the
 * dry-run count is the list's total). Null when no filter is set: a batch needs one.
 */
export function batchFilter(filters: SagaFilters): Record<string, unknown> | null {
  const age: { minAgeSeconds?: number; maxAgeSeconds?: number } = filters.age ? AGE_FILTERS[filters.age] : {};
  const filter = {
    status: filters.status ?? undefined,
    type: filters.type ?? undefined,
    search: filters.search ?? undefined,
    stuckForSeconds: filters.stuckForSeconds ?? undefined,
    minAgeSeconds: age.minAgeSeconds,
    maxAgeSeconds: age.maxAgeSeconds,
  };
  const set = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return Object.keys(set).length > 0 ? set : null;
}
