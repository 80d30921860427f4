import { SAGA_STATUSES, type SagaStatus } from '../api/queries.ts';

/** The list page's filters, as they live in the URL's query string. */
export interface SagaFilters {
  readonly status: SagaStatus | null;
  readonly type: string | null;
  /** Open sagas with no change for at least this many seconds. */
  readonly stuckForSeconds: number | null;
}

/** Reads the filters from a query string; unknown or malformed values are ignored. */
export function readFilters(params: URLSearchParams): SagaFilters {
  const status = params.get('status');
  const stuck = Number(params.get('stuck') ?? '');
  return {
    status: SAGA_STATUSES.includes(status as SagaStatus) ? (status as SagaStatus) : null,
    type: params.get('type') || null,
    stuckForSeconds: params.get('stuck') && Number.isInteger(stuck) && stuck >= 0 ? stuck : null,
  };
}

/** The query string of `filters` (only those set), e.g. `status=PARKED&stuck=60`. */
export function writeFilters(filters: SagaFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.type) params.set('type', filters.type);
  if (filters.stuckForSeconds != null) params.set('stuck', String(filters.stuckForSeconds));
  return params;
}

/** The `sagas` query's variables for `filters`. */
export function filterVariables(filters: SagaFilters): Record<string, unknown> {
  return { status: filters.status, type: filters.type, stuck: filters.stuckForSeconds };
}
