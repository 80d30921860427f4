import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, print } from 'graphql';
import * as dashboard from '../../../dashboard/web/api/queries.ts';
import * as eventBrowser from '../../../dashboard/web/api/event-queries.ts';

/** A GraphQL operation a legitimate client of this repository sends, with its variables. */
export interface LegitOperation {
  readonly name: string;
  readonly query: string;
  readonly variables: Record<string, unknown>;
}

const README = fileURLToPath(new URL('../../../../README.md', import.meta.url));

/** Every operation of the README's ```graphql blocks, one per entry (blocks hold several). */
export function readmeOperations(): LegitOperation[] {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block, b) =>
    parse(block).definitions.map((definition, d) => ({
      name: `README block ${b + 1}, operation ${d + 1}`,
      query: print(definition),
      variables: {},
    })),
  );
}

/**
 * The saga dashboard's operations (packages/dashboard/web/api/queries.ts, and the Streams page's
 * in event-queries.ts) with the largest variables it sends or the API accepts (a 500-saga page,
 * a week of hourly buckets, 500 events).
 */
export function dashboardOperations(): LegitOperation[] {
  const id = 'order-fulfillment:00000000-0000-0000-0000-000000000000';
  return [
    {
      name: 'dashboard SAGAS',
      query: dashboard.SAGAS,
      variables: { first: 500, status: 'PARKED', stuck: 60 },
    },
    { name: 'dashboard STATS', query: dashboard.STATS, variables: {} },
    {
      name: 'dashboard THROUGHPUT',
      query: dashboard.THROUGHPUT,
      variables: { bucketSeconds: 3600, buckets: 168 },
    },
    { name: 'dashboard SAGA', query: dashboard.SAGA, variables: { id } },
    {
      name: 'dashboard ORDER',
      query: dashboard.ORDER,
      variables: { id: '00000000-0000-0000-0000-000000000000' },
    },
    { name: 'dashboard PROBE', query: dashboard.PROBE, variables: {} },
    // The Streams page, with the largest page the API accepts.
    { name: 'dashboard STREAM', query: eventBrowser.STREAM, variables: { name: 'order-1', limit: 500 } },
    {
      name: 'dashboard EVENTS',
      query: eventBrowser.EVENTS,
      variables: { limit: 500, types: ['OrderCreated'], orderId: 'o-1', correlationId: 'o-1' },
    },
    ...Object.entries(dashboard.ACTION_MUTATIONS).map(([action, query]) => ({
      name: `dashboard ${action}`,
      query,
      variables: { id, reason: 'test' },
    })),
  ];
}

/** The dashboard's live-update subscription. */
export const DASHBOARD_SUBSCRIPTION = dashboard.SAGA_UPDATED;
