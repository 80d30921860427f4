import type { FastifyInstance } from 'fastify';
import { Kind, type DocumentNode } from 'graphql';
import { outcomeCode, type Metrics } from './metrics.ts';

/**
 * The `operation` label of a document: its first operation's root fields, sorted and joined with
 * `,` (e.g. `placeOrder`, `order,orders`). Root fields are the schema's (the document passed
 * validation), so the label set is bounded, unlike client-chosen operation names.
 */
export function operationLabel(document: DocumentNode): { operation: string; type: string } {
  const definition = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!definition || definition.kind !== Kind.OPERATION_DEFINITION)
    return { operation: 'unknown', type: 'unknown' };
  const fields = new Set<string>();
  for (const selection of definition.selectionSet.selections)
    if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
    else fields.add('fragment');
  const names = [...fields].sort();
  return {
    operation: (names.length > 4 ? [...names.slice(0, 4), '…'] : names).join(',') || 'none',
    type: definition.operation,
  };
}

/**
 * Counts and times every executed GraphQL query and mutation of `app` (mercurius hooks
 * `preExecution` and `onResolution`): `orderflow_graphql_operations_total` and
 * `orderflow_graphql_operation_duration_seconds` by operation and outcome code (the first
 * error's `extensions.code`, else OK). Documents refused before execution (parse, validation,
 * limits) are not counted here.
 */
export function measureGraphql(app: FastifyInstance, metrics: Metrics): void {
  const started = new WeakMap<object, { operation: string; type: string; start: bigint }>();
  app.graphql.addHook('preExecution', async (_schema, document, context) => {
    started.set(context, { ...operationLabel(document), start: process.hrtime.bigint() });
  });
  app.graphql.addHook('onResolution', async (execution, context) => {
    const entry = started.get(context);
    if (!entry) return;
    started.delete(context);
    const first = execution.errors?.[0];
    const code = first ? outcomeCode(first.extensions ?? first.originalError ?? {}) : 'OK';
    metrics.graphqlOperations.inc({ operation: entry.operation, type: entry.type, code });
    metrics.graphqlDuration.observe(
      { operation: entry.operation, code },
      Number(process.hrtime.bigint() - entry.start) / 1e9,
    );
  });
}

/** Serves `GET /metrics` of `app`: the registry in the Prometheus text format. */
export function serveMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.get('/metrics', async (_request, reply) => {
    const body = await metrics.registry.metrics();
    return reply.header('content-type', metrics.registry.contentType).send(body);
  });
}
