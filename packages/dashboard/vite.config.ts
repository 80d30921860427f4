import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard's build: a single-page app under /dashboard/ (the API serves `dist/` there, see
 * src/plugin.ts), and GraphiQL's page (graphiql.html → dist/graphiql.html, served at /graphiql
 * outside production by src/graphiql-plugin.ts; its assets under /dashboard/assets/ with the
 * dashboard's). `pnpm --filter @orderflow/dashboard dev` serves it with hot reload and proxies
 * GraphQL (HTTP and WebSocket) to an Orderflow on 127.0.0.1:4000.
 */
export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Monaco (GraphiQL's editor, ~2.8 MB minified) is one chunk that only /graphiql loads.
    chunkSizeWarningLimit: 3000,
    rolldownOptions: {
      input: { dashboard: 'index.html', graphiql: 'graphiql.html' },
      // GraphiQL's modules start with React Compiler's "use no memo", which a bundle cannot keep
      // per module (harmless: it only tells the compiler to skip them); one line each otherwise.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      // React and the router change less often than the app: their own cacheable chunk.
      output: {
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ }],
        },
      },
    },
  },
  // Monaco's workers (GraphiQL's editors) are ES modules.
  worker: { format: 'es' },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
