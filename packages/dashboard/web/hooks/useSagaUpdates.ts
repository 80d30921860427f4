import { useEffect, useRef, useState } from 'react';
import { onConnectionChange, subscribe, type ConnectionState } from '../api/live.ts';
import { SAGA_UPDATED } from '../api/queries.ts';
import { throttle } from '../lib/throttle.ts';

/**
 * Subscribes to `sagaUpdated(id, type)` and calls `onChange` at most once per `intervalMs`
 * (a burst of changes becomes one refresh at the start and one at the end of the interval).
 * Re-subscribes when `id` or `type` change; unsubscribes when unmounted. Returns the last
 * subscription error, if any.
 */
export function useSagaUpdates(
  filter: { id?: string | null; type?: string | null },
  onChange: () => void,
  intervalMs = 1000,
): string | null {
  const callback = useRef(onChange);
  callback.current = onChange;
  const [error, setError] = useState<string | null>(null);
  const { id = null, type = null } = filter;

  useEffect(() => {
    const refresh = throttle(() => callback.current(), intervalMs);
    const unsubscribe = subscribe(
      SAGA_UPDATED,
      { id, type },
      () => {
        setError(null);
        refresh();
      },
      setError,
    );
    return () => {
      refresh.cancel();
      unsubscribe();
    };
  }, [id, type, intervalMs]);
  return error;
}

/** The live connection's state (for the header's indicator). */
export function useConnectionState(): ConnectionState {
  const [state, setState] = useState<ConnectionState>('idle');
  useEffect(() => onConnectionChange(setState), []);
  return state;
}
