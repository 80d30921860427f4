import * as assert from 'node:assert/strict';
import { activeTraceContext, toNewEvents, tracingOn } from '@orderflow/core';
import { suite } from 'uvu';
import { startTracing, tracingConfigured } from './tracing.ts';

const test = suite('tracing configuration');

test('tracing is on only when an exporter or an OTLP endpoint is configured', () => {
  assert.equal(tracingConfigured({}), false);
  assert.equal(
    tracingConfigured({ OTEL_SERVICE_NAME: 'orderflow', OTEL_TRACES_SAMPLER: 'always_on' }),
    false,
  );
  assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none' }), false);
  assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: ' ' }), false);
  assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: 'console' }), true);
  assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: 'none,otlp' }), true);
  assert.equal(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }), true);
  assert.equal(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' }), true);
  assert.equal(tracingConfigured({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' }), false);
});

test('with no OTEL configuration nothing is registered and events carry no trace context', async () => {
  // The API keeps what the SDK registers (tracer provider, context manager, propagator) here.
  const globals = () =>
    (globalThis as Record<symbol, Record<string, unknown> | undefined>)[Symbol.for('opentelemetry.js.api.1')];
  assert.equal(await startTracing({ env: {} }), null);
  assert.equal(tracingOn(), false);
  for (const api of ['trace', 'context', 'propagation']) assert.equal(globals()?.[api], undefined, api);
  assert.equal(activeTraceContext(), undefined);
  const [event] = toNewEvents([{ type: 'Happened', data: {} }], { commandId: 'c-1', correlationId: 'o-1' });
  assert.deepEqual(event!.metadata, { correlationId: 'o-1', causationId: 'c-1' });
});

test.run();
