/* eslint-disable no-console -- command output for the operator (stdout/stderr), not runtime logs */
import { validationFailed } from '@orderflow/core';
import type { EventStore } from '@orderflow/eventstore';
import {
  listDeliveries,
  listEndpoints,
  registerEndpoint,
  removeEndpoint,
  replayDelivery,
  replayFrom,
  WEBHOOK_HEADERS,
} from '@orderflow/webhooks';
import type { Knex } from 'knex';
import { parsePosition } from './projections.ts';
import { colourStatus, renderTable, styleFor } from './human-output.ts';
import type { Print } from './sagas.ts';

/**
 * `orderflow webhooks register --url U [--events T,…] [--secret S]`: registers an endpoint and
 * prints its id and secret (the secret only now). It gets the alerts recorded from now on.
 * @throws OrderflowError VALIDATION_FAILED for a bad url, event type or secret.
 */
export async function registerWebhookCommand(
  db: Knex,
  options: { url: string; events?: string; secret?: string },
  print: Print = console.log,
): Promise<void> {
  const eventTypes = options.events
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const endpoint = await registerEndpoint(db, { url: options.url, eventTypes, secret: options.secret });
  print(`endpoint ${endpoint.id}: ${endpoint.url} (${endpoint.eventTypes.join(', ')})`);
  print(`secret: ${endpoint.secret}`);
  print(
    `Verify each request: ${WEBHOOK_HEADERS.signature} = "sha256=" + hex HMAC-SHA256(secret, ` +
      `${WEBHOOK_HEADERS.timestamp} + "." + raw body). The secret is shown only now.`,
  );
}

/** `orderflow webhooks list`: a table of every endpoint's id, creation, event types and url. */
export async function listWebhooksCommand(db: Knex, print: Print = console.log): Promise<void> {
  const endpoints = await listEndpoints(db);
  renderTable(
    ['id', 'created', 'events', 'url'],
    endpoints.map((e) => [e.id, e.createdAt.toISOString(), e.eventTypes.join(','), e.url]),
    styleFor(print),
  ).forEach((line) => print(line));
  print(`${endpoints.length} endpoints`);
}

/**
 * `orderflow webhooks remove ID`: removes an endpoint and its delivery log.
 * @throws OrderflowError NOT_FOUND for an unknown id.
 */
export async function removeWebhookCommand(db: Knex, id: string, print: Print = console.log): Promise<void> {
  await removeEndpoint(db, id);
  print(`endpoint ${id} removed`);
}

/**
 * `orderflow webhooks replay (--from POSITION [--endpoint ID] | --delivery ID)`: sends alerts
 * again — every alert after POSITION to each endpoint that takes it (or one endpoint), or one
 * delivery. Replayed deliveries carry the same idempotency key as before.
 * @throws OrderflowError VALIDATION_FAILED without exactly one of --from and --delivery, or for
 *   a bad position; NOT_FOUND for an unknown delivery or endpoint.
 */
export async function replayWebhooksCommand(
  db: Knex,
  store: EventStore,
  options: { from?: string; delivery?: string; endpoint?: string },
  print: Print = console.log,
): Promise<void> {
  if ((options.from === undefined) === (options.delivery === undefined))
    throw validationFailed('give exactly one of --from POSITION and --delivery ID', { field: 'from' });
  if (options.delivery !== undefined) {
    await replayDelivery(db, options.delivery);
    print(`delivery ${options.delivery} queued again`);
    return;
  }
  const queued = await replayFrom(db, store, parsePosition(options.from!), options.endpoint);
  print(`${queued} deliveries queued (alerts after position ${options.from})`);
}

/** `orderflow webhooks deliveries [--status S] [--endpoint ID] [--limit N]`: the delivery log as a table, newest first. */
export async function deliveriesCommand(
  db: Knex,
  options: { status?: string; endpoint?: string; limit?: number },
  print: Print = console.log,
): Promise<void> {
  const rows = await listDeliveries(db, {
    status: options.status,
    endpointId: options.endpoint,
    limit: options.limit,
  });
  const style = styleFor(print);
  renderTable(
    ['id', 'status', 'attempts', 'http', 'when', 'position', 'event', 'url', 'last error'],
    rows.map((d) => [
      d.id,
      colourStatus(d.status, style),
      d.attempts,
      d.lastStatusCode ?? '-',
      d.deliveredAt ? `delivered ${d.deliveredAt.toISOString()}` : `next ${d.nextAttemptAt.toISOString()}`,
      String(d.position),
      d.eventType,
      d.url,
      d.lastError ?? '',
    ]),
    style,
  ).forEach((line) => print(line));
  print(`${rows.length} deliveries`);
}
