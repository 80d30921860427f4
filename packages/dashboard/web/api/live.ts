import { createClient, type Client } from 'graphql-ws';
import { authMessage, isAuthCode, type GraphqlErrorEntry } from './errors.ts';
import { adminKey, authFailed } from './session.ts';

let client: Client | null = null;
let clientKey: string | null = null;

/** The live connection's state, as the page header shows it. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'closed';
let connection: ConnectionState = 'idle';
/** Open subscriptions: a lazy client closes the socket when the last one ends (then 'idle'). */
let active = 0;
const listeners = new Set<(state: ConnectionState) => void>();
const setConnection = (state: ConnectionState) => {
  connection = state;
  for (const listener of listeners) listener(state);
};

/** Calls `listener` with the current connection state and on each change; returns the unsubscribe. */
export function onConnectionChange(listener: (state: ConnectionState) => void): () => void {
  listeners.add(listener);
  listener(connection);
  return () => listeners.delete(listener);
}

/** The WebSocket URL of /graphql on the page's own host. */
const url = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;

/**
 * One graphql-ws client (protocol graphql-transport-ws) per admin key, connected lazily while
 * any subscription is open; the key goes in connection_init as `{ authorization }`. It
 * reconnects on network loss; close codes 4401/4403 (refused key) send the user to login.
 */
function liveClient(): Client {
  const key = adminKey();
  if (client && clientKey === key) return client;
  void client?.dispose();
  clientKey = key;
  client = createClient({
    url: url(),
    connectionParams: () => ({ authorization: `Bearer ${adminKey() ?? ''}` }),
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: (event) => !(event instanceof CloseEvent && (event.code === 4401 || event.code === 4403)),
    on: {
      connecting: () => setConnection('connecting'),
      connected: () => setConnection('connected'),
      closed: (event) => {
        setConnection(active > 0 ? 'closed' : 'idle');
        if (event instanceof CloseEvent && (event.code === 4401 || event.code === 4403))
          authFailed(authMessage(event.code === 4403 ? 'FORBIDDEN' : 'UNAUTHENTICATED'));
      },
    },
  });
  return client;
}

/** Closes the live connection (log out). */
export function closeLive(): void {
  void client?.dispose();
  client = null;
  clientKey = null;
  setConnection('idle');
}

/**
 * Subscribes to a GraphQL subscription; `onData` gets each payload's `data`. Errors with an
 * auth code send the user to login; others go to `onError`. Returns the unsubscribe function.
 */
export function subscribe<T>(
  query: string,
  variables: Record<string, unknown>,
  onData: (data: T) => void,
  onError: (message: string) => void = () => undefined,
): () => void {
  const handleErrors = (errors: readonly GraphqlErrorEntry[]) => {
    const code = errors[0]?.extensions?.code;
    if (isAuthCode(code)) authFailed(authMessage(code));
    else onError(errors.map((e) => e.message).join('; '));
  };
  active++;
  const unsubscribe = liveClient().subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors?.length) handleErrors(result.errors as unknown as GraphqlErrorEntry[]);
        else if (result.data) onData(result.data);
      },
      error: (error) => {
        if (Array.isArray(error)) handleErrors(error as GraphqlErrorEntry[]);
        else if (!(error instanceof CloseEvent)) onError(String((error as Error)?.message ?? error));
      },
      complete: () => undefined,
    },
  );
  return () => {
    active--;
    unsubscribe();
  };
}
