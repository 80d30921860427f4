import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors.ts';
import { gql } from '../api/graphql.ts';

/** What {@link useGql} returns. */
export interface GqlState<T> {
  /** The last answer; kept while a reload runs so the page does not flicker. */
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
  /** Runs the query again with the same variables (live updates call it). */
  reload(): void;
}

/**
 * Runs a GraphQL query when mounted and whenever `variables` change (compared as JSON); a
 * newer run cancels an older one, so answers never arrive out of order. `skip` runs nothing.
 */
export function useGql<T>(query: string, variables: Record<string, unknown>, skip = false): GqlState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(!skip);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  const current = useRef<AbortController | null>(null);

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    current.current?.abort();
    current.current = controller;
    setLoading(true);
    gql<T>(query, JSON.parse(key) as Record<string, unknown>, { signal: controller.signal })
      .then((answer) => {
        if (controller.signal.aborted) return;
        setData(answer);
        setError(null);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e instanceof ApiError ? e : new ApiError('NETWORK', String(e)));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [query, key, skip, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}
