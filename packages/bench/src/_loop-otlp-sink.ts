/**
 * A stand-in OpenTelemetry collector for `pnpm bench loop --tracing`: an HTTP server on
 * 127.0.0.1 that takes OTLP/HTTP trace exports (`POST /v1/traces`, protobuf or JSON), counts
 * them and their bytes, and answers 200 with an empty body — a valid, empty
 * ExportTraceServiceResponse (OTLP specification, "OTLP/HTTP Response"). The server under test
 * thus really serialises and sends every span, as it would to a collector, and nothing is kept.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running sink. */
export interface OtlpSink {
  /** `http://127.0.0.1:<port>/v1/traces`, for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  readonly endpoint: string;
  /** Export requests received, and their body bytes, so far. */
  stats(): { requests: number; bytes: number };
  close(): Promise<void>;
}

/** Starts the sink on a free port of 127.0.0.1. */
export async function startOtlpSink(): Promise<OtlpSink> {
  let requests = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === '/v1/traces') requests++;
      response.writeHead(request.method === 'POST' ? 200 : 404, {
        'content-type': request.headers['content-type'] ?? 'application/x-protobuf',
      });
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/v1/traces`,
    stats: () => ({ requests, bytes }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The server's environment for tracing on: every span exported over OTLP/HTTP (protobuf, the
 * SDK's default protocol and batch span processor) to `endpoint`, all sampled.
 */
export const tracingEnv = (endpoint: string): Record<string, string> => ({
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
  OTEL_TRACES_SAMPLER: 'always_on',
});
