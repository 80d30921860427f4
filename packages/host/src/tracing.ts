/**
 * OpenTelemetry traces of one process (`@orderflow/host/tracing`): the Node SDK with the
 * instrumentations of the libraries Orderflow talks through — node:http, fastify
 * (`@fastify/otel`), graphql, pg, ioredis, kafkajs — configured by the standard `OTEL_*`
 * variables, and turned on only when an exporter is configured. Import and start it before
 * anything loads those libraries (the instrumentations hook `require`): `orderflow serve` does
 * so first thing. Off, nothing is loaded or registered, and Orderflow's own spans
 * (`@orderflow/core`'s tracing) stay one boolean check.
 */
import { createRequire } from 'node:module';
import { setTracing } from '@orderflow/core';
import { context, propagation, trace } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/** Environment variables of the tracing setup (the standard ones; the SDK reads the rest). */
type TracingEnv = Readonly<Record<string, string | undefined>>;

/**
 * True when `env` configures a trace exporter: `OTEL_TRACES_EXPORTER` set to anything but
 * `none` (`otlp`, `console`, `zipkin`), or an OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, for which the SDK's default exporter is OTLP); false
 * with `OTEL_SDK_DISABLED=true` (the specification's switch). Without one, tracing stays off:
 * the SDK's own default (OTLP to localhost:4318) would send spans nowhere on most machines.
 */
export function tracingConfigured(env: TracingEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
  if (exporters.length > 0) return !exporters.every((e) => e === 'none');
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/** Options of {@link startTracing}. */
export interface TracingOptions {
  /** Default `process.env`. */
  readonly env?: TracingEnv;
  /**
   * Span processors to use instead of the exporter the environment names (tests pass a
   * `SimpleSpanProcessor` over an `InMemorySpanExporter`); tracing then starts whatever the
   * environment says.
   */
  readonly spanProcessors?: readonly SpanProcessor[];
}

/** Running tracing. */
export interface Tracing {
  /** Names of the instrumentations registered (`@opentelemetry/instrumentation-http`, …). */
  readonly instrumentations: readonly string[];
  /** Flushes the spans still buffered and turns tracing off (instrumentations disabled). */
  stop(): Promise<void>;
}

let running: Tracing | null = null;

/** Health, readiness and scrapes: too frequent and too dull to trace. */
const PROBE = /^\/(health|ready|metrics)(\?|$)/;

/**
 * Starts tracing when {@link tracingConfigured} (or `spanProcessors` are given): the Node SDK
 * (`@opentelemetry/sdk-node`: exporter, sampler, propagators and resource from `OTEL_*`;
 * service name `orderflow` unless `OTEL_SERVICE_NAME` says otherwise; traces only, no OTLP
 * metrics or logs), the instrumentations
 * above — pg and ioredis only inside a trace (`requireParentSpan`), so the subscriptions'
 * polling makes no spans; probes and scrapes untraced — and Orderflow's own spans. Idempotent:
 * a second call returns the running tracing.
 * @returns null when tracing is off (nothing was loaded).
 */
export async function startTracing(options: TracingOptions = {}): Promise<Tracing | null> {
  if (running) return running;
  const env = options.env ?? process.env;
  if (!options.spanProcessors && !tracingConfigured(env)) return null;
  const [{ NodeSDK }, instrumentations] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    loadInstrumentations(),
  ]);
  const sdk = new NodeSDK({
    ...(env.OTEL_SERVICE_NAME ? {} : { serviceName: 'orderflow' }),
    ...(options.spanProcessors ? { spanProcessors: [...options.spanProcessors] } : {}),
    // Traces only: metrics are Prometheus' (GET /metrics) and logs pino's. Without these the
    // SDK would also push metrics and logs over OTLP, by default to localhost:4318.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations,
  });
  sdk.start();
  // node:http is patched when it is next required: make that now, so that servers made by a
  // fastify loaded before this call (tests) are traced too.
  createRequire(import.meta.url)('node:http');
  setTracing(true);
  const tracing: Tracing = {
    instrumentations: instrumentations.map((i) => i.instrumentationName),
    async stop() {
      if (running !== tracing) return;
      running = null;
      setTracing(false);
      for (const instrumentation of instrumentations) instrumentation.disable();
      await sdk.shutdown();
      // Unregister the SDK's globals, so that a later start in this process (tests) can.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  running = tracing;
  return tracing;
}

/** Stops the running tracing, if any ({@link Tracing.stop}): flushes its spans. */
export async function stopTracing(): Promise<void> {
  await running?.stop();
}

async function loadInstrumentations(): Promise<Instrumentation[]> {
  const [http, fastify, graphql, pg, ioredis, kafkajs] = await Promise.all([
    import('@opentelemetry/instrumentation-http'),
    import('@fastify/otel'),
    import('@opentelemetry/instrumentation-graphql'),
    import('@opentelemetry/instrumentation-pg'),
    import('@opentelemetry/instrumentation-ioredis'),
    import('@opentelemetry/instrumentation-kafkajs'),
  ]);
  return [
    new http.HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => PROBE.test(request.url ?? ''),
    }),
    // A fastify plugin registered on each app as it is made (diagnostics channel): a span per
    // request and its route handler; none per lifecycle hook (about ten a request).
    new fastify.FastifyOtelInstrumentation({
      registerOnInitialization: true,
      instrumentHooks: false,
      ignorePaths: ({ url }) => PROBE.test(url),
    }) as unknown as Instrumentation,
    // Parse, validate and execute spans; none per resolved field (hundreds per query).
    new graphql.GraphQLInstrumentation({ ignoreResolveSpans: true }),
    new pg.PgInstrumentation({ requireParentSpan: true }),
    new ioredis.IORedisInstrumentation({ requireParentSpan: true }),
    new kafkajs.KafkaJsInstrumentation(),
  ];
}
