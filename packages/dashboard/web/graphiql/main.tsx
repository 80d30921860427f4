/**
 * GraphiQL (the `graphiql` package) served by the server itself at /graphiql outside production:
 * every script, style, font and Monaco worker is in the build (packages/dashboard/dist), so the
 * page works offline and under the server's CSP ('self' only). The Headers editor starts with
 * the dashboard's admin key of this tab when there is one (sessionStorage), else a placeholder;
 * headers are not persisted. `?query=` opens that document in the editor.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { adminKey } from '../api/session.ts';
import { orderflowFetcher } from './fetcher.ts';
import './graphiql.css';

const EXAMPLE = `# Orderflow: every request needs an API key, sent in the Headers tab below as
#   { "authorization": "Bearer <key>" }
# (pnpm start writes a development admin key to .orderflow/admin-key).
# Subscriptions run over WebSocket with the same header.
query Products {
  products(first: 5) {
    totalCount
    edges { node { sku name unitPrice currency available } }
  }
}
`;

const key = adminKey();
const headers = JSON.stringify({ authorization: `Bearer ${key ?? '<your key>'}` }, null, 2);
const query = new URLSearchParams(location.search).get('query');

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={orderflowFetcher(location)}
      initialQuery={query ?? EXAMPLE}
      defaultQuery={EXAMPLE}
      initialHeaders={headers}
      defaultHeaders={headers}
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
      defaultEditorToolsVisibility="headers"
    />
  </StrictMode>,
);
