import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

/**
 * Traces across the event log. The W3C trace context (`traceparent`, `tracestate`, as the
 * registered propagator writes them) of the span active when a command runs is stored in its
 * events' metadata; whoever handles such an event — the process manager, the payment step, a
 * projector, the Kafka relay — continues the trace from there with {@link startEventSpan}, and
 * the commands it sends carry the context on. Kafka messages carry it in their headers.
 *
 * Everything here is a no-op until the host turns tracing on ({@link setTracing}, done by
 * `@orderflow/host/tracing` when an OTEL exporter is configured): off, each entry point is one
 * boolean check and allocates nothing.
 */

let enabled = false;

/** Turns span making and context propagation on or off (the host's tracing start and stop). */
export function setTracing(on: boolean): void {
  enabled = on;
}

/** True while tracing is on: callers skip building span names and closures when it is not. */
export const tracingOn = (): boolean => enabled;

const TRACER = 'orderflow';

/**
 * Reads a carrier that is either event metadata (string values) or Kafka headers (Buffer,
 * string, or an array of them).
 */
const carrierGetter: TextMapGetter<Readonly<Record<string, unknown>>> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const value = carrier[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(String);
    return String(value);
  },
};

/**
 * The trace context of the active span as metadata fields (`{ traceparent, tracestate? }`);
 * undefined when tracing is off or no span is active, so that `...activeTraceContext()` adds
 * nothing then.
 */
export function activeTraceContext(): Record<string, string> | undefined {
  if (!enabled || !trace.getActiveSpan()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent === undefined ? undefined : carrier;
}

/** The trace id of the active span (for log lines), or undefined (tracing off, no span). */
export function activeTraceId(): string | undefined {
  if (!enabled) return undefined;
  const span = trace.getActiveSpan();
  return span?.isRecording() ? span.spanContext().traceId : undefined;
}

/** True when `carrier` (event metadata, Kafka headers) has a `traceparent`. */
export const hasTraceContext = (carrier: Readonly<Record<string, unknown>> | undefined): boolean =>
  carrier !== undefined && carrier.traceparent !== undefined && carrier.traceparent !== null;

/** A started span and the context it is active in; see {@link startEventSpan}. */
export interface TraceScope {
  /** Runs `fn` with the span active: commands it sends put the span's context in their events. */
  run<T>(fn: () => T): T;
  /** Writes the span's trace context into `carrier` (Kafka headers, metadata). */
  inject(carrier: Record<string, string>): void;
  /** Ends the span; with an error it is recorded and the span's status set to ERROR. */
  end(error?: unknown): void;
}

/** Kinds of span this codebase makes (OpenTelemetry's `SpanKind`). */
export type TraceSpanKind = 'internal' | 'consumer' | 'producer';
const KINDS = { internal: SpanKind.INTERNAL, consumer: SpanKind.CONSUMER, producer: SpanKind.PRODUCER };

/** Options of {@link startEventSpan}. */
export interface EventSpanOptions {
  readonly kind?: TraceSpanKind;
  readonly attributes?: Attributes;
  /** Start time (epoch ms); default now. */
  readonly startTime?: number;
}

/**
 * Starts a span `name` whose parent is the trace context in `carrier` (an event's metadata or a
 * Kafka message's headers); without one in the carrier, the active context's span (none: a new
 * trace). Returns null when tracing is off — callers then run their work as they would.
 */
export function startEventSpan(
  name: string,
  carrier: Readonly<Record<string, unknown>> | undefined,
  options: EventSpanOptions = {},
): TraceScope | null {
  if (!enabled) return null;
  const parent = hasTraceContext(carrier)
    ? propagation.extract(ROOT_CONTEXT, carrier!, carrierGetter)
    : context.active();
  const span = trace.getTracer(TRACER).startSpan(
    name,
    {
      kind: KINDS[options.kind ?? 'internal'],
      attributes: options.attributes,
      startTime: options.startTime,
    },
    parent,
  );
  return scopeOf(span, trace.setSpan(parent, span));
}

function scopeOf(span: Span, active: Context): TraceScope {
  return {
    run: (fn) => context.with(active, fn),
    inject: (carrier) => propagation.inject(active, carrier),
    end(error) {
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
      }
      span.end();
    },
  };
}

/**
 * Runs `work` in a span continued from `carrier` ({@link startEventSpan}), ending it when `work`
 * settles; with tracing off, just `work()`.
 */
export async function inEventSpan<T>(
  name: string,
  carrier: Readonly<Record<string, unknown>> | undefined,
  options: EventSpanOptions,
  work: () => Promise<T>,
): Promise<T> {
  const scope = startEventSpan(name, carrier, options);
  if (!scope) return work();
  try {
    const result = await scope.run(work);
    scope.end();
    return result;
  } catch (error) {
    scope.end(error);
    throw error;
  }
}

/**
 * Runs `work` with tracing suppressed: instrumentations make no spans for it and inject no
 * context (the Kafka relay uses it so that kafkajs' instrumentation keeps the per-event
 * `traceparent` headers instead of writing its own batch's).
 */
export function withoutTracing<T>(work: () => T): T {
  return enabled ? context.with(suppressTracing(context.active()), work) : work();
}

/**
 * One span per traced event of a batch (`<name> <event type>`, kind consumer, parented to the
 * event's context), all ended together with {@link TraceScope.end}: how a projector shows in
 * each order's trace while it applies events in batches. Null when tracing is off or no event
 * of the batch carries a trace context.
 */
export function startBatchSpans(
  name: string,
  events: readonly { readonly type: string; readonly id: string; readonly metadata: object }[],
): Pick<TraceScope, 'end'> | null {
  if (!enabled) return null;
  const scopes: TraceScope[] = [];
  for (const event of events) {
    const metadata = event.metadata as Readonly<Record<string, unknown>>;
    if (!hasTraceContext(metadata)) continue;
    scopes.push(
      startEventSpan(`${name} ${event.type}`, metadata, {
        kind: 'consumer',
        attributes: { 'orderflow.event.id': event.id, 'orderflow.batch.size': events.length },
      })!,
    );
  }
  return scopes.length === 0 ? null : { end: (error) => scopes.forEach((s) => s.end(error)) };
}
