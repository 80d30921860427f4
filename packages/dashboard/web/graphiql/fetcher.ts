import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';

/**
 * GraphiQL's fetcher for this server: queries and mutations POST to /graphql on the page's own
 * host, with the headers of GraphiQL's Headers editor; subscriptions go over WebSocket to the
 * same /graphql (graphql-ws), and the toolkit puts those headers in the connection_init
 * payload, where the server reads the key (`{ authorization: 'Bearer <key>' }`,
 * packages/api/src/limits/websocket-guard.ts). Header names are lower-cased first, so
 * `Authorization` works over WebSocket too (the payload is a plain object, matched exactly).
 */
export function orderflowFetcher(origin: { protocol: string; host: string }): Fetcher {
  const inner = createGraphiQLFetcher({
    url: `${origin.protocol}//${origin.host}/graphql`,
    subscriptionUrl: `${origin.protocol === 'https:' ? 'wss' : 'ws'}://${origin.host}/graphql`,
    // The server has no @defer/@stream: plain JSON answers.
    enableIncrementalDelivery: false,
  });
  return (params, options) =>
    inner(params, {
      ...options,
      headers: Object.fromEntries(
        Object.entries(options?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    });
}
