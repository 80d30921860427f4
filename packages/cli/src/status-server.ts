import { readinessOf, serveMetrics, type Host } from '@orderflow/host';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The HTTP server of a process without the api role (e.g. `--role saga`): only `/health` (the
 * process is alive), `/ready` (its roles, 503 once one has not been running for `graceMs`),
 * for the orchestrator's probes, and `/metrics` (Prometheus text) for the scraper.
 */
export function statusServer(host: Host, graceMs: number): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/ready', async (_request, reply) => {
    const report = readinessOf(host.status(), graceMs);
    return reply
      .code(report.ready ? 200 : 503)
      .send({ status: report.ready ? 'ready' : 'not ready', roles: report.roles });
  });
  serveMetrics(app, host.infra.metrics);
  return app;
}
